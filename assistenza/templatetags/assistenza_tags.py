from django import template

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
        return f"{giorni} g {ore} h"
    if ore:
        return f"{ore} h {minuti} min"
    return f"{minuti} min"


@register.inclusion_tag("assistenza/_stato.html")
def stato_ticket(ticket):
    return {"etichetta": ticket.get_stato_display(), "classe": COLORI_STATO.get(ticket.stato, "")}
