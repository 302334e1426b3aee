"""Issue #15 (Sicurezza): the public PDF of a published ranking is rendered once and then
streamed from the storage; before, WeasyPrint ran at every anonymous request."""

from django.urls import reverse

from graduatorie import pdf as pdf_graduatoria
from graduatorie import services
from procedure import services as procedure_services

from .test_flusso import _valuta_tutto


def _pubblicata(s, ds, dsga, referente):
    membership = ds.memberships.get()
    procedure_services.avvia_valutazione(autore=ds, membership=membership, procedura=s.procedura)
    for persona in (dsga, referente):
        services.nomina_commissario(autore=ds, membership=membership, procedura=s.procedura,
                                    persona=persona)
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (8, 7), s.sara: (6, 6),
                                                 s.marco: (9, 9)})
    services.concludi_valutazione(autore=ds, membership=membership, procedura=s.procedura)
    services.pubblica_graduatoria(autore=ds, membership=membership, procedura=s.procedura)


def test_il_pdf_pubblico_si_genera_una_volta(scenario, ds, dsga, referente, client,
                                             monkeypatch):
    _pubblicata(scenario, ds, dsga, referente)
    chiamate = []
    originale = pdf_graduatoria.genera_pdf

    def spia(*args, **kwargs):
        chiamate.append(args[0])
        return originale(*args, **kwargs)

    monkeypatch.setattr(pdf_graduatoria, "genera_pdf", spia)
    url = reverse("graduatorie:esito_pdf", args=[scenario.procedura.pk])
    prima = client.get(url)
    primo = b"".join(prima.streaming_content)
    assert prima.status_code == 200 and primo.startswith(b"%PDF")
    assert prima["Content-Type"] == "application/pdf"
    assert prima["X-Content-Type-Options"] == "nosniff"
    seconda = client.get(url)
    stessa_versione = client.get(reverse("graduatorie:esito_pdf_versione",
                                         args=[scenario.procedura.pk, 1]))
    assert b"".join(seconda.streaming_content) == primo
    assert b"".join(stessa_versione.streaming_content) == primo
    assert chiamate == ["pdf/graduatorie/graduatoria.html"]  # one render for three requests
