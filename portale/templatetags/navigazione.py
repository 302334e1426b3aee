from django import template

from portale import navigazione

register = template.Library()


@register.inclusion_tag("portale/_menu_principale.html", takes_context=True)
def menu_principale(context):
    """The main menu of the header (areas, dropdowns, active area): see portale.navigazione."""
    request = context["request"]
    utente = getattr(request, "user", None)
    membership = getattr(request, "membership", None)
    return {
        "aree": navigazione.menu(
            autenticato=bool(utente and utente.is_authenticated),
            ruolo=membership.ruolo if membership else None,
            resolver_match=getattr(request, "resolver_match", None),
        ),
        "notifiche_non_lette": context.get("notifiche_non_lette"),
        "STATIC_SPRITES": context.get("STATIC_SPRITES"),
    }
