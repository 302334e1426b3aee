from django import template

register = template.Library()


@register.simple_tag
def dividi(eventi, quanti: int):
    """The latest `quanti` events and the earlier ones, from one evaluation of the list (two
    slices of a queryset would be two queries)."""
    eventi = list(eventi)
    return eventi[:quanti], eventi[quanti:]
