"""The portal's form renderer (settings.FORM_RENDERER): Django's own, with the templates of
the common widgets written in Python.

Why: the candidate's form steps render dozens of controls on every request of the deadline
peak, and each control through Django's template engine (input.html including attrs.html, a
select including select_option.html for every option) cost more than the rest of the field
(issue 19). Here the same templates are functions that give the same string, character for
character (portale/tests/test_renderer.py compares them with Django's for every kind of
widget and value); any other template — forms, fields, radio buttons, composite widgets, a
template an app overrides — goes to Django's engine as before.
"""

from functools import cached_property
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

_WIDGET = "django/forms/widgets/"
_DJANGO = Path(django.forms.__file__).parent / "templates"
# the templates that are only {% include "django/forms/widgets/input.html" %}
_INPUT = {f"{_WIDGET}{nome}.html" for nome in (
    "input", "text", "email", "number", "date", "datetime", "time", "url", "tel", "password",
    "hidden", "checkbox", "file", "search", "color")}
_CONTESTO = Context()  # autoescape, default localization: what a widget template renders in


def _variabile(valore) -> str:
    """{{ valore }}"""
    return render_value_in_context(valore, _CONTESTO)


def _formato(valore) -> str:
    """{{ valore|stringformat:'s' }}"""
    testo = str(valore)  # what "%s" gives
    return testo if isinstance(valore, SafeData) else escape(testo)


def _attributi(attrs: dict) -> str:
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {conditional_escape(nome)}" if valore is True else f' {conditional_escape(nome)}="{_formato(valore)}"'
        for nome, valore in attrs.items() if valore is not False)


def _input(widget: dict) -> str:
    valore = "" if widget["value"] is None else f' value="{_formato(widget["value"])}"'
    return (f'<input type="{_variabile(widget["type"])}" name="{_variabile(widget["name"])}"'
            f"{valore}{_attributi(widget['attrs'])}>")


def _textarea(widget: dict) -> str:
    return (f'<textarea name="{_variabile(widget["name"])}"{_attributi(widget["attrs"])}>\n'
            f'{_variabile(widget["value"]) if widget["value"] else ""}</textarea>')


def _select(widget: dict) -> str | None:
    parti = [f'<select name="{_variabile(widget["name"])}"{_attributi(widget["attrs"])}>']
    for gruppo, opzioni, _ in widget["optgroups"]:
        if gruppo:
            parti.append(f'\n  <optgroup label="{_variabile(gruppo)}">')
        for opzione in opzioni:
            if opzione["template_name"] != f"{_WIDGET}select_option.html":
                return None
            parti.append(f'\n  <option value="{_formato(opzione["value"])}"'
                         f'{_attributi(opzione["attrs"])}>{_variabile(opzione["label"])}</option>\n')
        if gruppo:
            parti.append("\n  </optgroup>")
    parti.append("\n</select>")
    return "".join(parti)


_IN_PYTHON = {f"{_WIDGET}textarea.html": _textarea, f"{_WIDGET}select.html": _select}


class Renderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        funzione = _IN_PYTHON.get(template_name) or (_input if template_name in _INPUT else None)
        if funzione is not None and self._templates_di_django:
            html = funzione(context["widget"])
            if html is not None:
                return mark_safe(html)  # noqa: S308 - every value escaped above, as the template does
        return super().render(template_name, context, request=request)

    @cached_property
    def _templates_di_django(self) -> bool:
        """The templates written above are Django's own, none put in their place by an app:
        otherwise every widget is rendered by the engine."""
        nomi = (*_INPUT, *_IN_PYTHON, f"{_WIDGET}attrs.html", f"{_WIDGET}select_option.html")
        return all(Path(self.get_template(nome).origin.name).is_relative_to(_DJANGO)
                   for nome in nomi)
