"""Issue 19: the candidate's form steps render their fields with `campo_modulo`
(portale/templatetags/campi.py), built in Python, instead of crispy-forms' bootstrap5 templates.
Same markup, field by field (tags, attributes, classes, ids, texts, in the same order), for
every kind of field the application form has, empty and with errors: what the browser tests,
axe and the visual sweep checked with crispy holds."""

from html.parser import HTMLParser

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from candidature import passi
from portale.documenti import CampoDocumento
from portale.templatetags.campi import campo_modulo
from procedure import services as procedure_services
from procedure.models import TipoCampo
from procedure.modulo import Elementi


class _Albero(HTMLParser):
    """Tags with their attributes (classes as a set, attribute order ignored) and the
    non-blank texts, in document order."""

    def __init__(self):
        super().__init__()
        self.eventi = []

    def handle_starttag(self, tag, attrs):
        attributi = sorted((k, " ".join(sorted((v or "").split())) if k == "class" else v)
                           for k, v in attrs)
        self.eventi.append(("<", tag, tuple(attributi)))

    def handle_endtag(self, tag):
        self.eventi.append((">", tag))

    def handle_data(self, data):
        if data.strip():
            self.eventi.append(("testo", " ".join(data.split())))


def _albero(html) -> list:
    lettore = _Albero()
    lettore.feed(str(html))
    return lettore.eventi


def _stesso_markup(campo):
    nostro = campo_modulo(campo)  # first: crispy adds its classes to the widget's attrs
    if getattr(campo.field, "da_inviare", False):
        # asked for by «Invia» but optional in a draft: marked as crispy marks a required
        # field, without the browser's `required` (a draft must save with it empty)
        campo.field.required = True
        atteso = _albero(as_crispy_field(campo))
        campo.field.required = False
        atteso = [(e[0], e[1], tuple(a for a in e[2] if a[0] != "required")) if e[0] == "<"
                  else e for e in atteso]
        assert ("<", "span", (("class", "asteriskField"),)) in atteso, campo.name
    else:
        atteso = _albero(as_crispy_field(campo))
    assert _albero(nostro) == atteso, campo.name
    return nostro


class _Ogni(forms.Form):
    testo = forms.CharField(label="Testo <b>", max_length=10, help_text="Aiuto &amp; <i>x</i>")
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    numero = forms.DecimalField(label="Numero")
    data = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    scelta = forms.ChoiceField(choices=[("", "—"), ("a", "A")])
    conferma = forms.BooleanField(label="Dichiaro", help_text="Spunta")
    email = forms.EmailField(required=False)
    documento = CampoDocumento(label="Documento", tipi=("pdf",))
    documenti = CampoDocumento(label="Documenti", tipi=("pdf", "p7m"), multiplo=True,
                               required=False)
    nascosto = forms.CharField(widget=forms.HiddenInput, required=False)
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


@pytest.mark.parametrize("dati", [None, {"testo": "x" * 20, "numero": "abc", "scelta": "zz",
                                         "email": "non-una-email", "radio": "c"}])
def test_ogni_tipo_di_campo_come_crispy(dati):
    form = _Ogni(dati, {}) if dati is not None else _Ogni()
    if dati is not None:
        assert not form.is_valid()
        assert {"testo", "numero", "scelta", "conferma", "documento", "radio"} <= set(form.errors)
    for campo in form:
        html = _stesso_markup(campo)
        if campo.name in form.errors:
            assert 'aria-invalid="true"' in html and f'id="{campo.auto_id}_error"' in html


@pytest.fixture
def procedura_con_ogni_campo(crea_procedura_completa, ds):
    procedura = crea_procedura_completa()
    kw = {"autore": ds, "membership": ds.memberships.get(), "procedura": procedura}
    for tipo in TipoCampo:
        procedure_services.aggiungi_campo(
            **kw, etichetta=f"Domanda {tipo.label}", tipo=tipo, aiuto=f"Aiuto per {tipo.label}",
            opzioni=["Mattina", "Pomeriggio"] if tipo == TipoCampo.SCELTA else None)
    procedura.refresh_from_db()
    return procedura


@pytest.mark.django_db
def test_i_campi_di_ogni_passo_della_domanda_come_crispy(procedura_con_ogni_campo):
    procedura = procedura_con_ogni_campo
    elementi = Elementi.di(procedura)
    sbagliati = {"email": "x", "telefono": "1" * 40, "categoria": "nessuna"}
    for nome in passi.nomi("categoria", elementi) + passi.nomi("titoli", elementi):
        if nome.startswith("campo_") or nome.startswith("criterio_"):
            sbagliati[nome] = "x" * 6000
    visti = set()
    for passo in passi.PASSI[:-1]:
        for dati in (None, sbagliati):
            form = passi.modulo_del_passo(procedura, None, passo.slug, elementi,
                                          dati, {} if dati is not None else None)
            if dati is not None:
                form.is_valid()
            for campo in form:
                _stesso_markup(campo)
                visti.add(type(campo.field.widget))
    # every kind of control the application form has was compared, with and without errors
    assert {forms.TextInput, forms.EmailInput, forms.Textarea,
            forms.DateInput, forms.Select, forms.CheckboxInput, forms.ClearableFileInput} <= visti
