"""Issue #18, first half: incompatibilities between roles of the same project are data,
checked at the proposal and at the conferimento; an accepted proposal that no Incarico can
follow is voided by the DS with its reason, and the post goes to the next candidate. What the
interpello of graduatorie asks of incarichi goes through `graduatorie.estensioni`
(`incarichi/interpello.py`): these tests drive graduatorie's services and look at both sides.

The ranking is candidature's scenario (test_flusso): Esposito (interno) first, then the
privati Ferrari and Mancini. The procedure is the collaudatore of the CUP D89J21011900006.
"""

import hashlib
from datetime import date, timedelta
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from fabbisogno import services as schede
from fabbisogno.models import TariffaOraria
from graduatorie import services
from graduatorie.models import Proposta, StatoProposta
from graduatorie.tests.conftest import in_valutazione  # noqa: F401 - fixture
from graduatorie.tests.test_flusso import (  # noqa: F401 - fixtures
    IMPEGNO,
    definitiva,
    provvisoria,
)
from incarichi.models import Incarico, Incompatibilita
from incarichi.services import incarichi as servizi_incarichi
from portale.models import Evento, Notifica
from procedure.models import ProceduraSelezione

CUP = "D89J21011900006"


def _scheda(ds, titolo, tipologia, cup=CUP):
    membership = ds.memberships.get()
    scheda = schede.crea_scheda(
        autore=ds, membership=membership, titolo=titolo, descrizione=titolo,
        tipologia_incarico=tipologia, fonte_finanziamento="pn_fesr" if cup else "fis", cup=cup,
        destinatari="Plessi dell'istituto", data_inizio=date(2027, 1, 10),
        data_fine=date(2027, 5, 31), ore_previste=10,
        tariffa=TariffaOraria.objects.get(importo_orario="19.25"))
    return schede.concludi_scheda(autore=ds, membership=membership, scheda=scheda)


def _affida(ds, scheda, persona):
    return servizi_incarichi.affida_direttamente(
        autore=ds, membership=ds.memberships.get(), scheda=scheda, persona=persona,
        rapporto="interno", motivazione="occasionale",
        giustificazione="Collaborazione occasionale di poche ore.")


@pytest.fixture
def collaudo(definitiva, ds, persone):  # noqa: F811
    """The procedure confers the collaudatore of the CUP; Esposito, first in the ranking, is
    already the progettista of the same project (affidamento diretto)."""
    s = definitiva
    ProceduraSelezione.objects.filter(pk=s.procedura.pk).update(
        tipologia_incarico="collaudatore", progetto=CUP)
    s.procedura.refresh_from_db()
    s.progettista = _affida(ds, _scheda(ds, "Progettista rete LAN", "progettista"),
                            persone["marco"])
    return s


def _proponi(ds, procedura, adesso=None):
    adesso = adesso or timezone.now()
    return services.proponi_incarico(**IMPEGNO, autore=ds, membership=ds.memberships.get(),
                                     procedura=procedura, scadenza=adesso + timedelta(hours=48),
                                     adesso=adesso)


def _annulla(ds, proposta, motivo="verifica", motivazione="Il casellario giudiziale riporta "
             "una condanna incompatibile con l'incarico."):
    return services.annulla_accettazione(autore=ds, membership=ds.memberships.get(),
                                         proposta=proposta, motivo=motivo,
                                         motivazione=motivazione)


def test_catena_incompatibile_saltato_accettazione_annullata_incarico_conferito(
        collaudo, ds, persone, completa_requisiti_di, client_di):
    s = collaudo
    prima = _proponi(ds, s.procedura)
    # Esposito is skipped with the reason on record; the post goes to Ferrari
    assert prima.candidatura == s.alessia
    saltata = Proposta.objects.get(candidatura=s.marco)
    assert saltata.stato == StatoProposta.SALTATA and saltata.incarico == 1
    assert "Marco Esposito è già progettista di questo progetto (D89J21011900006" in (
        saltata.motivazione)
    assert "progettista e collaudatore dello stesso progetto sono incompatibili" in (
        saltata.motivazione)
    assert "art. 17" in saltata.motivazione  # the rule shipped by the migration
    assert Evento.objects.filter(azione="graduatorie.proposta_saltata",
                                 object_id=s.marco.pk).exists()
    avviso = Notifica.objects.get(destinatario=persone["marco"],
                                  oggetto__startswith="Incarico non proponibile")
    assert "passa al candidato successivo" in avviso.testo

    # Ferrari accepts; the pre-contract check fails: the DS voids the acceptance
    services.accetta_proposta(candidato=persone["alessia"], proposta=prima)
    preparato = Incarico.objects.get(candidatura=s.alessia)
    assert preparato.stato == "in_preparazione" and preparato.progetto == CUP
    # the act will state the weekly commitment the accepted proposal stated
    assert preparato.impegno_settimanale == "4 ore settimanali (martedì e giovedì, 14:30–16:30)"
    # its history says what happened: prepared (the act comes later), «ad» before the vowel
    assert Evento.objects.get(azione="incarico.creato", object_id=preparato.pk).descrizione == (
        f"Incarico in preparazione ad Alessia Ferrari dalla procedura n. {s.procedura.pk} "
        "(proposta accettata)")
    seconda = _annulla(ds, prima)
    prima.refresh_from_db()
    preparato.refresh_from_db()
    assert prima.stato == StatoProposta.ANNULLATA and prima.motivo == "verifica"
    assert prima.annullata_da == ds and "casellario" in prima.motivazione
    assert preparato.stato == "revocato" and "Accettazione annullata" in (
        preparato.motivazione_revoca)
    assert Evento.objects.filter(azione="graduatorie.accettazione_annullata").count() == 1
    avviso = Notifica.objects.get(destinatario=persone["alessia"],
                                  oggetto__startswith="Incarico non conferito")
    assert "verifica precontrattuale non superata" in avviso.testo
    assert "casellario" in avviso.testo

    # the post is not blocked: the next candidate has it, and it is taken again
    assert seconda.candidatura == s.sara and seconda.incarico == 1
    assert seconda.stato == StatoProposta.IN_ATTESA
    with pytest.raises(ValidationError, match="Tutti i posti"):
        _proponi(ds, s.procedura)
    services.accetta_proposta(candidato=persone["sara"], proposta=seconda)
    incarico = Incarico.objects.get(candidatura=s.sara)
    assert (incarico.persona, incarico.tipologia, incarico.progetto) == (
        persone["sara"], "collaudatore", CUP)
    esito = reverse("graduatorie:esito_candidato", args=[s.sara.pk])
    il_mio_atto = reverse("incarichi:atto_personale", args=[incarico.pk])
    assert il_mio_atto not in client_di(persone["sara"]).get(esito).content.decode()
    incarico = servizi_incarichi.emetti_atto(autore=ds, membership=ds.memberships.get(),
                                             incarico=completa_requisiti_di(incarico))
    assert incarico.stato == "conferito"
    # Sara is asked to sign it: the notice and her page lead to the act
    avviso = Notifica.objects.filter(destinatario=persone["sara"]).latest("pk")
    assert "Scaricalo dalla pagina dell'incarico, firmalo e restituiscilo" in avviso.testo
    assert avviso.url == reverse("incarichi:il_mio_incarico", args=[incarico.pk])
    pagina = client_di(persone["sara"]).get(esito).content.decode()
    assert f'href="{il_mio_atto}">Scarica l\'atto di incarico (PDF)</a>' in unescape(pagina)
    # and to the page where she returns it signed; «Le mie candidature» asks her to
    il_mio_incarico = reverse("incarichi:il_mio_incarico", args=[incarico.pk])
    assert f'href="{il_mio_incarico}">restituiscilo' in pagina
    elenco = unescape(client_di(persone["sara"]).get(reverse("candidature:le_mie")).content.decode())
    assert "Firma e restituisci l'atto di incarico" in elenco and il_mio_incarico in elenco
    # the cruscotto says it once, in «I miei incarichi» («Atto da firmare»), not also as a
    # «Risposta da dare» of «Le mie candidature» (the proposal is answered)
    cruscotto = " ".join(strip_tags(unescape(
        client_di(persone["sara"]).get("/area-riservata/").content.decode())).split())
    assert cruscotto.count("Firma e restituisci l'atto di incarico") == 1
    assert "Atto da firmare" in cruscotto and "Risposta da dare" not in cruscotto
    risposta = client_di(persone["sara"]).get(il_mio_atto)
    atto = incarico.documenti.get(tipo="atto")
    assert risposta.status_code == 200
    assert hashlib.sha256(b"".join(risposta.streaming_content)).hexdigest() == atto.sha256
    # nobody else, not even the office (which has its own page): the same 404
    for altro in (persone["alessia"], ds):
        assert client_di(altro).get(il_mio_atto).status_code == 404


@pytest.fixture
def completa_requisiti_di(ds):
    def completa(incarico):
        return servizi_incarichi.aggiorna_requisiti(
            autore=ds, membership=ds.memberships.get(), incarico=incarico,
            autocertificazioni={"dichiara_incompatibilita": True,
                                "dichiara_conflitto_interessi": True,
                                "dichiara_codice_comportamento": True},
            casellario_acquisito_il=date(2026, 1, 5),
            controllo_corte_conti=incarico.controllo_corte_conti or (
                "escluso_obbligatorio" if incarico.esterno else ""))
    return completa


def test_ogni_motivo_libera_il_posto_e_la_graduatoria_si_esaurisce(definitiva, ds, persone):  # noqa: F811
    """Rinuncia after the acceptance, decadenza, an incompatibility found later: each voided
    acceptance passes the post on; when nobody is left the DS is told."""
    s = definitiva
    proposta = _proponi(ds, s.procedura)
    for nome, motivo in (("marco", "rinuncia"), ("alessia", "decadenza"),
                         ("sara", "incompatibilita")):
        assert proposta.candidatura.candidato == persone[nome]
        services.accetta_proposta(candidato=persone[nome], proposta=proposta)
        proposta = _annulla(ds, proposta, motivo=motivo, motivazione=f"Motivo: {motivo}.")
    assert proposta is None
    assert not Proposta.objects.filter(stato__in=["in_attesa", "accettata"]).exists()
    assert Evento.objects.filter(azione="graduatorie.graduatoria_esaurita").exists()


def test_annulla_accettazione_rifiutata_fuori_dal_suo_caso(definitiva, ds, dsga, persone,  # noqa: F811
                                                         completa_requisiti_di):
    s = definitiva
    proposta = _proponi(ds, s.procedura)
    with pytest.raises(ValidationError, match="solo una proposta accettata"):
        _annulla(ds, proposta)  # still waiting for the answer
    services.accetta_proposta(candidato=persone["marco"], proposta=proposta)
    with pytest.raises(PermissionDenied):  # the DS alone
        services.annulla_accettazione(autore=dsga, membership=dsga.memberships.get(),
                                      proposta=proposta, motivo="decadenza",
                                      motivazione="Decaduto.")
    with pytest.raises(ValidationError) as errore:
        _annulla(ds, proposta, motivo="altro", motivazione="  ")
    assert set(errore.value.message_dict) == {"motivo", "motivazione"}
    # once the act is issued the incarico is revoked from its page, not here
    incarico = Incarico.objects.get(candidatura=s.marco)
    servizi_incarichi.emetti_atto(autore=ds, membership=ds.memberships.get(),
                                  incarico=completa_requisiti_di(incarico))
    with pytest.raises(ValidationError, match="già emesso"):
        _annulla(ds, proposta)
    proposta.refresh_from_db()
    assert proposta.stato == StatoProposta.ACCETTATA
    assert Proposta.objects.filter(procedura=s.procedura).count() == 1


def test_incompatibile_per_una_proposta_accettata_in_un_altra_procedura(collaudo, ds, persone):
    """Ferrari accepted the progettista of the same CUP in another procedure (no Incarico
    yet): she is skipped here too."""
    s = collaudo
    progettazione = ProceduraSelezione.objects.create(
        istituto=s.procedura.istituto, oggetto="Progettista rete LAN", creata_da=ds,
        tipologia_incarico="progettista", progetto=CUP, stato="conclusa_esito")
    Proposta.objects.create(procedura=progettazione, graduatoria=s.procedura.graduatorie.last(),
                            candidatura=s.alessia, incarico=1, stato="accettata",
                            scadenza=timezone.now(), creata_il=timezone.now())
    proposta = _proponi(ds, s.procedura)
    assert proposta.candidatura == s.sara
    saltata = Proposta.objects.get(procedura=s.procedura, candidatura=s.alessia)
    assert saltata.stato == "saltata"
    assert f"proposta accettata nella procedura n. {progettazione.pk}" in saltata.motivazione


def test_regole_di_incompatibilita_come_dati(ds, persone, altro_istituto):
    """A rule added for the istituto holds at the conferimento; one of another istituto does
    not; without rules (the art. 17 pair removed) the database constraint still refuses."""
    esperto = _scheda(ds, "Esperto di robotica", "esperto", cup="D34D22000350001")
    tutor = _scheda(ds, "Tutor di robotica", "tutor", cup="D34D22000350001")
    Incompatibilita.objects.create(istituto=altro_istituto, tipologia="esperto",
                                   incompatibile_con="tutor")
    _affida(ds, esperto, persone["luca"])
    assert _affida(ds, tutor, persone["luca"]).tipologia == "tutor"  # other istituto's rule

    collega = _scheda(ds, "Esperto di coding", "esperto", cup="D34D22000350002")
    tutor_collega = _scheda(ds, "Tutor di coding", "tutor", cup="D34D22000350002")
    Incompatibilita.objects.create(istituto=ds.memberships.get().istituto, tipologia="tutor",
                                   incompatibile_con="esperto", riferimento="Delibera n. 7")
    _affida(ds, tutor_collega, persone["marco"])
    with pytest.raises(ValidationError, match=r"tutor e esperto dello stesso progetto sono "
                                              r"incompatibili \(Delibera n. 7\)"):
        _affida(ds, collega, persone["marco"])
    regola = Incompatibilita(istituto=ds.memberships.get().istituto, tipologia="esperto",
                             incompatibile_con="tutor")
    with pytest.raises(ValidationError, match="già registrata"):
        regola.full_clean()


def test_la_procedura_porta_il_progetto_della_scheda(ds):
    from procedure import services as procedure_services

    membership = ds.memberships.get()
    con_cup = _scheda(ds, "Collaudatore rete LAN", "collaudatore")
    procedura = procedure_services.genera_da_scheda(autore=ds, membership=membership,
                                                    scheda=con_cup)
    assert procedura.progetto == CUP
    senza_cup = _scheda(ds, "Collaudatore palestra", "collaudatore", cup="")
    procedura = procedure_services.genera_da_scheda(autore=ds, membership=membership,
                                                    scheda=senza_cup)
    assert procedura.progetto == f"scheda-{senza_cup.pk}"
    procedure_services.salva_informazioni(autore=ds, membership=membership, procedura=procedura,
                                          progetto="PALESTRA-2027")
    procedura.refresh_from_db()
    assert procedura.progetto == "PALESTRA-2027"
    assert Evento.objects.filter(azione="procedura.salvata", object_id=procedura.pk,
                                 dettagli__campi=["progetto"]).exists()


# --- pages ------------------------------------------------------------------------------------

def test_interpello_mostra_il_saltato_e_il_pulsante_del_ds(collaudo, ds, dsga, persone, client):
    s = collaudo
    prima = _proponi(ds, s.procedura)
    services.accetta_proposta(candidato=persone["alessia"], proposta=prima)
    interpello = reverse("graduatorie:interpello", args=[s.procedura.pk])
    annulla = reverse("graduatorie:annulla_accettazione", args=[s.procedura.pk, prima.pk])
    client.force_login(ds)
    pagina = client.get(interpello).content.decode()
    assert "Non proposta: incompatibilità" in pagina
    assert "progettista e collaudatore dello stesso progetto sono incompatibili" in pagina
    assert annulla in pagina
    client.force_login(dsga)
    assert annulla not in client.get(interpello).content.decode()
    client.force_login(persone["marco"])
    pagina = client.get(reverse("graduatorie:esito_candidato", args=[s.marco.pk]))
    assert "non ti è stato proposto" in pagina.content.decode()


def test_pagina_annulla_accettazione(collaudo, ds, persone, client):
    s = collaudo
    prima = _proponi(ds, s.procedura)
    url = reverse("graduatorie:annulla_accettazione", args=[s.procedura.pk, prima.pk])
    client.force_login(ds)
    # not accepted yet: nothing to void
    risposta = client.get(url)
    assert risposta.status_code == 302 and risposta["Location"].endswith("/interpello/")
    assert client.post(url, {"motivo": "decadenza", "motivazione": "x"}).status_code == 302
    prima.refresh_from_db()
    assert prima.stato == "in_attesa"

    services.accetta_proposta(candidato=persone["alessia"], proposta=prima)
    pagina = client.get(url).content.decode()
    assert "Annulla l'accettazione" in pagina and "è revocato" in pagina
    risposta = client.post(url, {"motivo": "rinuncia", "motivazione": ""})
    assert risposta.status_code == 200 and Proposta.objects.filter(stato="annullata").count() == 0
    risposta = client.post(url, {"motivo": "rinuncia", "motivazione":
                                 "Rinuncia scritta del 3 febbraio, protocollo 412."}, follow=True)
    assert "proposto a Sara Mancini" in risposta.content.decode()
    prima.refresh_from_db()
    assert prima.stato == "annullata"
    risposta = client.get(reverse("graduatorie:interpello", args=[s.procedura.pk]))
    assert "Rinuncia scritta del 3 febbraio" in risposta.content.decode()
    client.force_login(persone["alessia"])
    pagina = client.get(reverse("graduatorie:esito_candidato", args=[s.alessia.pk]))
    assert "ha annullato l'accettazione (rinuncia del candidato dopo" in (
        pagina.content.decode())


def test_pagina_annulla_accettazione_rifiutata_agli_altri(collaudo, ds, dsga, segreteria,
                                                          persone, ds_altro, client):
    s = collaudo
    prima = _proponi(ds, s.procedura)
    services.accetta_proposta(candidato=persone["alessia"], proposta=prima)
    url = reverse("graduatorie:annulla_accettazione", args=[s.procedura.pk, prima.pk])
    corpo = {"motivo": "decadenza", "motivazione": "Decaduta."}
    for persona in (dsga, segreteria, ds_altro, persone["alessia"], persone["sara"]):
        client.force_login(persona)
        assert client.get(url).status_code in (403, 404), persona
        assert client.post(url, corpo).status_code in (403, 404), persona
    client.logout()
    assert client.post(url, corpo).status_code == 302  # to the login
    # a proposal of another procedure under this one's address
    client.force_login(ds)
    altro = reverse("graduatorie:annulla_accettazione", args=[s.procedura.pk + 999, prima.pk])
    assert client.post(altro, corpo).status_code == 404
    prima.refresh_from_db()
    assert prima.stato == "accettata"
    assert not Evento.objects.filter(azione="graduatorie.accettazione_annullata").exists()


def test_l_interpello_dice_che_il_budget_della_scheda_e_gia_impegnato(definitiva, ds, persone,  # noqa: F811
                                                                      client_di,
                                                                      completa_requisiti_di):
    """The Riepilogo warned that the winner's act could not be issued (the scheda's budget used
    up by a direct award), the interpello did not: the DS sent a proposal that cannot be
    withdrawn to a candidate whose incarico could not follow."""
    s = definitiva
    scheda = _scheda(ds, "Collaudatore rete LAN", "collaudatore")
    ProceduraSelezione.objects.filter(pk=s.procedura.pk).update(scheda=scheda)
    interpello = reverse("graduatorie:interpello", args=[s.procedura.pk])
    assert "è già impegnato" not in unescape(client_di(ds).get(interpello).content.decode())
    affidato = servizi_incarichi.emetti_atto(
        autore=ds, membership=ds.memberships.get(),
        incarico=completa_requisiti_di(_affida(ds, scheda, persone["sara"])))
    pagina = unescape(client_di(ds).get(interpello).content.decode())
    avviso = pagina[pagina.index("Proponi incarico</h2>"):]
    assert (f"è già impegnato per 192,50 € da altri incarichi (incarico n. {affidato.pk} a Sara "
            "Mancini): l'atto per il vincitore di questa selezione non si potrà emettere") in avviso
