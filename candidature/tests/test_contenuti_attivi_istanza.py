"""Issue #15 (Sicurezza): a CV with JavaScript is recorded on the attachment at upload and
staff see a badge beside it in the application's page (Gestione istanze, valutazione)."""

import io

from django.urls import reverse
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from .istanze_fixtures import chiudi, invia


def _pdf_con_javascript() -> bytes:
    scrittore = PdfWriter()
    scrittore.add_blank_page(width=595, height=842)
    scrittore.add_open_action(JavaScript("app.alert('ciao');"))
    uscita = io.BytesIO()
    scrittore.write(uscita)
    return uscita.getvalue()


def test_badge_javascript_nel_dettaglio_dell_istanza(procedura_aperta, persone, client, ds,
                                                     segreteria):
    con_js = invia(persone["alessia"], procedura_aperta, cv=_pdf_con_javascript())
    pulita = invia(persone["marco"], procedura_aperta, categoria="interno")
    assert con_js.allegati.get().contenuti_attivi == ["javascript"]
    assert pulita.allegati.get().contenuti_attivi == []
    procedura = chiudi(procedura_aperta)
    client.force_login(segreteria)
    pagina = client.get(reverse("candidature:istanza", args=[procedura.pk, con_js.pk]))
    assert "Contiene JavaScript" in pagina.content.decode()
    pagina = client.get(reverse("candidature:istanza", args=[procedura.pk, pulita.pk]))
    assert "Contiene JavaScript" not in pagina.content.decode()
    client.force_login(ds)
    pagina = client.get(reverse("graduatorie:istanza", args=[procedura.pk, con_js.pk]))
    assert pagina.status_code == 200 and "Contiene JavaScript" in pagina.content.decode()
