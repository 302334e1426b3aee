"""`{% load campi %}{{ campo|campo_modulo }}`: a form field as Bootstrap Italia shows it (label,
control, errors, help), the same markup as crispy-forms' `as_crispy_field` with the bootstrap5
pack, built in Python.

Why not crispy on these pages: its `bootstrap5/field.html` evaluates some forty template
conditions and three includes for every field, and the candidate's form steps render dozens of
fields at the deadline peak (issue 19: «Titoli valutabili» spent ~12 ms in it). The kinds of
control these pages use (text, e-mail, number, date, textarea, select, checkbox, file) are
built here; any other widget (radio buttons, multiple checkboxes, composite widgets) goes to
crispy, so nothing renders differently (candidature/tests/test_campi.py compares both).
"""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

# inputs (text, e-mail, number, date, checkbox, file…), single selects and textareas; radio
# buttons, multiple checkboxes and composite widgets are none of these
_SEMPLICI = (forms.widgets.Input, forms.Select, forms.Textarea)


@register.filter
def campo_modulo(campo: forms.BoundField) -> str:
    widget = campo.field.widget
    if campo.is_hidden:
        return str(campo)
    if isinstance(widget, forms.SelectMultiple) or not isinstance(widget, _SEMPLICI):
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(campo)
    # a draft saves with empty fields: those «Invia» will ask for are marked all the same
    obbligatorio = campo.field.required or getattr(campo.field, "da_inviare", False)
    asterisco = mark_safe('<span class="asteriskField">*</span>') if obbligatorio else ""
    richiesto = " requiredField" if obbligatorio else ""
    invalido = " is-invalid" if campo.errors else ""
    classi_campo = f" {campo.css_classes()}".rstrip()
    coda = format_html("{}{}", _errori(campo), _aiuto(campo))
    if isinstance(widget, forms.CheckboxInput):
        controllo = campo.as_widget(attrs={"class": _classe(widget, "form-check-input" + invalido)})
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check{}">{}'
            '<label for="{}" class="form-check-label{}">{}{}</label>{}</div></div>',
            campo.auto_id, classi_campo, controllo,
            campo.id_for_label, richiesto, campo.label, asterisco, coda)
    if isinstance(widget, forms.FileInput):
        # crispy builds the file input by hand with only "form-control"; the widget's own
        # template gives the same attributes
        classe = " ".join(c for c in (widget.attrs.get("class", ""), "form-control") if c)
        controllo = format_html('<div{}>{}{}</div>', mark_safe(' class="is-invalid"') if invalido
                                else "", campo.as_widget(attrs={"class": classe + invalido}), coda)
    else:
        bootstrap = "form-select" if isinstance(widget, forms.Select) else "form-control"
        controllo = format_html("{}{}", campo.as_widget(
            attrs={"class": _classe(widget, bootstrap + invalido)}), coda)
    etichetta = format_html('<label for="{}" class="form-label{}">{}{}</label>',
                            campo.id_for_label, richiesto, campo.label,
                            asterisco) if campo.label else ""
    return format_html('<div id="div_{}" class="mb-3{}">{}{}</div>', campo.auto_id,
                       classi_campo, etichetta, controllo)


def _classe(widget, bootstrap: str) -> str:
    """The widget's own classes, its kind as crispy names it ("textinput", "select"…), then
    Bootstrap's."""
    propria = widget.attrs.get("class", "")
    tipo = widget.__class__.__name__.lower()
    if tipo not in propria:
        propria = f"{propria} {tipo}".strip()
    return f"{propria} {bootstrap}"


def _errori(campo) -> str:
    if not campo.errors:
        return ""
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>', campo.auto_id,
        format_html_join("", '<p id="error_{}_{}"><strong>{}</strong></p>',
                         ((n, campo.auto_id, errore) for n, errore in enumerate(campo.errors, 1))))


def _aiuto(campo) -> str:
    if not campo.help_text:
        return ""
    # as crispy and Django's own field templates: help texts are trusted markup, escaped
    # where they are built from what a user typed (candidature/tests/test_aiuto_escapato.py)
    return format_html('<div id="{}_helptext" class="form-text">{}</div>', campo.auto_id,
                       mark_safe(campo.help_text))  # noqa: S308
