"""The application form: the procedure's own form (procedure.modulo) plus contact data,
verified documents and an optional description and document per declared title."""

from functools import partial

from django import forms

from accounts.validators import valida_telefono
from portale.documenti import CampoDocumento
from portale.forms import EMAIL_NON_VALIDO, EMAIL_PERSONALE, INDIRIZZO_PERSONALE, PEC_NON_VALIDA
from portale.input_ostile import limita_alla_colonna
from procedure.models import TipoCriterio
from procedure.modulo import (
    AUTOCERTIFICAZIONI,
    Elementi,
    modulo_candidatura,
    nome_campo,
    testo_di_aiuto,
)

from .models import Candidatura
from .services import CONTATTI, tipi_ammessi


def modulo(procedura, candidatura: Candidatura | None = None, *args,
           elementi: Elementi | None = None, nomi=None, **kwargs) -> forms.Form:
    """Every field is optional while drafting: «Invia» checks completeness (one rule, in
    services.elementi_mancanti), so a partial draft can always be saved.

    `elementi`: the procedure's elements already read in this request; `nomi`: only these
    fields, in this order (a step of the form)."""
    elementi = elementi or Elementi.di(procedura)
    Base = modulo_candidatura(procedura, elementi, nomi)
    form = Base(*args, initial=valori_della_bozza(procedura, candidatura), **kwargs)
    aggiunti = {
        "email": lambda: forms.EmailField(label="E-mail per le comunicazioni", max_length=254,
                                          error_messages=EMAIL_NON_VALIDO,
                                          widget=forms.EmailInput(attrs=EMAIL_PERSONALE)),
        "pec": lambda: forms.EmailField(label="PEC", max_length=254,
                                        error_messages=PEC_NON_VALIDA),
        "telefono": lambda: forms.CharField(
            label="Telefono", max_length=30, validators=[valida_telefono],
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})),
        "indirizzo": lambda: forms.CharField(label="Indirizzo di residenza o domicilio",
                                             max_length=255,
                                             widget=forms.TextInput(attrs=INDIRIZZO_PERSONALE)),
    }
    for allegato in elementi.allegati:
        aggiunti[f"allegato_{allegato.pk}"] = partial(_campo_allegato, allegato)
    for criterio in elementi.criteri:
        if criterio.tipo in (TipoCriterio.MANUALE, TipoCriterio.REQUISITO):
            continue
        aggiunti[f"criterio_{criterio.pk}_descrizione"] = partial(
            forms.CharField, label=f"{criterio.descrizione}: descrizione (titoli, enti, date)",
            max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
        aggiunti[f"documento_criterio_{criterio.pk}"] = partial(
            CampoDocumento, label=f"{criterio.descrizione}: documento (facoltativo)",
            tipi=("pdf",))
    for nome, crea in aggiunti.items():
        if nomi is None or nome in nomi:
            form.fields[nome] = crea()
    if "amministrazione_appartenenza" in form.fields:
        # procedure.modulo builds this field without a limit: the column's, or PostgreSQL
        # refuses a longer value with a server error
        limita_alla_colonna(form.fields["amministrazione_appartenenza"],
                            Candidatura._meta.get_field("amministrazione_appartenenza"))
    if nomi is not None:
        form.fields = {nome: form.fields[nome] for nome in nomi if nome in form.fields}
    da_inviare = campi_da_inviare(elementi)
    for nome, campo in form.fields.items():
        campo.required = False
        campo.da_inviare = nome in da_inviare  # marked with * (portale/templatetags/campi.py)
        if campo.da_inviare:
            campo.widget.attrs["aria-required"] = "true"
    return form


def _campo_allegato(allegato) -> CampoDocumento:
    campo = CampoDocumento(
        label=allegato.nome + ("" if allegato.obbligatorio else " (facoltativo)"),
        tipi=tipi_ammessi(allegato))
    if allegato.descrizione:  # what the school asks of the document, before type and size
        campo.help_text = f"{testo_di_aiuto(allegato.descrizione)} – {campo.help_text}"
    return campo


def campi_da_inviare(elementi: Elementi) -> set[str]:
    """The fields «Invia» asks for, the rules of services.elementi_mancanti (the manager's
    or school's name, asked only for some categories, is said by that field's help)."""
    return {"categoria", "email", *AUTOCERTIFICAZIONI,
            *(nome_campo(c) for c in elementi.campi if c.obbligatorio),
            *(f"allegato_{a.pk}" for a in elementi.allegati if a.obbligatorio)}


def valori_della_bozza(procedura, candidatura: Candidatura | None) -> dict:
    if candidatura is None:
        return {}
    iniziali = {"categoria": candidatura.categoria,
                "amministrazione_appartenenza": candidatura.amministrazione_appartenenza,
                **{c: getattr(candidatura, c) for c in CONTATTI},
                **{nome: candidatura.autocertificazioni.get(nome, False)
                   for nome in AUTOCERTIFICAZIONI}}
    for chiave, valore in candidatura.risposte.items():
        iniziali[f"campo_{chiave}"] = valore
    for chiave, valore in candidatura.dichiarazioni.items():
        if chiave.endswith("_descrizione"):
            iniziali[f"criterio_{chiave}"] = valore
        elif isinstance(valore, dict):
            iniziali[f"criterio_{chiave}"] = valore.get("voto")
            iniziali[f"criterio_{chiave}_lode"] = valore.get("lode")
        else:
            iniziali[f"criterio_{chiave}"] = valore
    return iniziali


def separa_file(form) -> tuple[dict, dict]:
    """(cleaned data without files, {field: FileVerificato}) of the fields that validated."""
    dati, file = {}, {}
    for nome, valore in form.cleaned_data.items():
        if isinstance(form.fields[nome], CampoDocumento):
            if valore:
                file[nome] = valore
        else:
            dati[nome] = valore
    return dati, file
