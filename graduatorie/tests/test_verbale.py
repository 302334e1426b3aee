"""The commission's verbale: what it says (each commissario's mark and the mean, corrections
with their notes, the ranking the scores give), who may download it and when, its queries."""

import io

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from graduatorie import services, verbale
from graduatorie.models import Graduatoria
from portale.models import Notifica

from .test_flusso import _criterio, _valuta_tutto


def _testo(risposta) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(
        io.BytesIO(risposta.content)).pages).split())


@pytest.fixture
def corretta(in_valutazione, dsga, referente):
    """Evaluated by two commissari, one declared value corrected, not concluded yet."""
    s = in_valutazione
    services.correggi_valore(autore=dsga, candidatura=s.sara,
                             criterio=_criterio(s.procedura, "Laurea vecchio"),
                             valore={"voto": 104, "lode": False}, nota="Certificato: 104/110")
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (8, 7), s.sara: (6, 6),
                                                 s.marco: (9, 9)})
    return s


def test_il_verbale_dice_i_punteggi_di_ciascun_commissario_e_la_graduatoria(corretta, ds,
                                                                           client_di):
    s = corretta
    url = reverse("graduatorie:verbale", args=[s.procedura.pk])
    # before the conclusion the scores still move: no verbale, the reason said
    risposta = client_di(ds).get(url, follow=True)
    assert risposta.redirect_chain == [(reverse("graduatorie:valutazione", args=[s.procedura.pk]),
                                        302)]
    assert "quando la valutazione è conclusa" in risposta.content.decode()

    services.concludi_valutazione(autore=ds, membership=ds.memberships.get(),
                                  procedura=s.procedura)
    # each commissario is told that the verbale is ready to sign, and where
    avvisi = Notifica.objects.filter(oggetto__startswith="Valutazione conclusa")
    assert sorted(n.destinatario.cognome for n in avvisi) == ["Blu", "Verdi"]
    assert all("Il verbale della commissione, da firmare" in n.testo
               and n.url == reverse("graduatorie:valutazione", args=[s.procedura.pk])
               for n in avvisi)
    pagina = client_di(ds).get(reverse("graduatorie:valutazione", args=[s.procedura.pk]))
    assert url in pagina.content.decode()  # the link, in «Valutazione conclusa»
    pagina = client_di(ds).get(reverse("graduatorie:graduatoria", args=[s.procedura.pk]))
    assert url in pagina.content.decode()  # and beside the ranking the DS approves
    risposta = client_di(ds).get(url)
    assert risposta.status_code == 200 and risposta["Content-Type"] == "application/pdf"
    assert risposta["Content-Disposition"].startswith("attachment;")
    assert risposta["Cache-Control"] == "private, no-store"
    testo = _testo(risposta)
    assert "Verbale della commissione di valutazione" in testo
    assert "3 istanze esaminate: 3 ammesse, 0 escluse." in testo
    # every commissario's mark, in the order of their names, and the mean (seed 004)
    assert ("il punteggio è la media dei punteggi dei commissari, arrotondata al centesimo "
            "(0,005 per eccesso)") in " ".join(testo.split())
    assert "Gianni Blu 7,00 · Lucia Verdi 8,00 – media 7,50" in testo
    assert "Gianni Blu 9,00 · Lucia Verdi 9,00 – media 9,00" in testo
    assert "da «110/110» a «104/110» – Certificato: 104/110 (Lucia Verdi" in testo
    # the signatures: each commissario, then the DS's approval
    chiusura = testo[testo.index("Letto, confermato e sottoscritto."):]
    assert "Gianni Blu" in chiusura and "Lucia Verdi" in chiusura
    assert "Visto, si approva. La Dirigente Scolastica Maria Rossi" in chiusura


def test_le_parole_delle_tabelle_del_verbale_restano_intere(corretta, ds, client_di):
    """With a long category beside them, the table's columns shrank until «Protocollo» and
    «Ammessa» broke in the middle («Protocol/lo», «Ammess/a»)."""
    from candidature.models import Candidatura
    from procedure.models import Categoria

    s = corretta
    Candidatura.objects.filter(procedura=s.procedura).update(categoria=Categoria.ALTRA_SCUOLA)
    services.concludi_valutazione(autore=ds, membership=ds.memberships.get(),
                                  procedura=s.procedura)
    testo = _testo(client_di(ds).get(reverse("graduatorie:verbale", args=[s.procedura.pk])))
    assert "(collaborazioni plurime)" in testo and "Protocollo" in testo and "Ammessa" in testo
    assert "Protocol lo" not in testo and "Ammess a" not in testo


def test_i_totali_del_verbale_sono_quelli_della_graduatoria(corretta, ds, dsga):
    s = corretta
    europea = _criterio(s.procedura, "Esperienza di progettazione europea")
    services.correggi_valore(autore=dsga, candidatura=s.alessia, criterio=europea,
                             valore=services.valore_da_testo(europea, "2,5"),
                             nota="Un progetto durato metà anno")
    services.concludi_valutazione(autore=ds, membership=ds.memberships.get(),
                                  procedura=s.procedura)
    v = verbale.verbale(s.procedura)
    righe = [r for sezione in Graduatoria.objects.get(procedura=s.procedura).righe["sezioni"]
             for r in sezione["righe"]]
    # the same applications, in the ranking's order, each with the total the ranking shows
    assert ([(sc.istanza.candidatura, f"{sc.totale:.2f}") for sc in v.schede]
            == [(r["candidatura"], r["punteggio"]) for r in righe])
    assert [u.cognome for u in v.firmatari] == ["Blu", "Verdi"]
    # a fraction of a unit, as the commission typed it
    (_, _, dopo), = next(sc for sc in v.schede if sc.istanza.candidatura == s.alessia.pk).correzioni
    assert dopo == "2,5 esperienze"
    voce = next(vo for sc in v.schede if sc.istanza.candidatura == s.alessia.pk
                for vo in sc.voci if vo.criterio == europea)
    assert voce.valore == "2,5 esperienze" and voce.punti == 5


def test_chi_scarica_il_verbale(corretta, ds, dsga, referente, segreteria, ds_altro, persone,
                                crea_persona, client):
    s = corretta
    services.concludi_valutazione(autore=ds, membership=ds.memberships.get(),
                                  procedura=s.procedura)
    url = reverse("graduatorie:verbale", args=[s.procedura.pk])
    risposta = client.get(url)
    assert risposta.status_code == 302 and "/accounts/login/" in risposta["Location"]
    # staff of the istituto and the commissari (the referente is one)
    for persona in (ds, dsga, segreteria, referente):
        client.force_login(persona)
        assert client.get(url).status_code == 200, persona
    # another school's DS, a candidate of this procedure, a stranger: as for a missing one
    estraneo = crea_persona("VRDGLI91M50H501O", nome="Giulia", cognome="Verdi")
    for persona in (ds_altro, persone["alessia"], estraneo):
        client.force_login(persona)
        assert client.get(url).status_code == 404, persona


def _query_del_verbale(procedura) -> int:
    with CaptureQueriesContext(connection) as query:
        render_to_string("pdf/graduatorie/verbale.html",
                         {"v": verbale.verbale(procedura), "dirigente": None})
    return len(query.captured_queries)


def test_le_query_del_verbale_non_dipendono_dalle_istanze(in_valutazione, ds, dsga, referente):
    """Corrections of values and categories on every application, the ranking generated:
    the same queries as without them."""
    s = in_valutazione
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (8, 7), s.sara: (6, 6),
                                                 s.marco: (9, 9)})
    prima = _query_del_verbale(s.procedura)
    assert prima <= 12
    europea = _criterio(s.procedura, "Esperienza di progettazione europea")
    for candidatura in (s.alessia, s.marco, s.sara):
        services.correggi_valore(autore=dsga, candidatura=candidatura, criterio=europea,
                                 valore=1, nota="Un solo progetto documentato")
    services.correggi_categoria(autore=referente, candidatura=s.marco, categoria="privato",
                                nota="Non è in servizio nell'istituto")
    services.concludi_valutazione(autore=ds, membership=ds.memberships.get(),
                                  procedura=s.procedura)
    v = verbale.verbale(s.procedura)
    assert len(v.correzioni_categoria) == 1 and all(sc.correzioni for sc in v.schede)
    assert _query_del_verbale(s.procedura) == prima


def test_la_regola_di_parita_e_scritta_nei_pdf_accanto_ai_pari_merito(corretta, ds):
    """The web pages say, under two equal totals, why one precedes the other; the ranking's
    PDF and the verbale listed them without a word."""
    from graduatorie import pdf

    s = corretta
    versione = services.concludi_valutazione(autore=ds, membership=ds.memberships.get(),
                                             procedura=s.procedura)
    regola = f"A parità di punteggio {s.procedura.regola_parita}, come stabilito dall'avviso."

    def testo(contenuto: bytes) -> str:
        return " ".join(" ".join(p.extract_text() for p in PdfReader(
            io.BytesIO(contenuto)).pages).split())

    assert regola not in testo(pdf.genera(versione))  # no tie, no sentence
    # a second row with the same total, in memory only: the snapshot is sealed
    righe = versione.righe["sezioni"][0]["righe"]
    righe.append(dict(righe[0], posizione=2, cognome="Pari", nome="Merito"))
    assert regola in testo(pdf.genera(versione))
    v = verbale.verbale(s.procedura)
    v.versione.righe["sezioni"][0]["righe"].append(dict(righe[0], posizione=2, cognome="Pari"))
    assert regola in testo(pdf.verbale(v))


def test_prima_di_concludere_il_dirigente_vede_la_graduatoria_che_ne_risulta(corretta, ds,
                                                                             client_di):
    """The conclusion fixes the scores; the confirmation said only «3 istanze ammesse» and the
    ranking appeared after, when nothing could be changed any more."""
    s = corretta
    url = reverse("graduatorie:concludi", args=[s.procedura.pk])
    pagina = client_di(ds).get(url).content.decode()
    assert "La graduatoria che ne risulta" in pagina
    anteprima = pagina[pagina.index("La graduatoria che ne risulta"):]
    # Alessia: 18 for the degree + mean(8, 7) = 25,50, as the ranking will say
    assert "Ferrari Alessia" in anteprima and "25,50" in anteprima
    assert not Graduatoria.objects.filter(procedura=s.procedura).exists()  # nothing written
