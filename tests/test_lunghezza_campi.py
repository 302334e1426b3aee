"""Every form text field that writes a model column is at most as long as the column.

PostgreSQL refuses a value longer than a varchar column with a server error (SQLite stores
it): a form field without `max_length` turned 256 characters of «amministrazione di
appartenenza» into a 500. The test walks every form class of every `forms.py`/`forms_*.py`
of the project: a ModelForm maps its fields to `Meta.model`; a plain form must be listed in
`MODELLI_DEI_FORM` (the models its data is written to) or in `SENZA_COLONNE` (it only filters,
or writes TextFields / JSON) — a new form with text fields must be classified here.
"""

import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.db import models

APP_DEL_PROGETTO = ("accounts", "portale", "fabbisogno", "procedure", "candidature",
                    "graduatorie", "incarichi", "strumenti", "assistenza")

# Plain forms (and ModelForms with extra fields) → the models their text fields write.
MODELLI_DEI_FORM = {
    "incarichi.forms.AffidamentoForm": ("incarichi.Incarico", "accounts.User"),
    "incarichi.forms.OreForm": ("incarichi.OreSvolte",),
    "incarichi.forms.IbanForm": ("incarichi.Incarico",),
    "portale.forms.AssegnaRuoloForm": ("accounts.User",),
    "assistenza.forms.ApriTicketForm": ("assistenza.Ticket",),
    "procedure.forms.SezioneForm": ("procedure.SezioneModulo",),
    "strumenti.forms.CaricaStrumentoForm": ("strumenti.VersioneStrumento",),
    "strumenti.forms.NuovaVersioneForm": ("strumenti.VersioneStrumento",),
    "candidature.forms_istanze.NotificaForm": ("portale.Notifica",),
    "graduatorie.forms.PropostaForm": ("graduatorie.Proposta",),
}
# Plain forms whose text goes to no varchar column, with the reason.
SENZA_COLONNE = {
    "assistenza.forms.FiltriMonitoraggioForm": "filtri dell'elenco (solo lettura)",
    "assistenza.forms.FiltriCodaForm": "filtri della coda (solo lettura)",
    "assistenza.forms.RispostaForm": "Messaggio.testo è un TextField",
    "assistenza.forms.MessaggioForm": "Messaggio.testo è un TextField",
    "assistenza.forms.NotaInternaForm": "Messaggio.testo è un TextField",
    "assistenza.forms.RiapriForm": "messaggio (TextField) ed evento (troncato a 500)",
    "assistenza.forms.CambiaStatoForm": "messaggio (TextField) ed evento (troncato a 500)",
    "incarichi.forms.ProrogaForm": "nel registro eventi, troncato a 500",
    "incarichi.forms.RevocaForm": "nel registro eventi, troncato a 500",
    "procedure.forms.MotivazioneForm": "nel registro eventi, troncato a 500",
    "procedure.forms.MotivazioneFacoltativaForm": "nel registro eventi, troncato a 500",
    "graduatorie.forms.EscludiForm": "Valutazione.motivazione è un TextField",
    "graduatorie.forms.CorrezioneForm": "Correzione: nota TextField, valore in JSON",
    "graduatorie.forms.CategoriaForm": "Correzione: nota TextField, categoria una scelta fra "
                                       "valori fissi",
    "graduatorie.forms.ReclamoForm": "Reclamo.testo è un TextField",
    "graduatorie.forms.RispostaReclamoForm": "Reclamo.risposta TextField, valore in JSON",
    "graduatorie.forms.AnnullaAccettazioneForm": "Proposta.motivazione è un TextField, il motivo "
                                                  "una scelta fra valori fissi",
    "strumenti.forms.FiltriStrumentiForm": "filtri dell'elenco (solo lettura)",
    "candidature.forms_istanze.FiltriIstanzeForm": "filtri dell'elenco (solo lettura)",
    "candidature.forms_istanze.RichiestaIntegrazioneForm": "RichiestaIntegrazione.messaggio "
                                                           "è un TextField",
    "candidature.forms_istanze.RispostaIntegrazioneForm": "RichiestaIntegrazione.risposta è "
                                                          "un TextField",
    "candidature.forms_istanze.ChiudiIstruttoriaForm": "RichiestaIntegrazione.nota_chiusura "
                                                       "è un TextField; evento troncato a 500",
}


def moduli_dei_form():
    for app in APP_DEL_PROGETTO:
        cartella = Path(apps.get_app_config(app).path)
        for file in sorted([*cartella.glob("forms.py"), *cartella.glob("forms_*.py")]):
            yield importlib.import_module(f"{app}.{file.stem}")


def classi_dei_form():
    for modulo in moduli_dei_form():
        for _nome, classe in inspect.getmembers(modulo, inspect.isclass):
            if issubclass(classe, forms.BaseForm) and classe.__module__ == modulo.__name__:
                yield f"{modulo.__name__}.{classe.__name__}", classe


def colonne(modelli) -> dict[str, int]:
    """{field name: max_length} of the varchar columns of the models."""
    limiti = {}
    for modello in modelli:
        for campo in modello._meta.concrete_fields:
            if isinstance(campo, models.CharField) and campo.max_length:
                limiti.setdefault(campo.name, campo.max_length)
                limiti[campo.name] = min(limiti[campo.name], campo.max_length)
    return limiti


def troppo_lunghi(nome, campi, modelli) -> list[str]:
    limiti = colonne(modelli)
    problemi = []
    for nome_campo, campo in campi.items():
        limite = limiti.get(nome_campo) if isinstance(campo, forms.CharField) else None
        # a field that normalises what is typed says how long the value it saves can be
        massimo = getattr(campo, "lunghezza_salvata", getattr(campo, "max_length", None))
        if limite and (massimo is None or massimo > limite):
            problemi.append(f"{nome}.{nome_campo}: max_length={campo.max_length}, la colonna "
                            f"ne ammette {limite}")
    return problemi


def test_ogni_campo_di_testo_rispetta_la_sua_colonna(capsys):
    problemi, non_classificati, contati = [], [], 0
    for nome, classe in classi_dei_form():
        modelli = [apps.get_model(m) for m in MODELLI_DEI_FORM.get(nome, ())]
        meta = getattr(classe, "_meta", None)
        if getattr(meta, "model", None) is not None:
            modelli.insert(0, meta.model)
        testi = {n: c for n, c in classe.base_fields.items() if isinstance(c, forms.CharField)}
        if not modelli:
            if testi and nome not in SENZA_COLONNE:
                non_classificati.append(f"{nome} ({', '.join(testi)})")
            continue
        contati += len(testi)
        problemi += troppo_lunghi(nome, classe.base_fields, modelli)
    with capsys.disabled():
        print(f"\nLunghezze: {contati} campi di testo di form che scrivono colonne controllati")
    assert contati > 30
    assert not non_classificati, (
        "Form con campi di testo non classificati: aggiungili a MODELLI_DEI_FORM o "
        "SENZA_COLONNE in tests/test_lunghezza_campi.py:\n  " + "\n  ".join(non_classificati))
    assert not problemi, "Campi senza il limite della colonna:\n  " + "\n  ".join(problemi)


def test_le_classi_elencate_esistono():
    nomi = {nome for nome, _ in classi_dei_form()}
    assert not (set(MODELLI_DEI_FORM) | set(SENZA_COLONNE)) - nomi


@pytest.mark.django_db
def test_il_modulo_del_candidato_rispetta_le_colonne(crea_procedura_completa):
    """The candidate's form is built per procedure (procedure.modulo + candidature.forms)."""
    from candidature.forms import modulo
    from candidature.models import Candidatura

    form = modulo(crea_procedura_completa(ammette_altre_pa=True))  # the field is asked
    assert not troppo_lunghi("candidature.forms.modulo", form.fields, [Candidatura])
    assert form.fields["amministrazione_appartenenza"].max_length == 255


@pytest.mark.django_db
def test_amministrazione_di_256_caratteri_e_un_errore_del_modulo(client, crea_procedura_completa,
                                                                 porta_a, candidato):
    """The finding: 256 characters saved with «Salva» were a 500 on PostgreSQL."""
    from django.urls import reverse

    from candidature.models import Candidatura

    procedura = porta_a(crea_procedura_completa(ammette_altre_pa=True), "aperta")
    client.force_login(candidato)
    url = reverse("candidature:presenta", kwargs={"pk": procedura.pk})
    risposta = client.post(url, {"categoria": "altra_pa", "amministrazione_appartenenza": "A" * 256,
                                 "azione": "salva"})
    assert risposta.status_code == 200
    assert "amministrazione_appartenenza" in risposta.context["form"].errors
    assert not Candidatura.objects.filter(
        amministrazione_appartenenza__startswith="AAAA").exists()
