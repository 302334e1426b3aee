"""Every date picker of every form is given its value in ISO format (`2026-12-01`,
`2026-12-01T18:00`), the only one `<input type="date">` and `datetime-local` read: with
Django's localized format («01/12/2026 18:00:00») a prefilled field — the opening date proposed
by «Programma apertura», a saved date of a draft — shows empty and a save sends it empty."""

import importlib
import inspect
import re
from datetime import date, datetime
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils import timezone

ISO = {"date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
       "datetime-local": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")}


def _moduli_del_progetto():
    for percorso in sorted(Path(settings.BASE_DIR).glob("*/forms*.py")):
        yield importlib.import_module(f"{percorso.parent.name}.{percorso.stem}")


def _widget_di_date():
    """(form class, field name, widget) for every date widget declared in the project's forms."""
    for modulo in _moduli_del_progetto():
        for _, classe in inspect.getmembers(modulo, inspect.isclass):
            if not issubclass(classe, forms.BaseForm) or classe.__module__ != modulo.__name__:
                continue
            for nome, campo in classe.base_fields.items():
                tipo = getattr(campo.widget, "input_type", None)
                if tipo in ISO:
                    yield classe, nome, campo.widget


def test_ogni_selettore_di_date_riceve_il_valore_in_iso():
    trovati = list(_widget_di_date())
    nomi = {f"{classe.__name__}.{nome}" for classe, nome, _ in trovati}
    # the ones this test was written for are among those it checks
    assert {"PubblicazioneForm.data_apertura", "ProgrammaAperturaForm.data_apertura",
            "AssegnaRuoloForm.valido_dal", "RichiestaIntegrazioneForm.scadenza"} <= nomi
    giorno = date(2026, 12, 1)
    istante = timezone.make_aware(datetime(2026, 12, 1, 18, 0))
    for classe, nome, widget in trovati:
        valore = istante if widget.input_type == "datetime-local" else giorno
        mostrato = widget.format_value(valore)
        assert ISO[widget.input_type].match(mostrato or ""), (classe.__name__, nome, mostrato)


def test_il_campo_data_del_modulo_di_candidatura_riceve_iso():
    """The avviso's own date questions (built per procedure, not declared in a class)."""
    from procedure.models import CampoModulo, TipoCampo
    from procedure.modulo import _campo_per

    campo = _campo_per(CampoModulo(etichetta="Data di nascita del progetto", tipo=TipoCampo.DATA))
    assert campo.widget.format_value(date(2026, 12, 1)) == "2026-12-01"
