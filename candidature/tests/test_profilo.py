"""Issue 17, part 4: «Il mio profilo» — entered once, prefilled into a new application,
saved back from one; a sent application never changes when the profile does."""

import re
from datetime import date
from html import unescape

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidature import precompila, services
from candidature.models import Candidatura, StatoCandidatura
from candidature.models_profilo import CurriculumProfilo, TipoVoce, VoceProfilo
from candidature.services import profilo as services_profilo
from portale.models import Evento
from portale.tests.campioni_documenti import caricato, pdf
from procedure.modulo import AUTOCERTIFICAZIONI

pytestmark = pytest.mark.django_db

LAUREA = {"livello": "laurea_magistrale", "titolo": "Laurea in Ingegneria informatica",
          "ente": "Politecnico di Milano", "conseguito_il": "2015-07-15", "voto": "110",
          "scala_voto": "110", "lode": "on"}


def _profilo_completo(persona):
    kw = {"persona": persona}
    services_profilo.aggiungi_voce(**kw, tipo=TipoVoce.TITOLO_STUDIO, dati={
        "livello": "laurea_magistrale", "titolo": "Laurea in Ingegneria informatica",
        "ente": "Politecnico di Milano", "conseguito_il": date(2015, 7, 15), "voto": 110,
        "scala_voto": 110, "lode": True})
    services_profilo.aggiungi_voce(**kw, tipo=TipoVoce.CERTIFICAZIONE, dati={
        "titolo": "Inglese B2", "ente": "Cambridge", "conseguito_il": date(2018, 5, 2)})
    for ente, dal, al in (("IC Manzoni", date(2016, 9, 1), date(2018, 8, 31)),
                          ("IC Verdi", date(2018, 1, 1), date(2019, 8, 31))):  # overlapping
        services_profilo.aggiungi_voce(**kw, tipo=TipoVoce.ESPERIENZA_SCOLASTICA, dati={
            "ente": ente, "ruolo": "Docente di tecnologia", "dal": dal, "al": al})
    services_profilo.aggiungi_voce(**kw, tipo=TipoVoce.ESPERIENZA_PROFESSIONALE, dati={
        "ente": "Comune di Milano", "ruolo": "Progettista europeo", "titolo": "Erasmus+",
        "dal": date(2020, 1, 1), "al": date(2020, 12, 31)})
    services_profilo.carica_curriculum(persona=persona,
                                       verificato=_verificato("cv.pdf", "CV del profilo"))


def _verificato(nome, testo):
    from portale.documenti import verifica_file
    return verifica_file(caricato(nome, pdf(testo)), tipi=("pdf",))


# --- the profile pages -------------------------------------------------------------------

def test_aggiungi_modifica_elimina_con_conferma(client, candidato):
    client.force_login(candidato)
    vuoto = client.get(reverse("candidature:profilo")).content.decode()
    assert "Nessun titolo di studio" in vuoto and "Nessun curriculum" in vuoto

    url = reverse("candidature:profilo_nuova_voce", args=["titoli-di-studio"])
    risposta = client.post(url, LAUREA)
    assert risposta.status_code == 302
    voce = VoceProfilo.objects.get(persona=candidato)
    assert (voce.voto, voce.scala_voto, voce.lode) == (110, 110, True)
    assert Evento.objects.filter(azione="profilo.voce_aggiunta", autore=candidato).exists()
    assert "110/110 e lode" in client.get(reverse("candidature:profilo")).content.decode()

    modifica = reverse("candidature:profilo_voce", args=[voce.pk])
    client.post(modifica, LAUREA | {"voto": "108", "lode": ""})
    voce.refresh_from_db()
    assert (voce.voto, voce.lode) == (108, False)

    elimina = reverse("candidature:profilo_elimina_voce", args=[voce.pk])
    conferma = client.get(elimina).content.decode()
    assert "Eliminare dal profilo?" in conferma and "Laurea in Ingegneria informatica" in conferma
    assert VoceProfilo.objects.filter(pk=voce.pk).exists()  # GET only asks
    client.post(elimina)
    assert not VoceProfilo.objects.filter(pk=voce.pk).exists()


@pytest.mark.parametrize("dati, messaggio", [
    ({"voto": "108", "lode": "on"}, "La lode si dichiara solo con 110."),
    ({"voto": "120"}, "Il voto è un numero da 66 a 110."),
    ({"voto": "65"}, "Il voto è un numero da 66 a 110."),
    ({"voto": "centodieci"}, "Scrivi il voto in cifre, senza virgola (ad esempio 105)."),
    ({"voto": "107,5"}, "Scrivi il voto in cifre, senza virgola (ad esempio 105)."),
    ({"voto": "100", "scala_voto": "100", "lode": "on"}, None),  # the top of the scale: ok
    ({"voto": "60", "scala_voto": "100", "lode": ""}, None),  # every mark of the scale is accepted
    ({"titolo": "T" * 301}, "300 caratteri"),
    ({"conseguito_il": "2999-01-01"}, "La data non può essere nel futuro."),
    ({"conseguito_il": "non-una-data"}, "Inserisci una data valida."),
])
def test_errori_in_italiano_mai_un_500_e_il_dato_resta(client, candidato, dati, messaggio):
    client.force_login(candidato)
    url = reverse("candidature:profilo_nuova_voce", args=["titoli-di-studio"])
    risposta = client.post(url, LAUREA | dati)
    if messaggio is None:
        assert risposta.status_code == 302
        return
    pagina = risposta.content.decode()
    assert risposta.status_code == 200 and messaggio in pagina.replace("&#x27;", "'")
    assert 'value="Politecnico di Milano"' in pagina  # what was typed stays
    assert not VoceProfilo.objects.exists()


def test_voto_scritto_male_con_la_lode_un_solo_messaggio(client, candidato):
    """«105,5» with «Con lode» said «Scrivi il voto in cifre…» and then «Con la lode indica anche
    il voto.», though a mark was typed: the lode is judged once the mark is readable."""
    client.force_login(candidato)
    url = reverse("candidature:profilo_nuova_voce", args=["titoli-di-studio"])
    pagina = client.post(url, LAUREA | {"voto": "105,5", "lode": "on"}).content.decode()
    assert "Scrivi il voto in cifre, senza virgola (ad esempio 105)." in pagina
    assert "Con la lode indica anche il voto." not in pagina


def test_esperienza_date_in_ordine_e_sezione_sconosciuta(client, candidato):
    client.force_login(candidato)
    url = reverse("candidature:profilo_nuova_voce", args=["esperienze-scolastiche"])
    pagina = client.post(url, {"ente": "IC Manzoni", "ruolo": "Tutor", "dal": "2020-09-01",
                               "al": "2019-01-01"}).content.decode()
    assert "La data di fine viene prima di quella di inizio." in pagina
    assert "obbligatorio" in client.post(url, {"ente": "IC Manzoni"}).content.decode()
    assert client.get(reverse("candidature:profilo_sezione", args=["non-esiste"])).status_code == 404
    assert client.get(reverse("candidature:profilo_sezione", args=["pubblicazioni"]),
                      {"pagina": "x"}).status_code == 400


def test_contatti_e_pec_sul_profilo(client, candidato):
    client.force_login(candidato)
    url = reverse("candidature:profilo_contatti")
    pagina = client.post(url, {"email": "non-una-mail", "pec": "a@pec.it"}).content.decode()
    assert "Inserisci un indirizzo e-mail valido, per esempio nome.cognome@esempio.it." in pagina
    candidato.refresh_from_db()
    assert candidato.pec != "a@pec.it"
    # the PEC's own message; the browser knows which fields are her e-mail and address
    pagina = client.post(url, {"email": "a@b.it", "pec": "non-una-pec"}).content.decode()
    assert "Inserisci un indirizzo PEC valido, per esempio nome.cognome@pec.it." in pagina
    assert re.search(r'<input[^>]*name="email"[^>]*autocomplete="email"|<input[^>]*autocomplete="email"[^>]*name="email"', pagina)
    assert re.search(r'<input[^>]*autocomplete="street-address"[^>]*name="indirizzo"|<input[^>]*name="indirizzo"[^>]*autocomplete="street-address"', pagina)
    # the address the portal writes to cannot be emptied: the typed PEC stays on the page
    prima = candidato.email
    pagina = client.post(url, {"email": "", "pec": "nuova@pec.it"}).content.decode()
    assert "Questo campo è obbligatorio." in pagina and 'value="nuova@pec.it"' in pagina
    candidato.refresh_from_db()
    assert candidato.email == prima != ""
    client.post(url, {"email": "alessia@example.it", "pec": "alessia@pec.example.it",
                      "telefono": "333 123 4567", "indirizzo": "Via Roma 1"})
    candidato.refresh_from_db()
    assert (candidato.email, candidato.pec) == ("alessia@example.it", "alessia@pec.example.it")
    assert Evento.objects.filter(azione="profilo.contatti").exists()


def test_curriculum_carica_scarica_sostituisci_elimina(client, candidato):
    client.force_login(candidato)
    url = reverse("candidature:profilo_curriculum")
    falso = client.post(url, {"curriculum": caricato("cv.pdf", b"MZ eseguibile")})
    assert "non è un PDF valido" in falso.content.decode()
    client.post(url, {"curriculum": caricato("cv.pdf", pdf("CV uno"))})
    primo = CurriculumProfilo.objects.get(persona=candidato)
    scaricato = client.get(reverse("candidature:profilo_scarica_curriculum"))
    assert scaricato["X-Content-Type-Options"] == "nosniff"
    assert b"".join(scaricato.streaming_content).startswith(b"%PDF")
    client.post(url, {"curriculum": caricato("cv2.pdf", pdf("CV due"))})
    secondo = CurriculumProfilo.objects.get(persona=candidato)
    assert secondo.sha256 != primo.sha256
    elimina = reverse("candidature:profilo_elimina_curriculum")
    assert "Eliminare dal profilo?" in client.get(elimina).content.decode()
    client.post(elimina)
    assert not CurriculumProfilo.objects.filter(persona=candidato).exists()
    assert client.get(reverse("candidature:profilo_scarica_curriculum")).status_code == 404


def test_nessuno_raggiunge_il_profilo_di_un_altro(client, candidato, crea_persona, ds):
    _profilo_completo(candidato)
    voce = VoceProfilo.objects.filter(persona=candidato).first()
    altro = crea_persona("BNCLRA95M41F205Z", nome="Laura", cognome="Bianchi")
    protette = [reverse("candidature:profilo_voce", args=[voce.pk]),
                reverse("candidature:profilo_elimina_voce", args=[voce.pk])]
    for persona in (altro, ds):  # another candidate, a staff role: 404, nothing changes
        client.force_login(persona)
        for url in protette:
            assert client.get(url).status_code == 404
            assert client.post(url, LAUREA).status_code == 404
        pagina = client.get(reverse("candidature:profilo")).content.decode()
        assert "Ingegneria informatica" not in pagina and "cv.pdf" not in pagina
        assert client.get(reverse("candidature:profilo_scarica_curriculum")).status_code == 404
    voce.refresh_from_db()
    assert VoceProfilo.objects.filter(persona=candidato).count() == 5
    client.logout()
    for url in [*protette, reverse("candidature:profilo"),
                reverse("candidature:profilo_scarica_curriculum")]:
        assert client.get(url)["Location"].startswith(reverse("account_login"))
        assert client.post(url)["Location"].startswith(reverse("account_login"))


def test_query_costanti_nel_numero_di_voci(client, candidato):
    client.force_login(candidato)

    def conta(url):
        with CaptureQueriesContext(connection) as q:
            assert client.get(url).status_code == 200
        return len(q)

    pagine = [reverse("candidature:profilo"),
              reverse("candidature:profilo_sezione", args=["esperienze-scolastiche"])]
    services_profilo.aggiungi_voce(persona=candidato, tipo="esperienza_scolastica",
                                   dati={"ente": "IC 1", "ruolo": "Tutor", "dal": date(2020, 1, 1)})
    prima = [conta(u) for u in pagine]
    for i in range(25):
        services_profilo.aggiungi_voce(persona=candidato, tipo="esperienza_scolastica",
                                       dati={"ente": f"IC {i}", "ruolo": "Tutor",
                                             "dal": date(2019, 1, 1)})
        services_profilo.aggiungi_voce(persona=candidato, tipo="certificazione",
                                       dati={"titolo": f"Certificazione {i}"})
    assert [conta(u) for u in pagine] == prima
    assert "Vedi tutte (26)" in client.get(pagine[0]).content.decode()


# --- prefill, save back, immutability ------------------------------------------------------

def _criterio(procedura, inizio):
    return procedura.criteri.get(descrizione__startswith=inizio)


def test_regola_di_corrispondenza():
    from types import SimpleNamespace as N
    voci = [N(tipo="esperienza_scolastica", ruolo="Docente", dal=date(2016, 9, 1),
              al=date(2018, 8, 31)),
            N(tipo="esperienza_scolastica", ruolo="Docente", dal=date(2018, 1, 1),
              al=date(2019, 8, 31)),
            N(tipo="esperienza_professionale", ruolo="Docente", dal=date(2020, 1, 1),
              al=date(2020, 12, 31))]
    assert precompila.anni(voci[:2]) == 3  # 2016-09 → 2019-08, the overlap counted once
    docenza = N(tipo="per_unita", unita="anno", descrizione="Esperienza di docenza in scuole")
    assert precompila.voci_per_criterio(docenza, voci) == voci[:2]
    lavorativa = N(tipo="per_unita", unita="incarico", descrizione="Esperienza lavorativa attinente")
    assert precompila.voci_per_criterio(lavorativa, voci) == voci  # no subject: every one


@pytest.mark.parametrize(("criterio", "voce", "usata"), [
    # the review's case: a school expert's experience is not European project design
    (("per_unita", "esperienza", "Esperienza di progettazione europea"),
     ("esperienza_scolastica", "Esperto", "esperto PON robotica", "IC Napoli 1"), False),
    (("per_unita", "esperienza", "Esperienza di progettazione europea"),
     ("esperienza_professionale", "Erasmus+", "Progettista europeo", "Comune di Milano"), True),
    # an English certificate is not an informatics one, and is a language one
    (("per_unita", "certificazione", "Certificazione competenze informatiche"),
     ("certificazione", "Inglese B2", "", "Cambridge"), False),
    (("per_unita", "certificazione", "Certificazione competenze linguistiche"),
     ("certificazione", "Inglese B2", "", "Cambridge"), True),
    (("per_unita", "certificazione", "Certificazione competenze informatiche"),
     ("certificazione", "ECDL Full Standard", "", "AICA"), True),
    (("fisso", "", "Patente ECDL/EIPASS"), ("certificazione", "EIPASS 7 moduli", "", ""), True),
    (("fisso", "", "Patente ECDL/EIPASS"), ("certificazione", "Francese DELF B1", "", ""), False),
    (("per_unita", "esperienza", "Esperienza di esperto e/o tutor in progetti PON-POR"),
     ("esperienza_scolastica", "", "Esperto PON robotica", "IC Verdi"), True),
    (("per_unita", "esperienza", "Esperienza di esperto e/o tutor in progetti PON-POR"),
     ("esperienza_scolastica", "", "Docente di tecnologia", "IC Verdi"), False),
    (("per_unita", "anno", "Esperienza di docenza in scuole statali (max 5 anni)"),
     ("esperienza_scolastica", "", "Docente di tecnologia", "IC Manzoni"), True),
    (("fisso", "", "Abilitazione all'insegnamento nella disciplina del modulo (solo esterni)"),
     ("abilitazione", "Classe di concorso A041", "", ""), True),
])
def test_una_voce_va_solo_nel_criterio_del_suo_soggetto(criterio, voce, usata):
    """The declaration is the candidate's, under DPR 445/2000: an entry of the right kind but of
    another subject is not put into the criterion for them."""
    from types import SimpleNamespace as N
    tipo, unita, descrizione = criterio
    tipo_voce, titolo, ruolo, ente = voce
    trovate = precompila.voci_per_criterio(
        N(tipo=tipo, unita=unita, descrizione=descrizione),
        [N(tipo=tipo_voce, titolo=titolo, ruolo=ruolo, ente=ente, note="", livello="")])
    assert bool(trovate) is usata


def test_gli_anni_di_scuola_si_contano_per_anno_scolastico_di_180_giorni():
    """A school year of service counts whole with at least 180 days in it (art. 11, c. 14,
    l. 124/1999): 1 September–30 June is a year of teaching, not «0 whole years» of 365 days.
    Overlapping entries count once; outside the school, whole years of 365 days as before."""
    from types import SimpleNamespace as N
    def voce(dal, al, tipo="esperienza_scolastica"):
        return N(tipo=tipo, dal=dal, al=al)
    oggi = date(2026, 12, 2)
    assert precompila.anni_scolastici([voce(date(2022, 9, 1), date(2023, 6, 30))], oggi) == 1
    assert precompila.anni_scolastici([voce(date(2022, 9, 1), date(2022, 12, 31))], oggi) == 0
    assert precompila.anni_scolastici([voce(date(2021, 9, 1), date(2023, 6, 30)),
                                       voce(date(2022, 10, 1), date(2023, 5, 31))], oggi) == 2
    # 120 days at the end of one school year and 100 at the start of the next: neither counts
    assert precompila.anni_scolastici([voce(date(2023, 5, 3), date(2023, 12, 9))], oggi) == 0
    # a year still running counts for the days served until today
    assert precompila.anni_scolastici([voce(date(2026, 9, 1), None)], oggi) == 0
    docenza = N(pk=2, tipo="per_unita", unita="anno",
                descrizione="Esperienza di docenza in scuole statali (max 5 anni)")
    valori, usate = precompila.proposta(docenza, [N(
        tipo="esperienza_scolastica", titolo="Docente di tecnologia", ruolo="", ente="IC Manzoni",
        note="", livello="", dal=date(2022, 9, 1), al=date(2023, 6, 30),
        in_parole=lambda **_: "Docente di tecnologia")])
    assert valori["criterio_2"] == "1" and len(usate) == 1


def test_una_voce_del_profilo_si_dichiara_in_un_solo_criterio():
    """One experience («Esperto PON coding», a teacher's, ten months) filled two criteria and
    was listed under three: counted twice in a declaration under DPR 445/2000. Each entry goes
    to one criterion, the first of the avviso that names its subject (here the teaching: ten
    months are a school year) before a generic one, and is listed only there."""
    from types import SimpleNamespace as N
    generica = N(pk=1, tipo="per_unita", unita="esperienza",
                 descrizione="Esperienza in attività inerenti all'incarico")
    docenza = N(pk=2, tipo="per_unita", unita="anno",
                descrizione="Esperienza di docenza in scuole statali (max 5 anni)")
    pon = N(pk=3, tipo="per_unita", unita="esperienza",
            descrizione="Esperienza di esperto e/o tutor in progetti PON-POR")
    voce = N(pk=10, tipo="esperienza_scolastica", titolo="Esperto PON coding",
             ruolo="Docente di scuola primaria", ente="IC Manzoni – Milano", note="",
             livello="", dal=date(2022, 9, 1), al=date(2023, 6, 30),
             in_parole=lambda **_: "Esperto PON coding")
    altra = N(pk=11, tipo="esperienza_professionale", titolo="Formatore sul coding",
              ruolo="", ente="Coderdojo", note="", livello="", dal=date(2021, 1, 1),
              al=date(2021, 3, 31), in_parole=lambda **_: "Formatore sul coding")
    assegnate = precompila.assegna([generica, docenza, pon], [voce, altra])
    assert {pk: [v.pk for v in usate] for pk, (_, usate) in assegnate.items()} == {2: [10], 1: [11]}
    assert assegnate[2][0]["criterio_2"] == "1" and assegnate[1][0]["criterio_1"] == "1"


def test_nuova_candidatura_precompilata_dal_profilo(client, candidato, procedura_aperta):
    _profilo_completo(candidato)
    candidato.telefono = "3330000000"
    candidato.save()
    p = procedura_aperta
    client.force_login(candidato)
    risposta = client.get(reverse("candidature:presenta", args=[p.pk]), follow=True)
    assert "precompilata dal tuo profilo" in risposta.content.decode()
    candidatura = Candidatura.objects.get(candidato=candidato, procedura=p)
    d = candidatura.dichiarazioni
    magistrale = _criterio(p, "Laurea vecchio")
    assert d[str(magistrale.pk)] == {"voto": 110, "lode": True}
    assert "Politecnico di Milano" in d[f"{magistrale.pk}_descrizione"]
    # the mark is declared in its own fields: repeated in the description, it contradicted them
    # once the candidate changed it («110/110» declared beside «…, 110/110 e lode»)
    assert "110" not in d[f"{magistrale.pk}_descrizione"]
    assert d[str(_criterio(p, "Esperienza di docenza").pk)] == 3
    # only the «Progettista europeo» experience: the two teaching ones are of another subject
    assert d[str(_criterio(p, "Esperienza di progettazione europea").pk)] == 1
    assert d[str(_criterio(p, "Certificazione competenze linguistiche").pk)] == 1
    assert candidatura.telefono == "3330000000"
    cv = candidatura.allegati.get(allegato_richiesto__nome="Curriculum vitae")
    profilo_cv = CurriculumProfilo.objects.get(persona=candidato)
    assert cv.sha256 == profilo_cv.sha256 and cv.percorso != profilo_cv.percorso  # a copy
    titoli = client.get(reverse("candidature:passo", args=[p.pk, "titoli"])).content.decode()
    assert "Dal tuo profilo (1)" in titoli and "Salva nel mio profilo" in titoli
    # opening it again does not fill it again over the candidate's changes
    client.post(reverse("candidature:passo", args=[p.pk, "titoli"]),
                {f"criterio_{magistrale.pk}": "105", "salva": ""})
    client.get(reverse("candidature:presenta", args=[p.pk]))
    candidatura.refresh_from_db()
    assert candidatura.dichiarazioni[str(magistrale.pk)] == {"voto": 105, "lode": False}


def test_inviata_non_cambia_quando_cambia_il_profilo(client, candidato, procedura_aperta):
    _profilo_completo(candidato)
    p = procedura_aperta
    client.force_login(candidato)
    client.get(reverse("candidature:presenta", args=[p.pk]))
    candidatura = Candidatura.objects.get(candidato=candidato, procedura=p)
    client.post(reverse("candidature:passo", args=[p.pk, "categoria"]),
                {"categoria": "privato", f"campo_{p.campi.get().pk}": "si", "salva": ""})
    client.post(reverse("candidature:passo", args=[p.pk, "dichiarazioni"]),
                {**dict.fromkeys(AUTOCERTIFICAZIONI, "on"), "salva": ""})
    candidatura = services.invia(candidato=candidato,
                                 candidatura=Candidatura.objects.get(pk=candidatura.pk))
    assert candidatura.stato == StatoCandidatura.INVIATA
    prima = (candidatura.dichiarazioni, candidatura.sha256, candidatura.punteggio_dichiarato)
    allegato = candidatura.allegati.get()
    for voce in VoceProfilo.objects.filter(persona=candidato):
        if voce.tipo == TipoVoce.TITOLO_STUDIO:
            services_profilo.modifica_voce(persona=candidato, voce=voce,
                                           dati={"voto": 90, "lode": False})
        else:
            services_profilo.elimina_voce(persona=candidato, voce=voce)
    services_profilo.carica_curriculum(persona=candidato, verificato=_verificato("n.pdf", "Nuovo"))
    services_profilo.elimina_curriculum(persona=candidato)
    candidatura.refresh_from_db()
    assert (candidatura.dichiarazioni, candidatura.sha256,
            candidatura.punteggio_dichiarato) == prima
    assert default_storage.exists(allegato.percorso)  # its own copy of the CV
    assert candidatura.allegati.get().sha256 == allegato.sha256


def test_salva_nel_profilo_dalla_bozza(client, candidato, procedura_aperta):
    p = procedura_aperta
    magistrale = _criterio(p, "Laurea vecchio")
    client.force_login(candidato)
    client.post(reverse("candidature:passo", args=[p.pk, "titoli"]), {
        f"criterio_{magistrale.pk}": "108",
        f"criterio_{magistrale.pk}_descrizione": "Laurea in Fisica, Università di Pisa, 2012",
        "salva": ""})
    client.post(reverse("candidature:passo", args=[p.pk, "allegati"]), {
        f"allegato_{p.allegati_richiesti.get().pk}": caricato("cv.pdf", pdf("CV")), "salva": ""})
    url = reverse("candidature:salva_nel_profilo", args=[p.pk])
    assert client.get(url).status_code == 405
    risposta = client.post(url, follow=True)
    assert "Salvato nel tuo profilo" in risposta.content.decode()
    voce = VoceProfilo.objects.get(persona=candidato)
    assert (voce.tipo, voce.voto, voce.scala_voto, voce.livello) == (
        "titolo_studio", 108, 110, "laurea_magistrale")
    assert voce.titolo == "Laurea in Fisica, Università di Pisa, 2012"
    assert CurriculumProfilo.objects.get(persona=candidato).nome == "cv.pdf"
    client.post(url)  # twice: nothing added twice
    assert VoceProfilo.objects.filter(persona=candidato).count() == 1
    # another person cannot save someone else's application: they have none there
    assert client.post(reverse("candidature:salva_nel_profilo", args=[p.pk + 999])).status_code == 404


def test_salva_nel_profilo_le_certificazioni_descritte_e_dice_cosa_manca(client, candidato,
                                                                         procedura_aperta):
    """The grid's words are not the person's degree: without a description the title of study
    is not saved, and the page says so; certifications counted are saved one per title the
    description names, and a count with no titles is named as not saved."""
    p = procedura_aperta
    laurea = _criterio(p, "Laurea vecchio")
    lingue = _criterio(p, "Certificazione competenze linguistiche")
    informatica = _criterio(p, "Certificazione competenze informatiche")
    client.force_login(candidato)
    client.post(reverse("candidature:passo", args=[p.pk, "titoli"]), {
        f"criterio_{laurea.pk}": "108", f"criterio_{lingue.pk}": "2",
        f"criterio_{lingue.pk}_descrizione": "Inglese B2 Cambridge, 2019; Francese DELF B1, 2021",
        f"criterio_{informatica.pk}": "1", "salva": ""})
    risposta = client.post(reverse("candidature:salva_nel_profilo", args=[p.pk]), follow=True)
    pagina = unescape(risposta.content.decode())
    assert ("Salvato nel tuo profilo: Certificazione: Inglese B2 Cambridge, 2019; "
            "Certificazione: Francese DELF B1, 2021.") in pagina
    assert ("Non salvato nel profilo: «Laurea vecchio ordinamento o specialistica/magistrale»: "
            "scrivi nella descrizione quale titolo (corso, università, anno) e salva di nuovo; "
            "«Certificazione competenze informatiche»: scrivi nella descrizione quali, separate "
            "da «;», e salva di nuovo.") in pagina
    assert sorted(VoceProfilo.objects.filter(persona=candidato).values_list("tipo", "titolo")) == [
        ("certificazione", "Francese DELF B1, 2021"), ("certificazione", "Inglese B2 Cambridge, 2019")]
    assert "fino a 100/110" not in "".join(VoceProfilo.objects.values_list("titolo", flat=True))


# --- the identity document, kept like the CV -----------------------------------------------

def _con_identita(procedura, formati=("pdf", "immagine")):
    from procedure.models import AllegatoRichiesto
    return AllegatoRichiesto.objects.create(procedura=procedura, nome="Documento d'identità",
                                            formati=list(formati), ordine=9)


def test_documento_identita_carica_scarica_sostituisci_elimina(
        client, candidato, django_capture_on_commit_callbacks):
    from candidature.models_profilo import DocumentoIdentitaProfilo
    from portale.tests.campioni_documenti import png
    client.force_login(candidato)
    url = reverse("candidature:profilo_identita")
    assert "Nessun documento d'identità" in client.get(reverse("candidature:profilo")).content.decode().replace("&#x27;", "'")
    falso = client.post(url, {"documento_identita": caricato("ci.pdf", b"MZ eseguibile")})
    assert falso.status_code == 200 and "non è" in falso.content.decode().replace("&#x27;", "'")
    assert not DocumentoIdentitaProfilo.objects.exists()
    client.post(url, {"documento_identita": caricato("ci.pdf", pdf("Carta d'identità"))})
    primo = DocumentoIdentitaProfilo.objects.get(persona=candidato)
    assert Evento.objects.filter(azione="profilo.documento_identita", autore=candidato).exists()
    pagina = client.get(reverse("candidature:profilo")).content.decode().replace("&#x27;", "'")
    assert "ci.pdf" in pagina and primo.sha256 in pagina
    scaricato = client.get(reverse("candidature:profilo_scarica_identita"))
    assert b"".join(scaricato.streaming_content).startswith(b"%PDF")
    with django_capture_on_commit_callbacks(execute=True):  # an image: replaces the PDF
        client.post(url, {"documento_identita": caricato("ci.png", png())})
    secondo = DocumentoIdentitaProfilo.objects.get(persona=candidato)
    assert (secondo.mime, secondo.nome) == ("image/png", "ci.png")
    assert not default_storage.exists(primo.percorso)  # the replaced file is gone
    assert CurriculumProfilo.objects.filter(persona=candidato).count() == 0  # a kind of its own
    elimina = reverse("candidature:profilo_elimina_identita")
    conferma = client.get(elimina).content.decode().replace("&#x27;", "'")
    assert "Eliminare dal profilo?" in conferma and "ci.png" in conferma
    assert DocumentoIdentitaProfilo.objects.filter(persona=candidato).exists()  # GET only asks
    client.post(elimina)
    assert not DocumentoIdentitaProfilo.objects.filter(persona=candidato).exists()
    assert client.get(reverse("candidature:profilo_scarica_identita")).status_code == 404
    assert client.get(elimina).status_code == 404


def test_documento_identita_di_nessun_altro(client, candidato, crea_persona, ds):
    from candidature.models_profilo import DocumentoIdentitaProfilo
    services_profilo.carica_identita(persona=candidato,
                                     verificato=_verificato("mia-ci.pdf", "CI di Alessia"))
    altro = crea_persona("BNCLRA95M41F205Z", nome="Laura", cognome="Bianchi")
    for persona in (altro, ds):
        client.force_login(persona)
        assert "mia-ci.pdf" not in client.get(reverse("candidature:profilo")).content.decode().replace("&#x27;", "'")
        assert client.get(reverse("candidature:profilo_scarica_identita")).status_code == 404
        assert client.post(reverse("candidature:profilo_elimina_identita")).status_code == 404
        assert not services_profilo.elimina_identita(persona=persona)  # has none of their own
    assert DocumentoIdentitaProfilo.objects.filter(persona=candidato).exists()
    client.logout()
    for nome in ("profilo_identita", "profilo_scarica_identita", "profilo_elimina_identita"):
        assert client.get(reverse(f"candidature:{nome}"))["Location"].startswith(
            reverse("account_login"))


def test_precompila_copia_il_documento_d_identita(client, candidato, procedura_aperta):
    p = procedura_aperta
    richiesto = _con_identita(p)
    _profilo_completo(candidato)
    services_profilo.carica_identita(persona=candidato,
                                     verificato=_verificato("ci.pdf", "CI del profilo"))
    client.force_login(candidato)
    client.get(reverse("candidature:presenta", args=[p.pk]))
    candidatura = Candidatura.objects.get(candidato=candidato, procedura=p)
    copia = candidatura.allegati.get(allegato_richiesto=richiesto)
    profilo_ci = services_profilo.DocumentoIdentitaProfilo.objects.get(persona=candidato)
    assert copia.sha256 == profilo_ci.sha256 and copia.percorso != profilo_ci.percorso
    assert candidatura.allegati.get(allegato_richiesto__nome="Curriculum vitae").nome == "cv.pdf"
    evento = Evento.objects.get(azione="candidatura.precompilata")
    assert evento.dettagli["documenti"] == ["curriculum", "documento_identita"]
    allegati = client.get(reverse("candidature:passo", args=[p.pk, "allegati"])).content.decode().replace("&#x27;", "'")
    assert "ci.pdf" in allegati and "cv.pdf" in allegati
    # the application keeps its copy when the profile's document goes
    services_profilo.elimina_identita(persona=candidato)
    assert default_storage.exists(copia.percorso)


def test_identita_in_un_formato_che_l_avviso_non_accetta_non_si_copia(client, candidato,
                                                                     procedura_aperta):
    from portale.documenti import verifica_file
    from portale.tests.campioni_documenti import png
    p = procedura_aperta
    richiesto = _con_identita(p, formati=("pdf",))  # this avviso wants a PDF only
    services_profilo.carica_identita(persona=candidato, verificato=verifica_file(
        caricato("ci.png", png()), tipi=("png",)))
    client.force_login(candidato)
    client.get(reverse("candidature:presenta", args=[p.pk]))
    candidatura = Candidatura.objects.get(candidato=candidato, procedura=p)
    assert not candidatura.allegati.filter(allegato_richiesto=richiesto).exists()


def test_salva_nel_profilo_dal_riepilogo_con_il_documento_d_identita(client, candidato,
                                                                     procedura_aperta):
    from candidature.models_profilo import DocumentoIdentitaProfilo
    p = procedura_aperta
    richiesto = _con_identita(p)
    client.force_login(candidato)
    client.post(reverse("candidature:passo", args=[p.pk, "allegati"]), {
        f"allegato_{richiesto.pk}": caricato("ci.pdf", pdf("CI dalla candidatura")),
        "salva": ""})
    riepilogo = client.get(reverse("candidature:riepilogo", args=[p.pk])).content.decode().replace("&#x27;", "'")
    assert "Salva nel mio profilo" in riepilogo
    risposta = client.post(reverse("candidature:salva_nel_profilo", args=[p.pk]),
                           {"torna": "riepilogo"})
    assert risposta["Location"] == reverse("candidature:riepilogo", args=[p.pk])
    salvato = DocumentoIdentitaProfilo.objects.get(persona=candidato)
    allegato = Candidatura.objects.get(candidato=candidato, procedura=p).allegati.get(
        allegato_richiesto=richiesto)
    assert salvato.sha256 == allegato.sha256 and salvato.percorso != allegato.percorso
    seguito = client.get(reverse("candidature:riepilogo", args=[p.pk])).content.decode().replace("&#x27;", "'")
    assert "Documento d'identità: ci.pdf" in seguito
    client.post(reverse("candidature:salva_nel_profilo", args=[p.pk]))  # twice: not again
    assert DocumentoIdentitaProfilo.objects.get(persona=candidato).pk == salvato.pk


def test_nomi_accessibili_completi(client, candidato):
    """«Aggiungi», «Modifica», «Elimina» carry the whole name in aria-label (not in a
    visually-hidden span, which Chromium joins with a space: «Elimina : …»)."""
    services_profilo.aggiungi_voce(persona=candidato, tipo="certificazione",
                                   dati={"titolo": "Inglese B2"})
    client.force_login(candidato)
    pagina = client.get(reverse("candidature:profilo")).content.decode().replace("&#x27;", "'")
    assert 'aria-label="Aggiungi: certificazioni">Aggiungi</a>' in pagina
    assert 'aria-label="Elimina: Inglese B2">Elimina</a>' in pagina
    assert 'aria-label="Modifica: Inglese B2">Modifica</a>' in pagina
    assert "visually-hidden\">:" not in pagina
