"""Issue 19: the portal's form renderer (portale/renderer.py) writes the common widgets'
templates in Python. Its output must be Django's, character for character, for every kind of
widget and every kind of value a form gives it; anything else goes to Django's engine."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from portale.renderer import Renderer

STRANO = 'a<b>&"c\' d'
ATTRIBUTI = {"class": "form-control x", "required": True, "disabled": False, "maxlength": 10,
             "data-x": STRANO, "aria-describedby": "id_x_helptext", "step": Decimal("0.5")}

WIDGET = {
    "testo": forms.TextInput(attrs=ATTRIBUTI),
    "email": forms.EmailInput(),
    "numero": forms.NumberInput(attrs={"step": "any", "min": 0}),
    "data": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "data e ora": forms.DateTimeInput(),
    "ora": forms.TimeInput(),
    "url": forms.URLInput(),
    "telefono": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    "password": forms.PasswordInput(render_value=True),
    "nascosto": forms.HiddenInput(),
    "ricerca": forms.SearchInput(),
    "colore": forms.ColorInput(),
    "casella": forms.CheckboxInput(attrs={"class": "form-check-input"}),
    "file": forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
    "area": forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    "elenco": forms.Select(choices=[("", "—"), ("a", "A <b>"), (1, 2)]),
    "elenco con gruppi": forms.Select(choices=[
        ("", "Scegli"), ("Gruppo & co", [("x", "X"), ("y", gettext_lazy("Sì"))]),
        (Decimal("1.5"), Decimal("1.5")), ("z", mark_safe("<i>Z</i>"))]),
    "elenco multiplo": forms.SelectMultiple(choices=[("a", "A"), ("b", "B")]),
    "sì/no": forms.NullBooleanSelect(),
}

VALORI = [None, "", "testo", STRANO, mark_safe("<b>sicuro</b>"), 0, 12, Decimal("1234.50"),
          True, False, datetime.date(2026, 11, 30), datetime.datetime(2026, 11, 30, 18, 5),
          ["a", "b"], "a", "x", 1, gettext_lazy("Sì")]


@pytest.mark.parametrize("nome", WIDGET)
def test_ogni_widget_come_lo_rende_django(nome):
    widget, nostro, django = WIDGET[nome], Renderer(), DjangoTemplates()
    for valore in VALORI:
        for attrs in (None, {"id": "id_x", "aria-invalid": "true", "autofocus": True}):
            try:
                atteso = widget.render("campo_1", valore, attrs=attrs, renderer=django)
            except TypeError:  # a value this widget cannot show (a list to a yes/no select)
                continue
            assert widget.render("campo_1", valore, attrs=attrs, renderer=nostro) == atteso, (
                nome, valore, attrs)


def test_i_campi_di_un_form_nelle_due_lingue_del_rendering():
    """A bound form with errors, rendered whole (form, fields and widgets) by each renderer."""

    class Modulo(forms.Form):
        nome = forms.CharField(max_length=5, help_text="Aiuto")
        importo = forms.DecimalField(localize=True)
        quando = forms.DateField()
        scelta = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
        varie = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")],
                                          widget=forms.CheckboxSelectMultiple, required=False)
        note = forms.CharField(widget=forms.Textarea, required=False)
        accetto = forms.BooleanField()
        documento = forms.FileField(required=False)
        documento_sostituibile = forms.FileField(required=False, widget=forms.ClearableFileInput)
        data_ora = forms.SplitDateTimeField(required=False)

    dati = {"nome": "troppo lungo", "importo": "1.234,50", "quando": "ieri", "scelta": "c",
            "note": "riga 1\nriga <2>", "data_ora_0": "2026-11-30"}
    nostro = Modulo(dati, renderer=Renderer())
    django = Modulo(dati, renderer=DjangoTemplates())
    assert str(nostro) == str(django)
    assert 'value="troppo lungo"' in str(nostro)  # a form that renders its controls


def test_il_portale_usa_questo_renderer():
    assert settings.FORM_RENDERER == "portale.renderer.Renderer"
    assert isinstance(forms.Form().renderer, Renderer)


def test_un_template_sostituito_da_un_app_e_reso_dal_motore(tmp_path, monkeypatch):
    """An app that puts its own input.html: the renderer uses it, not the Python copy."""
    cartella = tmp_path / "django" / "forms" / "widgets"
    cartella.mkdir(parents=True)
    (cartella / "input.html").write_text('<input class="mio" name="{{ widget.name }}">')
    renderer = Renderer()
    renderer.engine.engine.dirs = [str(tmp_path), *renderer.engine.engine.dirs]
    assert forms.TextInput().render("x", "1", renderer=renderer) == '<input class="mio" name="x">'
