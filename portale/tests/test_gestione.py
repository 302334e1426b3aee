"""Amministrazione centrale manages istituti and DS; a DS manages the own staff only."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Istituto, Membership, Ruolo, User
from portale.lingua import data_con
from portale.models import Evento, Notifica

pytestmark = pytest.mark.django_db

NUOVO_ISTITUTO = {
    "codice_meccanografico": "napc01000b", "denominazione": "Liceo Classico Vittorio Emanuele",
    "codice_fiscale": "80002010157", "indirizzo": "Piazza Dante 41", "comune": "Napoli",
    "provincia": "na", "regione": "Campania", "email": "napc01000b@istruzione.it",
    "pec": "napc01000b@pec.istruzione.it",
}


def test_amministrazione_crea_un_istituto_con_evento(client, amministrazione):
    client.force_login(amministrazione)
    risposta = client.post("/gestione/istituti/nuovo/", NUOVO_ISTITUTO)
    assert risposta.status_code == 302
    istituto = Istituto.objects.get(codice_meccanografico="NAPC01000B")
    assert istituto.provincia == "NA"
    evento = Evento.objects.get(azione="istituto.creato")
    assert evento.autore == amministrazione and evento.istituto == istituto
    # a new school needs its DS first: the next page is that assignment, already filled in
    assert risposta.url == f"/gestione/personale/assegna/?istituto={istituto.pk}&ruolo=ds"
    pagina = client.get(risposta.url)
    form = pagina.context["form"]
    assert (form["istituto"].value(), form["ruolo"].value()) == (str(istituto.pk), "ds")
    assert "Ora assegna il ruolo di Dirigente Scolastico" in pagina.content.decode()
    # and the school's page leads there while the post is vacant
    scheda = client.get(f"/gestione/istituti/{istituto.codice_meccanografico}/").content.decode()
    assert f'href="/gestione/personale/assegna/?istituto={istituto.pk}&amp;ruolo=ds"' in scheda


def test_istituto_con_dati_errati_mostra_i_messaggi_e_conserva_i_dati(client, amministrazione):
    client.force_login(amministrazione)
    dati = NUOVO_ISTITUTO | {"codice_meccanografico": "NA1", "codice_fiscale": "123"}
    risposta = client.post("/gestione/istituti/nuovo/", dati)
    assert risposta.status_code == 200
    html = risposta.content.decode()
    assert "codice meccanografico" in html and "non è valido" in html
    assert "Liceo Classico Vittorio Emanuele" in html  # the user's work is kept
    assert not Istituto.objects.filter(comune="Napoli").exists()


def test_codici_incollati_con_gli_spazi_e_testi_in_ordine(client, amministrazione):
    """« rmic8a7005 » pasted with spaces around: the browser's maxlength of 10 cut the last
    digit and the error then blamed «RMIC8A700»; the same for the codice fiscale (11). Spaces
    typed twice in the name were kept, and a comune in lower case listed as «napoli»."""
    client.force_login(amministrazione)
    pagina = client.get("/gestione/istituti/nuovo/").content.decode()
    for nome in ("codice_meccanografico", "codice_fiscale"):
        limite = re.search(rf'name="{nome}"[^>]*maxlength="(\d+)"', pagina)
        assert limite is None or int(limite.group(1)) >= 16, nome
    risposta = client.post("/gestione/istituti/nuovo/", NUOVO_ISTITUTO | {
        "codice_meccanografico": " napc 01000b ", "codice_fiscale": " 800 020 101 57 ",
        "denominazione": "  Liceo   Classico  Vittorio Emanuele ", "comune": " napoli ",
        "indirizzo": "Piazza  Dante 41"})
    assert risposta.status_code == 302, risposta.context["form"].errors
    istituto = Istituto.objects.get(codice_meccanografico="NAPC01000B")
    assert (istituto.codice_fiscale, istituto.denominazione, istituto.comune,
            istituto.indirizzo) == ("80002010157", "Liceo Classico Vittorio Emanuele", "Napoli",
                                    "Piazza Dante 41")


def test_codice_meccanografico_inizia_con_una_provincia(client, amministrazione):
    """«ZZZZ999999» was saved: the message said that the first two letters are the province,
    but nothing checked it, and a typo became the registry's code for good."""
    client.force_login(amministrazione)
    risposta = client.post("/gestione/istituti/nuovo/", NUOVO_ISTITUTO | {
        "codice_meccanografico": "ZZZZ999999"})
    assert risposta.context["form"].errors["codice_meccanografico"] == [
        "Il codice meccanografico «ZZZZ999999» non è valido: le prime due lettere sono la sigla "
        "della provincia (es. RMIC8A7005 a Roma), e «ZZ» non lo è."]
    assert not Istituto.objects.filter(comune="Napoli").exists()


def test_codice_troppo_lungo_detto_con_la_sua_lunghezza(client, amministrazione):
    client.force_login(amministrazione)
    risposta = client.post("/gestione/istituti/nuovo/", NUOVO_ISTITUTO | {
        "codice_meccanografico": "NAPC01000BX", "codice_fiscale": "800020101570"})
    errori = risposta.context["form"].errors
    assert errori["codice_meccanografico"] == [
        "Il codice meccanografico ha 10 caratteri: controllalo."]
    assert errori["codice_fiscale"] == ["Il codice fiscale di un istituto ha 11 cifre: controllalo."]


def test_regione_dall_elenco_e_codice_gia_usato_detto_in_italiano(client, amministrazione,
                                                                  istituto):
    """«Narnia» was saved as the region (and the avvisi's filter by region, a fixed list, never
    found the school's avvisi); a code already registered answered Django's «Istituto con
    questo Codice meccanografico esiste già.»"""
    client.force_login(amministrazione)
    pagina = client.get("/gestione/istituti/nuovo/").content.decode()
    assert '<select name="regione"' in pagina and '<option value="Valle d&#x27;Aosta">' in pagina
    risposta = client.post("/gestione/istituti/nuovo/", NUOVO_ISTITUTO | {"regione": "Narnia"})
    assert risposta.status_code == 200
    assert risposta.context["form"].errors["regione"]
    risposta = client.post("/gestione/istituti/nuovo/", NUOVO_ISTITUTO | {
        "codice_meccanografico": istituto.codice_meccanografico.lower()})
    assert risposta.context["form"].errors["codice_meccanografico"] == [
        "Esiste già un istituto con questo codice meccanografico."]
    assert not Istituto.objects.filter(comune="Napoli").exists()
    # the list of istituti filters by the same regions
    elenco = client.get("/gestione/istituti/?regione=Lazio").content.decode()
    assert '<select id="regione" name="regione"' in elenco
    assert '<option value="Lazio" selected>' in elenco and istituto.denominazione in elenco


def test_amministrazione_nomina_un_ds_che_non_ha_mai_fatto_accesso(client, amministrazione, istituto):
    client.force_login(amministrazione)
    with_mail = {"codice_fiscale": "bncgpp75c12f205u", "nome": "Giuseppe", "cognome": "Bianchi",
                 "email": "g.bianchi@example.it", "ruolo": "ds", "istituto": istituto.pk}
    risposta = client.post("/gestione/personale/assegna/", with_mail)
    assert risposta.status_code == 302
    nuovo = User.objects.get(codice_fiscale="BNCGPP75C12F205U")
    assert Membership.objects.valide().get(user=nuovo).ruolo == Ruolo.DS
    assert Notifica.objects.filter(destinatario=nuovo).exists()
    assert Evento.objects.filter(azione="ruolo.assegnato", istituto=istituto).exists()


def test_un_ruolo_nazionale_con_un_istituto_scelto_e_detto_non_ignorato(client, amministrazione,
                                                                        istituto):
    """«Supporto» with an istituto chosen was recorded as national without a word."""
    client.force_login(amministrazione)
    dati = {"codice_fiscale": "RSSMRA80A01H501U", "nome": "Mario", "cognome": "Bianco",
            "ruolo": "supporto", "istituto": istituto.pk}
    risposta = client.post("/gestione/personale/assegna/", dati)
    assert risposta.status_code == 200
    assert risposta.context["form"].errors["istituto"] == [
        "Il ruolo «Supporto» è nazionale, non di un istituto: lascia vuoto l'istituto."]
    assert not User.objects.filter(codice_fiscale="RSSMRA80A01H501U").exists()
    assert client.post("/gestione/personale/assegna/", dati | {"istituto": ""}).status_code == 302
    assert Membership.objects.get(user__codice_fiscale="RSSMRA80A01H501U").istituto is None


def test_ds_assegna_dsga_solo_nel_proprio_istituto(client, ds, istituto, altro_istituto,
                                                    django_capture_on_commit_callbacks):
    client.force_login(ds)
    dati = {"codice_fiscale": "VRDLCU80D55L219W", "ruolo": "dsga", "nome": "Lucia",
            "cognome": "Verdi", "email": "l.verdi@example.it",
            "istituto": altro_istituto.pk}  # ignored: a DS has no istituto field
    with django_capture_on_commit_callbacks(execute=True):
        risposta = client.post("/gestione/personale/assegna/", dati)
    assert risposta.status_code == 302
    nuovo = Membership.objects.get(user__codice_fiscale="VRDLCU80D55L219W")
    assert nuovo.istituto == istituto and nuovo.ruolo == Ruolo.DSGA
    assert len(mail.outbox) <= 1  # sent by the worker; eager only if configured


def test_assegna_ruolo_senza_ruolo_scelto_e_per_nome_chi_non_e_mai_entrato(client,
                                                                         amministrazione):
    """No role comes preselected, the button asks to confirm, and a person the portal does not
    know yet is given with name and surname (never a bare codice fiscale in the lists)."""
    client.force_login(amministrazione)
    html = unescape(client.get("/gestione/personale/assegna/").content.decode())
    assert re.search(r'<select name="ruolo"[^>]*>\s*<option value="" selected>Scegli…</option>',
                     html)
    assert "Confermi l'assegnazione del ruolo?" in html
    assert 'form="modulo-ruolo">Assegna il ruolo</button>' in html
    risposta = client.post("/gestione/personale/assegna/", {"codice_fiscale": "RSSMRA80A01H501U"})
    assert risposta.context["form"].errors["ruolo"] == ["Questo campo è obbligatorio."]
    risposta = client.post("/gestione/personale/assegna/", {
        "codice_fiscale": "RSSMRA80A01H501U", "ruolo": Ruolo.AMMINISTRAZIONE})
    errori = risposta.context["form"].errors
    assert risposta.status_code == 200 and set(errori) == {"nome", "cognome"}
    assert "non ha ancora effettuato l'accesso" in errori["nome"][0]
    assert not User.objects.filter(codice_fiscale="RSSMRA80A01H501U").exists()
    risposta = client.post("/gestione/personale/assegna/", {
        "codice_fiscale": "RSSMRA80A01H501U", "ruolo": Ruolo.AMMINISTRAZIONE, "nome": "Mario",
        "cognome": "Rossi"})
    assert risposta.status_code == 302
    assert str(Membership.objects.get(user__codice_fiscale="RSSMRA80A01H501U").user) == (
        "Mario Rossi")


def test_ds_non_puo_assegnare_il_ruolo_di_ds(client, ds):
    client.force_login(ds)
    risposta = client.post("/gestione/personale/assegna/",
                           {"codice_fiscale": "VRDLCU80D55L219W", "ruolo": "ds"})
    assert risposta.status_code == 200
    assert "Scegli un&#x27;opzione valida" in risposta.content.decode() or "valida" in risposta.content.decode()
    assert not User.objects.filter(codice_fiscale="VRDLCU80D55L219W").exists()


def test_ruolo_doppio_rifiutato_con_messaggio(client, ds, con_ruolo, istituto):
    con_ruolo("VRDLCU80D55L219W", Ruolo.DSGA, istituto)
    client.force_login(ds)
    risposta = client.post("/gestione/personale/assegna/",
                           {"codice_fiscale": "VRDLCU80D55L219W", "ruolo": "dsga"})
    assert risposta.status_code == 200
    assert (f"Mario Rossi ha già il ruolo «DSGA» in questo istituto "
            f"{data_con('dal', timezone.localdate())}, senza scadenza.") in unescape(
        risposta.content.decode())


def test_nomina_sovrapposta_a_un_ruolo_revocato_dice_da_quando_si_puo(client, ds, con_ruolo,
                                                                      istituto):
    """A DSGA revoked today, appointed again from a month ago: «La persona ha già questo ruolo»
    sent the DS looking for a role the list showed as revoked. The clash is with the revoked
    period: said with its dates and the first day the new one may start."""
    dsga = con_ruolo("VRDLCU80D55L219W", Ruolo.DSGA, istituto, nome="Lucia", cognome="Verdi")
    ruolo = dsga.memberships.get()
    oggi = timezone.localdate()
    Membership.objects.filter(pk=ruolo.pk).update(valido_dal=oggi - timedelta(days=90),
                                                  valido_al=oggi, revocato_il=oggi)
    client.force_login(ds)
    dal = oggi - timedelta(days=30)
    risposta = client.post("/gestione/personale/assegna/", {
        "codice_fiscale": "VRDLCU80D55L219W", "ruolo": "dsga", "valido_dal": dal.isoformat()})
    assert risposta.status_code == 200
    testo = unescape(risposta.content.decode())
    assert (f"Lucia Verdi ha avuto il ruolo «DSGA» in questo istituto "
            f"{data_con('dal', oggi - timedelta(days=90))} fino alla revoca "
            f"{data_con('del', oggi)}: la nuova nomina può decorrere al più presto "
            f"{data_con('dal', oggi)}.") in testo
    # from that day it is accepted
    risposta = client.post("/gestione/personale/assegna/", {
        "codice_fiscale": "VRDLCU80D55L219W", "ruolo": "dsga", "valido_dal": oggi.isoformat()})
    assert risposta.status_code == 302


def test_codice_fiscale_errato_nel_form(client, ds):
    client.force_login(ds)
    risposta = client.post("/gestione/personale/assegna/", {"codice_fiscale": "ABC", "ruolo": "dsga"})
    assert risposta.status_code == 200 and "non è valido" in risposta.content.decode()


def test_il_ruolo_dice_chi_e_la_persona_prima_della_revoca(client, ds, con_ruolo, istituto):
    """«Maria Rossi» and «Mario Rossi» both in the demo, and the role's page gave only the
    name: who revoked could not tell whom. The codice fiscale and the e-mail say it."""
    persona = con_ruolo("VRDLCU80D55L219W", Ruolo.DSGA, istituto, nome="Lucia", cognome="Verdi")
    client.force_login(ds)
    html = unescape(client.get(f"/gestione/personale/{persona.memberships.get().pk}/"
                               ).content.decode())
    assert "<dt class=\"col-sm-3\">Codice fiscale</dt><dd class=\"col-sm-9\">VRDLCU80D55L219W</dd>" in html
    assert f"<dd class=\"col-sm-9\">{persona.email}</dd>" in html


def test_ds_di_un_istituto_riceve_404_sugli_oggetti_di_un_altro(client, ds, ds_altro, con_ruolo,
                                                                 altro_istituto):
    segreteria_altrui = con_ruolo("NREPLA85E10H501Q", Ruolo.SEGRETERIA, altro_istituto)
    altrui = Membership.objects.get(user=segreteria_altrui)
    client.force_login(ds)
    assert client.get(f"/gestione/personale/{altrui.pk}/").status_code == 404
    assert client.post(f"/gestione/personale/{altrui.pk}/revoca/").status_code == 404
    assert client.get(f"/gestione/personale/{999999}/").status_code == 404
    altrui.refresh_from_db()
    assert altrui.valido_al is None
    elenco = client.get("/gestione/personale/").content.decode()
    assert "Neri" not in elenco and "Bianchi" not in elenco


def test_ds_non_gestisce_gli_istituti(client, ds, istituto):
    client.force_login(ds)
    assert client.get("/gestione/istituti/").status_code == 403
    assert client.get(f"/gestione/istituti/{istituto.codice_meccanografico}/").status_code == 403


def test_altri_ruoli_di_istituto_non_gestiscono_il_personale(client, con_ruolo, istituto):
    dsga = con_ruolo("VRDLCU80D55L219W", Ruolo.DSGA, istituto)
    client.force_login(dsga)
    assert client.get("/gestione/personale/").status_code == 403
    assert client.post("/gestione/personale/assegna/", {}).status_code == 403


def test_revoca_con_evento_e_notifica(client, ds, con_ruolo, istituto):
    dsga = con_ruolo("VRDLCU80D55L219W", Ruolo.DSGA, istituto)
    ruolo = Membership.objects.get(user=dsga)
    client.force_login(ds)
    pagina = client.get(f"/gestione/personale/{ruolo.pk}/").content.decode()
    assert "Confermi la revoca?" in pagina  # confirmation before the irreversible action
    assert client.get(f"/gestione/personale/{ruolo.pk}/revoca/").status_code == 405
    assert client.post(f"/gestione/personale/{ruolo.pk}/revoca/").status_code == 302
    ruolo.refresh_from_db()
    assert ruolo.valido_al is not None
    # effective at once, as the confirmation says: not valid any more today
    assert ruolo.revocato_il == timezone.localdate()
    assert not Membership.objects.valide().filter(pk=ruolo.pk).exists()
    assert not ruolo.valida_il(timezone.localdate())
    assert ruolo.valida_il(timezone.localdate() - timedelta(days=1)) is False  # began today
    client.force_login(dsga)
    assert client.get("/incarichi/").status_code in (302, 403)  # no role left to operate
    client.force_login(ds)
    assert Evento.objects.filter(azione="ruolo.revocato", object_id=str(ruolo.pk)).exists()
    assert Notifica.objects.filter(destinatario=dsga, oggetto__contains="revocato").exists()
    cronologia = client.get(f"/gestione/personale/{ruolo.pk}/").content.decode()
    assert "Revocato il ruolo DSGA" in cronologia


def test_anonimo_rimandato_al_login_su_ogni_pagina_riservata(client, istituto):
    for url in ["/area-riservata/", "/area-riservata/notifiche/", "/gestione/istituti/",
                "/gestione/istituti/nuovo/", f"/gestione/istituti/{istituto.codice_meccanografico}/",
                "/gestione/personale/", "/gestione/personale/assegna/", "/gestione/personale/1/"]:
        risposta = client.get(url)
        assert risposta.status_code == 302 and "/accounts/login/" in risposta["Location"], url


def _popola(istituto, quanti):
    from stdnum.it import codicefiscale

    from accounts.models import User

    for numero in range(quanti):
        base = f"RSSMRA70A41H{numero:03d}"
        cf = base + codicefiscale.calc_check_digit(base)
        persona = User.objects.create_user(cf, nome="Persona", cognome=f"N{numero}")
        Membership.objects.create(user=persona, ruolo=Ruolo.REFERENTE, istituto=istituto)


@pytest.mark.parametrize("quanti", [3, 40])
def test_numero_di_query_dell_elenco_personale_costante(client, ds, istituto, quanti,
                                                        django_assert_max_num_queries):
    _popola(istituto, quanti)
    client.force_login(ds)
    with django_assert_max_num_queries(9):
        assert client.get("/gestione/personale/").status_code == 200


@pytest.mark.parametrize("quanti", [2, 30])
def test_numero_di_query_dell_elenco_istituti_costante(client, amministrazione, quanti,
                                                       django_assert_max_num_queries):
    for numero in range(quanti):
        Istituto.objects.create(**(NUOVO_ISTITUTO | {"codice_meccanografico": f"NAPC{numero:05d}B"}))
    client.force_login(amministrazione)
    with django_assert_max_num_queries(9):
        risposta = client.get("/gestione/istituti/?q=NAPC")
    assert risposta.status_code == 200
    assert risposta.context["pagina"].paginator.count == quanti


@pytest.mark.parametrize("ruolo", [Ruolo.DS, Ruolo.AMMINISTRAZIONE, Ruolo.SUPPORTO, None])
def test_cruscotto_per_ruolo_con_conteggi_reali(client, con_ruolo, crea_persona, istituto, ruolo,
                                                django_assert_max_num_queries):
    persona = (con_ruolo("RSSMRA70A41H501W", ruolo, istituto if ruolo == Ruolo.DS else None)
               if ruolo else crea_persona("RSSMRA70A41H501W"))
    con_ruolo("VRDLCU80D55L219W", Ruolo.DSGA, istituto)
    client.force_login(persona)
    # the figures of every app (tests/test_cruscotto.py: the same count with 15 more procedures)
    with django_assert_max_num_queries(24):
        risposta = client.get("/area-riservata/")
    contatori = dict(risposta.context["contatori"])
    if ruolo == Ruolo.DS:
        assert contatori["DSGA"] == 1
    elif ruolo == Ruolo.AMMINISTRAZIONE:
        assert contatori["Istituti registrati"] == 1 and contatori["Istituti senza DS"] == 1
        pagina = risposta.content.decode()  # the label agrees with the figure: «1 istituto»
        assert '<span class="d-block">Istituto registrato</span>' in pagina
        assert '<span class="d-block">Istituti registrati</span>' not in pagina
    elif ruolo == Ruolo.SUPPORTO:
        assert contatori["Utenti del portale"] == 2
    else:
        assert contatori == {"Notifiche da leggere": 0}


def test_un_riquadro_senza_cifre_dice_che_non_c_e_nulla(client, ds):
    """A new istituto: «Procedure di selezione» was a heading followed by nothing but the
    title of an empty list of deadlines."""
    client.force_login(ds)
    pagina = re.sub(r"\s+", " ", client.get("/area-riservata/").content.decode())
    riquadro = pagina[pagina.index(">Procedure di selezione</h2>"):]
    riquadro = riquadro[:riquadro.index("</section>")]
    assert ('<p class="text-muted">Nessuna procedura di selezione. Si crea da «Procedure di '
            'selezione» o da una scheda progettuale conclusa.</p>') in riquadro


def test_l_etichetta_di_una_cifra_concorda_con_il_numero():
    from portale.cruscotto import Cifra

    cifre = {n: Cifra("Schede in bozza", n, singolare="Scheda in bozza").testo for n in (0, 1, 2)}
    assert cifre == {0: "Schede in bozza", 1: "Scheda in bozza", 2: "Schede in bozza"}
    assert Cifra("In corso", 1).testo == "In corso"  # no singular given: the label as it is


def test_le_pagine_di_gestione_dicono_dove_si_e_e_riportano_all_elenco(client, ds, amministrazione,
                                                                         istituto):
    """Assegna un ruolo, the detail of a role and of an istituto: a breadcrumb back to their
    list, named as the list's own page names it (for the DS, «Personale dell'istituto»)."""
    def percorso(html):
        inizio = html.index('aria-label="Percorso"')
        return html[inizio:html.index("</nav>", inizio)]

    client.force_login(ds)
    ruolo = Membership.objects.get(user=ds)
    for url, pagina in (("/gestione/personale/assegna/", "Assegna un ruolo"),
                        (f"/gestione/personale/{ruolo.pk}/", str(ds))):
        briciole = percorso(client.get(url).content.decode())
        assert "<a href=\"/gestione/personale/\">Personale dell'istituto</a>" in briciole
        assert f'aria-current="page">{pagina}</li>' in briciole
    client.force_login(amministrazione)
    briciole = percorso(client.get(
        f"/gestione/istituti/{istituto.codice_meccanografico}/").content.decode())
    assert '<a href="/gestione/istituti/">Istituti</a>' in briciole
    assert f'aria-current="page">{istituto.denominazione}</li>' in briciole
    assert 'aria-current="page">Nuovo istituto</li>' in percorso(
        client.get("/gestione/istituti/nuovo/").content.decode())


def _nomina_ds(client, istituto, **date):
    return client.post("/gestione/personale/assegna/", {
        "codice_fiscale": "FRRLSS92P45F839O", "nome": "Alessia", "cognome": "Ferrari",
        "ruolo": "ds", "istituto": istituto.pk, **date})


def test_un_istituto_ha_un_solo_dirigente_alla_volta(client, amministrazione, ds, istituto):
    """A second DS over the same days is refused with who and since when, the form kept; a
    DS from the day after the first one's end, or after a «Revoca», is accepted."""
    client.force_login(amministrazione)
    risposta = _nomina_ds(client, istituto)
    html = unescape(risposta.content.decode())
    assert risposta.status_code == 200
    assert (f"{istituto.denominazione} ha già chi ne è dirigente nel periodo indicato: Maria "
            f"Rossi ({data_con('dal', timezone.localdate())}, senza scadenza)") in html
    assert 'value="FRRLSS92P45F839O"' in html  # the user's work is kept
    assert not User.objects.filter(codice_fiscale="FRRLSS92P45F839O").exists()
    attuale = Membership.objects.get(user=ds)
    attuale.valido_al = timezone.localdate() + timedelta(days=30)
    attuale.save()
    dal = attuale.valido_al + timedelta(days=1)
    assert "ha già chi ne è dirigente" in unescape(
        _nomina_ds(client, istituto, valido_dal=attuale.valido_al.isoformat()).content.decode())
    assert _nomina_ds(client, istituto, valido_dal=dal.isoformat()).status_code == 302
    nuova = Membership.objects.get(user__codice_fiscale="FRRLSS92P45F839O")
    assert nuova.ruolo == Ruolo.DS and nuova.valido_dal == dal
    assert Notifica.objects.get(destinatario=nuova.user).testo.startswith(f"{data_con('Dal', dal)} potrai")


def test_un_istituto_ha_un_solo_dsga_alla_volta(client, ds, istituto, altro_istituto,
                                               crea_persona):
    """Two DSGA were saved for the same school («2 DSGA» on the cruscotto): the second is
    refused with who holds it, the form kept; another istituto's DSGA is no obstacle."""
    lucia = crea_persona("VRDLCU80D55L219W", nome="Lucia", cognome="Verdi")
    Membership.objects.create(user=lucia, ruolo=Ruolo.DSGA, istituto=altro_istituto,
                              valido_dal=timezone.localdate())
    client.force_login(ds)
    dati = {"codice_fiscale": "FRRLSS92P45F839O", "nome": "Alessia", "cognome": "Ferrari",
            "ruolo": "dsga"}
    assert client.post("/gestione/personale/assegna/", dati).status_code == 302
    risposta = client.post("/gestione/personale/assegna/", {
        "codice_fiscale": lucia.codice_fiscale, "ruolo": "dsga"})
    html = unescape(risposta.content.decode())
    assert risposta.status_code == 200
    assert (f"{istituto.denominazione} ha già un DSGA nel periodo indicato: Alessia Ferrari "
            f"({data_con('dal', timezone.localdate())}, senza scadenza)") in html
    assert f'value="{lucia.codice_fiscale}"' in html
    assert not Membership.objects.filter(user=lucia, istituto=istituto).exists()
    # a DSGA and a segreteria, or two segreteria: no rule
    assert client.post("/gestione/personale/assegna/", {
        "codice_fiscale": lucia.codice_fiscale, "ruolo": "segreteria"}).status_code == 302


def test_dopo_la_revoca_del_dirigente_se_ne_nomina_un_altro(client, amministrazione, ds,
                                                            istituto, ds_altro):
    client.force_login(amministrazione)
    client.post(f"/gestione/personale/{Membership.objects.get(user=ds).pk}/revoca/")
    assert Membership.objects.get(user=ds).revocato_il == timezone.localdate()
    assert _nomina_ds(client, istituto).status_code == 302
    nuova = Membership.objects.get(user__codice_fiscale="FRRLSS92P45F839O")
    assert nuova.istituto == istituto and nuova.valido_dal == timezone.localdate()
    # the DS of another istituto is no obstacle: the rule is per istituto
    giuseppe = Membership.objects.get(user=ds_altro)
    assert giuseppe.istituto != istituto and giuseppe.revocato_il is None


def test_le_date_dopo_l_articolo_si_leggono_come_si_dicono(client, ds, crea_persona, istituto):
    """«dall'11/01/2027 all'08/03/2027», not «dal 11/01/2027 al 08/03/2027»: in the list of
    staff and on the role's page (portale.lingua.con_articolo)."""
    persona = crea_persona("VRDLCU80A41F205X", nome="Lucia", cognome="Verdi")
    ruolo = Membership.objects.create(user=persona, ruolo=Ruolo.DSGA, istituto=istituto,
                                      valido_dal=date(2027, 1, 11), valido_al=date(2027, 3, 8))
    client.force_login(ds)
    for pagina in ("/gestione/personale/?tutti=1", f"/gestione/personale/{ruolo.pk}/"):
        html = unescape(client.get(pagina).content.decode())
        assert "dall'11/01/2027" in html and "all'08/03/2027" in html, pagina
        assert "dal 11/01/2027" not in html and "al 08/03/2027" not in html, pagina


def test_un_ruolo_che_comincia_piu_avanti_resta_nell_elenco_dopo_l_assegnazione(client, ds,
                                                                              istituto):
    """«Assegna» leads back to the list: a role that begins in January is there, said not
    active yet; one that has ended or was revoked is listed only with «Mostra anche i ruoli
    scaduti o revocati»."""
    client.force_login(ds)
    dal = timezone.localdate() + timedelta(days=40)
    risposta = client.post("/gestione/personale/assegna/", {
        "codice_fiscale": "FRRLSS92P45F839O", "nome": "Alessia", "cognome": "Ferrari",
        "ruolo": Ruolo.DSGA, "valido_dal": dal.isoformat()}, follow=True)
    html = unescape(risposta.content.decode())
    assert risposta.redirect_chain == [("/gestione/personale/", 302)]
    assert "Alessia Ferrari" in html and f"{data_con('dal', dal)} (non ancora attivo)" in html
    assert "Ruoli (2)" in html

    scaduto = Membership.objects.get(user__codice_fiscale="FRRLSS92P45F839O")
    scaduto.valido_dal = timezone.localdate() - timedelta(days=90)
    scaduto.valido_al = timezone.localdate() - timedelta(days=1)
    scaduto.save()
    assert "Alessia Ferrari" not in client.get("/gestione/personale/").content.decode()
    assert "Alessia Ferrari" in client.get("/gestione/personale/?tutti=1").content.decode()


def test_si_revoca_anche_un_ruolo_con_la_data_di_fine(client, ds, con_ruolo, istituto):
    """A role given until 30 June could not be revoked before then: the page offered «Revoca
    il ruolo» only to roles without an end date."""
    referente = con_ruolo("BNCGLI95A41H501J", Ruolo.REFERENTE, istituto)
    ruolo = Membership.objects.get(user=referente)
    ruolo.valido_al = timezone.localdate() + timedelta(days=200)
    ruolo.save()
    client.force_login(ds)
    assert "Confermi la revoca?" in client.get(f"/gestione/personale/{ruolo.pk}/").content.decode()
    client.post(f"/gestione/personale/{ruolo.pk}/revoca/")
    ruolo.refresh_from_db()
    assert ruolo.revocato_il == timezone.localdate() == ruolo.valido_al
    # revoked: no second revocation offered, and one forced changes nothing
    pagina = unescape(client.get(f"/gestione/personale/{ruolo.pk}/").content.decode())
    assert "Confermi la revoca?" not in pagina
    ieri = timezone.localdate() - timedelta(days=1)
    Membership.objects.filter(pk=ruolo.pk).update(valido_dal=ieri, revocato_il=ieri, valido_al=ieri)
    risposta = client.post(f"/gestione/personale/{ruolo.pk}/revoca/", follow=True)
    assert f"Il ruolo è già stato revocato {data_con('il', ieri)}." in unescape(
        risposta.content.decode())
    ruolo.refresh_from_db()
    assert ruolo.revocato_il == ieri


def test_il_proprio_ruolo_di_dirigente_non_offre_una_revoca_che_fallirebbe(client, ds):
    """«Revoca il ruolo» on her own DS role led to «Non puoi revocare questo ruolo.»: the
    button is not offered, the page says who revokes a DS."""
    client.force_login(ds)
    ruolo = Membership.objects.get(user=ds)
    pagina = unescape(client.get(f"/gestione/personale/{ruolo.pk}/").content.decode())
    assert "Confermi la revoca?" not in pagina
    assert "Il ruolo di Dirigente Scolastica lo revoca l'Amministrazione centrale." in pagina


def test_il_titolo_della_pagina_del_ruolo_concorda_con_chi_lo_ha(client, ds):
    client.force_login(ds)
    pagina = client.get(f"/gestione/personale/{Membership.objects.get(user=ds).pk}/").content.decode()
    assert "<title>Dirigente Scolastica – " in pagina


def test_la_conferma_dell_assegnazione_parla_solo_dei_ruoli_che_si_possono_dare(client, ds,
                                                                               amministrazione):
    """A DS assigns DSGA, Segreteria, Referente: the dialog spoke of Amministrazione centrale
    and Supporto too, roles she cannot give."""
    client.force_login(ds)
    assert "Supporto operano su tutti gli istituti" not in client.get(
        "/gestione/personale/assegna/").content.decode()
    client.force_login(amministrazione)
    assert "Supporto operano su tutti gli istituti" in client.get(
        "/gestione/personale/assegna/").content.decode()


def test_il_nome_scritto_deve_essere_quello_del_codice_fiscale(client, amministrazione, istituto,
                                                              con_ruolo, altro_istituto):
    """Maria Rossi's codice fiscale with «Mario Bianchi» typed beside it gave the DS role to
    Maria Rossi without a word; a codice fiscale pasted with a space in front lost its last
    character to the field's limit, and the message then spoke of 15."""
    con_ruolo("RSSMRA70A41H501W", Ruolo.DS, altro_istituto, nome="Maria", cognome="Rossi")
    client.force_login(amministrazione)
    dati = {"codice_fiscale": " rssmra70a41h501w", "nome": "Mario", "cognome": "Bianchi",
            "ruolo": "ds", "istituto": istituto.pk}
    risposta = client.post("/gestione/personale/assegna/", dati)
    assert risposta.status_code == 200
    assert ("Il codice fiscale RSSMRA70A41H501W è di Maria Rossi, non di Mario Bianchi: "
            "controlla il codice fiscale, oppure lascia vuoti nome e cognome.") in unescape(
        risposta.content.decode())
    assert not Membership.objects.filter(istituto=istituto).exists()
    campo = re.search(r'<input[^>]*name="codice_fiscale"[^>]*>', risposta.content.decode()).group(0)
    assert 'maxlength="24"' in campo
    # the same name in other capitals, or no name: the person the code belongs to
    risposta = client.post("/gestione/personale/assegna/", dati | {"nome": "MARIA", "cognome": "rossi"})
    assert risposta.status_code == 302
    assert Membership.objects.get(istituto=istituto).user.cognome == "Rossi"


def test_un_codice_fiscale_per_istituto(client, amministrazione, istituto):
    """Two istituti with IC Leonardo's codice fiscale were accepted: an istituzione scolastica
    has one; its plessi and indirizzi are not registered apart."""
    client.force_login(amministrazione)
    risposta = client.post("/gestione/istituti/nuovo/", NUOVO_ISTITUTO | {
        "codice_fiscale": istituto.codice_fiscale})
    assert risposta.status_code == 200
    assert risposta.context["form"].errors["codice_fiscale"] == [
        "Il codice fiscale 97000010583 è già di IC Leonardo da Vinci (RMIC8A7005): "
        "un'istituzione scolastica ne ha uno solo, e i suoi plessi non si registrano a parte."]
    assert not Istituto.objects.filter(comune="Napoli").exists()


def test_una_modifica_rifiutata_non_cambia_il_nome_in_cima_alla_pagina(client, amministrazione,
                                                                        istituto):
    """After a refused save the heading, the breadcrumb and the tab read the name just typed,
    as if it had been saved."""
    client.force_login(amministrazione)
    url = f"/gestione/istituti/{istituto.codice_meccanografico}/"
    dati = {k: v for k, v in client.get(url).context["form"].initial.items()
            if k != "logo" and v is not None}
    risposta = client.post(url, dati | {"denominazione": "Istituto Rinominato per Errore",
                                        "email": ""})
    assert risposta.status_code == 200 and risposta.context["form"].errors["email"]
    html = risposta.content.decode()
    assert f"<title>{istituto.denominazione}" in html
    assert f'<h1 class="h2">{istituto.denominazione}</h1>' in html
    assert 'value="Istituto Rinominato per Errore"' in html  # the typing is kept in the field
    istituto.refresh_from_db()
    assert istituto.denominazione != "Istituto Rinominato per Errore"


@pytest.mark.parametrize(("dati", "campo", "messaggio"), [
    ({"provincia": "xx"}, "provincia",
     "«XX» non è la sigla di una provincia italiana: scrivi le due lettere della targa, "
     "ad esempio NA o MI."),
    ({"provincia": "MI", "regione": "Sicilia"}, "regione",
     "La provincia MI è in Lombardia, non in Sicilia."),
])
def test_provincia_e_regione_dell_istituto_devono_esistere_e_concordare(
        client, amministrazione, dati, campo, messaggio):
    """«Milano (XX)» in Sicilia was accepted, and the avvisi's filters never found the school."""
    client.force_login(amministrazione)
    risposta = client.post("/gestione/istituti/nuovo/", NUOVO_ISTITUTO | dati)
    assert risposta.status_code == 200
    assert risposta.context["form"].errors[campo] == [messaggio]
    assert not Istituto.objects.filter(comune="Napoli").exists()


def test_la_ricerca_trova_ogni_parola_in_qualsiasi_ordine_e_con_ogni_apostrofo(
        client, amministrazione, istituto, crea_persona):
    """«Maria Rossi» found nobody while «Rossi» found her; «Sant'Anna» typed on a keyboard did
    not find the istituto written «Sant’Anna»."""
    client.force_login(amministrazione)
    Istituto.objects.create(**(NUOVO_ISTITUTO | {"denominazione": "IC «Sant’Anna»",
                                                 "codice_meccanografico": "NAPC01000B"}))
    for cerca in ("Sant'Anna", "sant’anna napoli", "Napoli Sant"):
        pagina = client.get("/gestione/istituti/", {"q": cerca})
        assert [i.denominazione for i in pagina.context["pagina"]] == ["IC «Sant’Anna»"], cerca
    assert not client.get("/gestione/istituti/", {"q": "Sant'Anna Roma"}).context["pagina"]
    persona = crea_persona(codice_fiscale="DNGLRA80A41H501U", nome="Laura", cognome="D’Angelo")
    Membership.objects.create(user=persona, istituto=istituto, ruolo=Ruolo.DS)
    for cerca in ("Laura D'Angelo", "d'angelo laura", "D’Angelo"):
        pagina = client.get("/gestione/personale/", {"q": cerca})
        assert [m.user for m in pagina.context["pagina"]] == [persona], cerca


def test_gli_istituti_senza_dirigente_si_filtrano_e_l_elenco_dice_chi_e(
        client, amministrazione, istituto, altro_istituto, crea_persona):
    """The dashboard's «Istituti senza DS» opened the whole list, whose «DS» column counted
    every DS the istituto ever had (a revoked one too) instead of naming the one in service."""
    client.force_login(amministrazione)
    dirigente = crea_persona(codice_fiscale="RSSLRA80A41H501X", nome="Lara", cognome="Rossetti")
    Membership.objects.create(user=dirigente, istituto=istituto, ruolo=Ruolo.DS)
    revocato = crea_persona(codice_fiscale="BNCGPP70A01F205F", nome="Pino", cognome="Bianconi")
    Membership.objects.create(user=revocato, istituto=altro_istituto, ruolo=Ruolo.DS,
                              valido_dal=date(2020, 9, 1),
                              revocato_il=timezone.localdate() - timedelta(days=3))
    pagina = client.get("/gestione/istituti/")
    righe = {i.denominazione: i for i in pagina.context["pagina"]}
    assert righe[istituto.denominazione].dirigente == "Rossetti Lara"
    assert righe[altro_istituto.denominazione].dirigente is None
    html = pagina.content.decode()
    assert "Rossetti Lara" in html and "Nessun dirigente in servizio" in html
    senza = client.get("/gestione/istituti/", {"senza_ds": "1"})
    assert [i.denominazione for i in senza.context["pagina"]] == [altro_istituto.denominazione]
    riquadri = client.get("/area-riservata/").content.decode()
    assert 'href="/gestione/istituti/?senza_ds=1"' in riquadri
