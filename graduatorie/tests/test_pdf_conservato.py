"""Issue #15 (Sicurezza): the public PDF of a published ranking is rendered once and then
streamed from the storage; before, WeasyPrint ran at every anonymous request."""

import pytest
from django.urls import reverse

from graduatorie import pdf as pdf_graduatoria
from graduatorie import services
from graduatorie.models import SnapshotImmutabileError
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


def test_ogni_versione_pubblicata_e_un_atto_registrato_in_uscita(scenario, ds, dsga, referente,
                                                                  persone, client):
    """The published ranking is an act of the DS: it had neither protocol number nor signer.
    Each publication (provisional, rectified after a reclamo, definitive) is now registered in
    uscita, and the page and the PDF say by whom and with which number."""
    import io
    import re
    from datetime import timedelta

    from pypdf import PdfReader

    from graduatorie.models import Graduatoria
    from portale.models import Protocollo

    from .test_flusso import _criterio

    _pubblicata(scenario, ds, dsga, referente)
    prima = Graduatoria.objects.get(procedura=scenario.procedura)
    assert prima.pubblicata_da == ds and prima.protocollo.verso == Protocollo.Verso.USCITA
    assert prima.protocollo.object_id == str(prima.pk)
    segnatura = prima.protocollo.segnatura
    pagina = client.get(reverse("graduatorie:esito", args=[scenario.procedura.pk]))
    assert f"registrata con {segnatura}." in pagina.content.decode()
    contenuto = b"".join(client.get(reverse(
        "graduatorie:esito_pdf", args=[scenario.procedura.pk])).streaming_content)
    testo = re.sub(r"\s+", " ", " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(contenuto)).pages))
    assert segnatura in testo
    assert "La Dirigente Scolastica Maria Rossi" in testo  # agreed with who signs

    membership = ds.memberships.get()
    reclamo = services.presenta_reclamo(candidato=persone["sara"], candidatura=scenario.sara,
                                        testo="Il voto è 110 e lode.")
    laurea = _criterio(scenario.procedura, "Laurea vecchio")
    rettificata = services.accogli_reclamo(
        autore=ds, membership=membership, reclamo=reclamo, risposta="Verificato.",
        correzioni=[(laurea, services.valore_da_testo(laurea, "110", True))])
    definitiva = services.approva_definitiva(
        autore=ds, membership=membership, procedura=scenario.procedura,
        adesso=services.finestra_reclami(scenario.procedura) + timedelta(seconds=1))
    numeri = [v.protocollo.numero for v in (prima, rettificata, definitiva)]
    assert numeri == sorted(set(numeri)) and all(
        v.pubblicata_da == ds for v in (rettificata, definitiva))
    # a published version keeps its number: it is not registered again
    prima.protocollo = rettificata.protocollo
    with pytest.raises(SnapshotImmutabileError, match="già il suo protocollo"):
        prima.save(update_fields=["protocollo"])
