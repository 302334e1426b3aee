from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()

COLORI_STATO = {
    "aperto": "bg-primary",
    "in_lavorazione": "bg-warning",
    "in_attesa": "bg-info",
    "risolto": "bg-success",
    "chiuso": "bg-secondary",
}


@register.filter
def durata(secondi):
    """Seconds as «2 g 3 h», «4 h 10 min», «25 min»; «—» when missing."""
    if secondi is None or secondi == "":
        return "—"
    minuti = int(round(float(secondi) / 60))
    giorni, minuti = divmod(minuti, 24 * 60)
    ore, minuti = divmod(minuti, 60)
    if giorni:
        return f"{giorni}\u00a0g {ore}\u00a0h"  # a number and its unit never split over two lines
    if ore:
        return f"{ore}\u00a0h {minuti}\u00a0min"
    return f"{minuti}\u00a0min"


@register.filter
def da_quanto(quando):
    """«3 ore fa», and «adesso» within the first minute (not «0 minuti fa»)."""
    if (timezone.now() - quando).total_seconds() < 60:
        return "adesso"
    return f"{timesince(quando)} fa"


@register.inclusion_tag("assistenza/_stato.html")
def stato_ticket(ticket):
    return {"etichetta": ticket.get_stato_display(), "classe": COLORI_STATO.get(ticket.stato, "")}
