from django import template

from procedure.schede import schede_di

register = template.Library()


@register.simple_tag
def schede_procedura(procedura):
    """`{% schede_procedura procedura as schede %}`: the tabs other apps add (procedure.schede)."""
    return schede_di(procedura)
