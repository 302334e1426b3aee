"""`{% load formato %}`: numbers with Italian separators (`numero` 1.234,50 · `euro` 1.234,50 € ·
`punti` 27 or 38,50; see portale.formato, never for attributes) and agreement (`quantita`,
`desinenza`, `data_con` «dall'11/01/2027»; see portale.lingua)."""

import html

from django import template
from django.utils.dateformat import format as formatta_data
from django.utils.safestring import mark_safe

from portale import formato, lingua

register = template.Library()


@register.filter
def numero(valore, decimali=2):
    return formato.numero(valore, int(decimali))


@register.filter
def euro(valore):
    return formato.euro(valore)


@register.filter
def punti(valore):
    return formato.punti(valore)


@register.filter
def numero_ore(valore):
    return formato.numero_ore(valore)


@register.filter
def quantita(numero, singolare):
    """`{{ n|quantita:"allegato richiesto" }}`: "1 allegato richiesto", "2 allegati richiesti"."""
    return lingua.quantita(numero, singolare)


@register.filter
def frase(testo):
    """`{{ testo|frase }}`: a typed text as a sentence (portale.lingua.frase)."""
    return lingua.frase(testo)


@register.filter
def senza_punto(testo):
    """`Impegno: {{ testo|senza_punto }}.`: no double full stop (portale.lingua.senza_punto)."""
    return lingua.senza_punto(testo)


@register.filter
def a_chi(nome):
    """`{{ nome|a_chi }}`: «a Marco Esposito», «ad Alessia Ferrari» (portale.lingua.a_chi)."""
    return lingua.a_chi(nome)


@register.filter
def desinenza(persona, coppia="o,a"):
    """`nat{{ persona|desinenza }}`: "nato", "nata" (from the codice fiscale), else "nato/a"."""
    maschile, _, femminile = coppia.partition(",")
    return lingua.desinenza(persona, maschile, femminile)


@register.simple_tag
def data_con(preposizione, data, formato="d/m/Y"):
    """`{% data_con "dal" procedura.data_apertura "d/m/Y H:i" %}`: «dal 12/01/2027 10:00»,
    «dall'11/01/2027 10:00» (portale.lingua.con_articolo); a datetime in local time, as the
    `date` filter shows it; nothing when there is no date."""
    if not data:
        return ""
    testo = lingua.data_con(str(preposizione), data, formato, formatta=formatta_data)
    # the elided apostrophe stays an apostrophe (text, never an attribute value); <, > and &
    # of whatever was passed are escaped
    return mark_safe(html.escape(testo, quote=False))  # noqa: S308


@register.filter
def dimensione(byte):
    """The size of a file in Italian («609 byte», «1,5 MB»): Django's filesizeformat writes
    «609 bytes» and «1.5 MB» whatever the language."""
    from portale.documenti import descrivi_dimensione

    return descrivi_dimensione(int(byte or 0))
