"""Access control sweep: every URL pattern of the project, requested by people who must not
reach what it shows.

The sweep walks `get_resolver().url_patterns` (namespaces included) and, for each pattern,
fills its URL arguments from ONE data set owned by istituto A and candidate A (procedures in
several states, a sent application with attachments, an integration request, a ticket with
an attachment, a strumento, schede, an incarico, a ranking with a reclamo and a proposal).
Then it requests the URL with GET and POST as

- an anonymous visitor,
- a logged-in candidate who owns nothing of A (candidate B),
- the DS of another istituto,

and expects a redirect to the login page, 403, 404 (or 405 for a method the view refuses).
A POST from any of them must not change a single row (every table of the project apps is
fingerprinted before and after, the event log included). Each POST carries the body the
owner's own page would send (`corpi_validi`: every POST form of A's pages, filled), so an
unchanged database means the view refused the person, not that the form was empty.

Then the roles of istituto A itself (DSGA, Segreteria, Referente, a commissario of another
procedure) and the national ones (Supporto, Amministrazione centrale) request every OGGETTO
and STAFF pattern: `RAGGIUNGONO` says who among them reaches each (default: DSGA and
Segreteria), everybody else must be refused and change nothing. Finally the applications
and their documents (Gestione istanze, ZIP, istruttoria, notifica, valutazione) of a
procedure still OPEN and of a CLOSED one, by every role including the commission: open,
nobody reaches them; closed, the office and the commission only. Their POST bodies are
valid for the view's own form, so "no row changed" means the view refused.

Every pattern must be classified in `MAPPA` below: a pattern that is not there makes the
test fail, so a new URL cannot slip in unchecked. Public patterns carry the reason they are
public; they must answer without a server error and without showing any private datum of A.
The technical administration (`/amministrazione-tecnica/…`) is checked as a group.
"""

import functools
import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import Ruolo
from candidature import services as candidature_services
from candidature.tests.istanze_fixtures import invia, persone, salva  # noqa: F401
from graduatorie.tests.test_flusso import IMPEGNO
from portale.tests.campioni_documenti import caricato, pdf
from tests.moduli_html import moduli_della_pagina

# ---------------------------------------------------------------------------------------------
# Classification of every pattern.
#
#   PUBBLICO  reachable by anyone (the reason is written beside it); no private datum of A.
#   UTENTE    any logged-in person, on their own data only: anonymous → login; the others may
#             see the page but nothing of A.
#   STAFF     a role of an istituto is needed: anonymous → login, candidate B → refused; the
#             DS of the other istituto sees their own istituto only (nothing of A).
#   OGGETTO   an object of A: anonymous → login (or 403/404), candidate B and the other DS →
#             403/404, and a POST of theirs changes nothing.
#
# The value is (category, function of the data set → URL kwargs, reason if public).
# ---------------------------------------------------------------------------------------------
PUBBLICO, UTENTE, STAFF, OGGETTO = "pubblico", "utente", "staff", "oggetto"

SAML = "endpoint SAML/SPID: deve rispondere prima dell'accesso (richiesta, ACS, SLO, metadata)"
IDP_TEST = "IdP SPID di test, installato solo fuori produzione (SPID_TEST_IDP_ENABLED)"
ALLAUTH = "pagina di allauth raggiungibile prima dell'accesso (accesso, uscita, stato account)"
AVVISI = "avvisi pubblici (Albo): solo procedure pubblicate, le altre rispondono 404"
ESITI = "graduatorie pubblicate (art. 17): solo versioni pubblicate, le altre 404"
TRASPARENZA = "Amministrazione trasparente (art. 15 d.lgs. 33/2013): incarichi pubblicati"
STATICA = "pagina informativa pubblica"

niente = lambda d: {}  # noqa: E731

MAPPA = {
    # accounts/spid, allauth
    "healthz": (PUBBLICO, niente, "sonda di vita per il bilanciatore, nessun dato"),
    "spid_test_idp:sso": (PUBBLICO, niente, IDP_TEST),
    "spid_test_idp:sso_cie": (PUBBLICO, niente, IDP_TEST),
    "spid_test_idp:conferma": (PUBBLICO, niente, IDP_TEST),
    "spid_test_idp:slo": (PUBBLICO, niente, IDP_TEST),
    "spid_test_idp:metadata": (PUBBLICO, niente, IDP_TEST),
    "spid_login": (PUBBLICO, niente, SAML),
    "spid_acs": (PUBBLICO, niente, SAML),
    "spid_acs_fine": (PUBBLICO, niente, SAML),
    "spid_sls": (PUBBLICO, niente, SAML),
    "spid_sls_fine": (PUBBLICO, niente, SAML),
    "spid_metadata": (PUBBLICO, niente, SAML),
    "cie_metadata": (PUBBLICO, niente, SAML),
    "spid_logout": (PUBBLICO, niente, SAML),
    "account_login": (PUBBLICO, niente, ALLAUTH),
    "account_logout": (PUBBLICO, niente, ALLAUTH),
    "account_inactive": (PUBBLICO, niente, ALLAUTH),
    "account_signup": (PUBBLICO, niente, ALLAUTH + "; la registrazione è chiusa (solo SPID/CIE)"),
    "account_reauthenticate": (UTENTE, niente, None),
    "account_request_reauthentication_code": (UTENTE, niente, None),
    "account_confirm_reauthentication_code": (UTENTE, niente, None),
    "account_email": (UTENTE, niente, None),
    "account_email_verification_sent": (PUBBLICO, niente, ALLAUTH),
    "account_change_password": (UTENTE, niente, None),
    "account_set_password": (UTENTE, niente, None),
    "account_reset_password": (PUBBLICO, niente, ALLAUTH + " (reimposta password)"),
    "account_confirm_login_code": (PUBBLICO, niente, ALLAUTH + " (codice di accesso)"),
    "account_confirm_email": (PUBBLICO, lambda d: {"key": "chiave-inesistente"},
                              ALLAUTH + " (conferma e-mail con chiave segreta)"),
    "account_reset_password_from_key_done": (PUBBLICO, niente, ALLAUTH),
    "account_reset_password_from_key": (PUBBLICO, lambda d: {"uidb36": "1", "key": "x-y"},
                                         ALLAUTH + " (reimposta con chiave segreta)"),
    "account_reset_password_done": (PUBBLICO, niente, ALLAUTH),
    "mfa_index": (UTENTE, niente, None),
    "mfa_authenticate": (PUBBLICO, niente, ALLAUTH + " (secondo fattore durante l'accesso)"),
    "mfa_reauthenticate": (UTENTE, niente, None),
    "mfa_activate_totp": (UTENTE, niente, None),
    "mfa_deactivate_totp": (UTENTE, niente, None),
    "mfa_view_recovery_codes": (UTENTE, niente, None),
    "mfa_generate_recovery_codes": (UTENTE, niente, None),
    "mfa_download_recovery_codes": (UTENTE, niente, None),
    "socialaccount_login_cancelled": (PUBBLICO, niente, ALLAUTH + " (accesso annullato)"),
    "socialaccount_login_error": (PUBBLICO, niente, ALLAUTH + " (errore di accesso)"),
    "socialaccount_signup": (PUBBLICO, niente, ALLAUTH + " (completa i dati dopo SPID)"),
    "socialaccount_connections": (UTENTE, niente, None),
    # unnamed redirects of allauth from the old /social/ addresses to /3rdparty/
    "accounts/social/login/cancelled/": (PUBBLICO, niente, ALLAUTH + " (vecchio indirizzo)"),
    "accounts/social/login/error/": (PUBBLICO, niente, ALLAUTH + " (vecchio indirizzo)"),
    "accounts/social/signup/": (PUBBLICO, niente, ALLAUTH + " (vecchio indirizzo)"),
    "accounts/social/connections/": (PUBBLICO, niente, ALLAUTH + " (vecchio indirizzo)"),
    "accounts:cambia_istituto": (UTENTE, niente, None),
    "accounts:resta_collegato": (UTENTE, niente, None),
    # fabbisogno: schede
    "fabbisogno:schede": (STAFF, niente, None),
    "fabbisogno:crea_scheda": (STAFF, niente, None),
    "fabbisogno:scheda": (OGGETTO, lambda d: {"pk": d.scheda_bozza.pk}, None),
    "fabbisogno:modifica_scheda": (OGGETTO, lambda d: {"pk": d.scheda_bozza.pk}, None),
    "fabbisogno:conclusione_scheda": (OGGETTO, lambda d: {"pk": d.scheda_bozza.pk}, None),
    "fabbisogno:concludi_scheda": (OGGETTO, lambda d: {"pk": d.scheda_bozza.pk}, None),
    "fabbisogno:elimina_scheda": (OGGETTO, lambda d: {"pk": d.scheda_bozza.pk}, None),
    # incarichi (the affidamento diretto creates an Incarico, under the scheda's address)
    "incarichi:affidamento_diretto": (OGGETTO, lambda d: {"scheda_pk": d.scheda.pk}, None),
    "incarichi:incarichi": (STAFF, niente, None),
    "incarichi:cruscotto": (STAFF, niente, None),
    "incarichi:trasparenza": (STAFF, niente, None),
    "incarichi:esporta_anagrafe": (STAFF, niente, None),
    "incarichi:comunicazione_negativa": (STAFF, niente, None),
    "incarichi:incarico": (OGGETTO, lambda d: {"pk": d.incarico.pk}, None),
    "incarichi:atto_personale": (OGGETTO, lambda d: {"pk": d.incarico.pk}, None),
    "incarichi:il_mio_incarico": (OGGETTO, lambda d: {"pk": d.incarico.pk}, None),
    "incarichi:annota_ore": (OGGETTO, lambda d: {"pk": d.incarico.pk}, None),
    "incarichi:comunica_iban": (OGGETTO, lambda d: {"pk": d.incarico.pk}, None),
    "incarichi:elimina_ore_annotate": (OGGETTO, lambda d: {"pk": d.incarico.pk,
                                                           "riga_pk": d.riga_ore.pk}, None),
    "incarichi:requisiti": (OGGETTO, lambda d: {"pk": d.incarico.pk}, None),
    "incarichi:registra_ore": (OGGETTO, lambda d: {"pk": d.incarico.pk}, None),
    "incarichi:elimina_ore": (OGGETTO, lambda d: {"pk": d.incarico.pk,
                                                  "riga_pk": d.riga_ore.pk}, None),
    "incarichi:documento": (OGGETTO, lambda d: {"pk": d.incarico.pk,
                                                "documento_pk": d.atto.pk}, None),
    "incarichi:azione": (OGGETTO, lambda d: {"pk": d.incarico.pk, "azione": "avvia"}, None),
    "incarichi:trasparenza_indice": (PUBBLICO, niente, TRASPARENZA),
    "incarichi:trasparenza_pubblica": (
        PUBBLICO, lambda d: {"codice_meccanografico": d.istituto.codice_meccanografico},
        TRASPARENZA),
    # the act of the incarico is private: the public address must answer 404 for it
    "incarichi:curriculum_pubblico": (
        PUBBLICO, lambda d: {"codice_meccanografico": d.istituto.codice_meccanografico,
                             "documento_pk": d.atto.pk}, TRASPARENZA + " (solo curricula pubblici)"),
    # procedure
    "procedure:avvisi": (PUBBLICO, niente, AVVISI),
    "procedure:avviso": (PUBBLICO, lambda d: {"pk": d.aperta.pk}, AVVISI),
    "procedure:avviso_pdf": (PUBBLICO, lambda d: {"pk": d.aperta.pk}, AVVISI),
    "procedure:avviso_pdf_versione": (PUBBLICO, lambda d: {"pk": d.aperta.pk, "numero": 1},
                                      AVVISI),
    "procedure:elenco": (STAFF, niente, None),
    "procedure:crea": (STAFF, niente, None),
    "procedure:dettaglio": (OGGETTO, lambda d: {"pk": d.bozza.pk}, None),
    "procedure:informazioni": (OGGETTO, lambda d: {"pk": d.bozza.pk}, None),
    "procedure:funzionalita": (OGGETTO, lambda d: {"pk": d.bozza.pk}, None),
    "procedure:criteri": (OGGETTO, lambda d: {"pk": d.bozza.pk}, None),
    "procedure:modifica_criterio": (OGGETTO, lambda d: {
        "pk": d.bozza.pk, "criterio_pk": d.bozza.criteri.first().pk}, None),
    "procedure:rimuovi": (OGGETTO, lambda d: {
        "pk": d.bozza.pk, "tipo": "criterio", "elemento_pk": d.bozza.criteri.first().pk}, None),
    "procedure:concludi": (OGGETTO, lambda d: {"pk": d.bozza.pk}, None),
    "procedure:azione": (OGGETTO, lambda d: {"pk": d.aperta.pk, "nome": "annulla"}, None),
    "procedure:anteprima": (OGGETTO, lambda d: {"pk": d.bozza.pk}, None),
    "procedure:avviso_staff": (OGGETTO, lambda d: {"pk": d.aperta.pk, "numero": 1}, None),
    "procedure:genera_da_scheda": (OGGETTO, lambda d: {"pk": d.scheda.pk}, None),
    # «Simula»: the candidates' steps on a draft never saved, for the procedure's staff
    "candidature:simula": (OGGETTO, lambda d: {"pk": d.bozza.pk}, None),
    "candidature:simula_passo": (OGGETTO, lambda d: {"pk": d.bozza.pk, "slug": "titoli"}, None),
    "candidature:simula_ricomincia": (OGGETTO, lambda d: {"pk": d.bozza.pk}, None),
    # candidature: the candidate's side (anyone may apply to an open procedure)
    "candidature:presenta": (UTENTE, lambda d: {"pk": d.aperta.pk}, None),
    "candidature:passo": (UTENTE, lambda d: {"pk": d.aperta.pk, "slug": "titoli"}, None),
    "candidature:riepilogo": (UTENTE, lambda d: {"pk": d.aperta.pk}, None),
    "candidature:le_mie": (UTENTE, niente, None),
    "incarichi:i_miei": (UTENTE, niente, None),
    "candidature:salva_nel_profilo": (UTENTE, lambda d: {"pk": d.bozza_a.procedura_id}, None),
    # «Il mio profilo»: each person's own; the entries of A are A's objects
    "candidature:profilo": (UTENTE, niente, None),
    "candidature:profilo_contatti": (UTENTE, niente, None),
    "candidature:profilo_curriculum": (UTENTE, niente, None),
    "candidature:profilo_scarica_curriculum": (UTENTE, niente, None),
    "candidature:profilo_elimina_curriculum": (UTENTE, niente, None),
    "candidature:profilo_identita": (UTENTE, niente, None),
    "candidature:profilo_scarica_identita": (UTENTE, niente, None),
    "candidature:profilo_elimina_identita": (UTENTE, niente, None),
    "candidature:profilo_sezione": (UTENTE, lambda d: {"slug": "titoli-di-studio"}, None),
    "candidature:profilo_nuova_voce": (UTENTE, lambda d: {"slug": "titoli-di-studio"}, None),
    "candidature:profilo_voce": (OGGETTO, lambda d: {"pk": d.voce_profilo.pk}, None),
    "candidature:profilo_elimina_voce": (OGGETTO, lambda d: {"pk": d.voce_profilo.pk}, None),
    "candidature:dettaglio": (OGGETTO, lambda d: {"pk": d.inviata.pk}, None),
    "candidature:invia": (OGGETTO, lambda d: {"pk": d.bozza_a.pk}, None),
    "candidature:ritira": (OGGETTO, lambda d: {"pk": d.inviata_aperta.pk}, None),
    "candidature:elimina_bozza": (OGGETTO, lambda d: {"pk": d.bozza_a.pk}, None),
    "candidature:ricevuta": (OGGETTO, lambda d: {"pk": d.inviata.pk}, None),
    "candidature:allegato": (OGGETTO, lambda d: {"pk": d.inviata.pk,
                                                 "allegato_pk": d.allegato.pk}, None),
    "candidature:rispondi_integrazione": (OGGETTO, lambda d: {
        "pk": d.integrazione_aperta.candidatura_id, "richiesta_pk": d.integrazione_aperta.pk},
        None),
    "candidature:documento_integrazione": (OGGETTO, lambda d: {
        "pk": d.inviata.pk, "documento_pk": d.documento_integrazione.pk}, None),
    # candidature: the office's side
    "candidature:istanze": (OGGETTO, lambda d: {"pk": d.chiusa.pk}, None),
    "candidature:istanze_zip": (OGGETTO, lambda d: {"pk": d.chiusa.pk}, None),
    "candidature:istanze_notifica": (OGGETTO, lambda d: {"pk": d.chiusa.pk}, None),
    "candidature:monitoraggio": (OGGETTO, lambda d: {"pk": d.chiusa.pk}, None),
    "candidature:monitoraggio_csv": (OGGETTO, lambda d: {"pk": d.chiusa.pk}, None),
    "candidature:monitoraggio_pdf": (OGGETTO, lambda d: {"pk": d.chiusa.pk}, None),
    "candidature:istanza": (OGGETTO, lambda d: {"pk": d.chiusa.pk,
                                                "istanza_pk": d.inviata.pk}, None),
    "candidature:istanza_zip": (OGGETTO, lambda d: {"pk": d.chiusa.pk,
                                                    "istanza_pk": d.inviata.pk}, None),
    "candidature:istanza_allegato": (OGGETTO, lambda d: {
        "pk": d.chiusa.pk, "istanza_pk": d.inviata.pk, "allegato_pk": d.allegato.pk}, None),
    "candidature:istanza_integrazione": (OGGETTO, lambda d: {
        "pk": d.chiusa.pk, "istanza_pk": d.inviata.pk,
        "documento_pk": d.documento_integrazione.pk}, None),
    "candidature:istanza_istruttoria": (OGGETTO, lambda d: {
        "pk": d.chiusa.pk, "istanza_pk": d.inviata.pk}, None),
    "candidature:istanza_chiudi_istruttoria": (OGGETTO, lambda d: {
        "pk": d.integrazione_aperta.candidatura.procedura_id,
        "istanza_pk": d.integrazione_aperta.candidatura_id,
        "richiesta_pk": d.integrazione_aperta.pk}, None),
    # graduatorie
    "graduatorie:commissione": (OGGETTO, lambda d: {"pk": d.chiusa.pk}, None),
    "graduatorie:revoca_commissario": (OGGETTO, lambda d: {
        "pk": d.chiusa.pk, "commissario_pk": d.commissario.pk}, None),
    "graduatorie:valutazione": (OGGETTO, lambda d: {"pk": d.chiusa.pk}, None),
    "graduatorie:concludi": (OGGETTO, lambda d: {"pk": d.chiusa.pk}, None),
    "graduatorie:verbale": (OGGETTO, lambda d: {"pk": d.chiusa.pk}, None),
    "graduatorie:istanza": (OGGETTO, lambda d: {"pk": d.chiusa.pk,
                                                "istanza_pk": d.inviata.pk}, None),
    "graduatorie:allegato_istanza": (OGGETTO, lambda d: {
        "pk": d.chiusa.pk, "istanza_pk": d.inviata.pk, "allegato_pk": d.allegato.pk}, None),
    "graduatorie:escludi_per_requisito": (OGGETTO, lambda d: {
        "pk": d.chiusa.pk, "istanza_pk": d.inviata.pk}, None),
    "graduatorie:le_mie_commissioni": (UTENTE, niente, None),
    "graduatorie:graduatoria": (OGGETTO, lambda d: {"pk": d.chiusa.pk}, None),
    "graduatorie:pubblica": (OGGETTO, lambda d: {"pk": d.chiusa.pk}, None),
    "graduatorie:approva": (OGGETTO, lambda d: {"pk": d.chiusa.pk}, None),
    "graduatorie:reclamo": (OGGETTO, lambda d: {"pk": d.chiusa.pk,
                                                "reclamo_pk": d.reclamo.pk}, None),
    "graduatorie:documento_reclamo": (OGGETTO, lambda d: {
        "pk": d.chiusa.pk, "reclamo_pk": d.reclamo.pk,
        "documento_pk": d.reclamo.documenti.get().pk}, None),
    "graduatorie:documento_del_mio_reclamo": (OGGETTO, lambda d: {
        "pk": d.reclamo.candidatura_id, "reclamo_pk": d.reclamo.pk,
        "documento_pk": d.reclamo.documenti.get().pk}, None),
    "graduatorie:interpello": (OGGETTO, lambda d: {"pk": d.definitiva.pk}, None),
    "graduatorie:annulla_accettazione": (OGGETTO, lambda d: {
        "pk": d.definitiva.pk, "proposta_pk": d.proposta.pk}, None),
    "graduatorie:esito": (PUBBLICO, lambda d: {"pk": d.chiusa.pk}, ESITI),
    "graduatorie:esito_pdf": (PUBBLICO, lambda d: {"pk": d.chiusa.pk}, ESITI),
    "graduatorie:esito_versione": (PUBBLICO, lambda d: {"pk": d.chiusa.pk, "numero": 1}, ESITI),
    "graduatorie:esito_pdf_versione": (PUBBLICO, lambda d: {"pk": d.chiusa.pk, "numero": 1},
                                       ESITI),
    "graduatorie:esito_candidato": (OGGETTO, lambda d: {"pk": d.inviata.pk}, None),
    "graduatorie:presenta_reclamo": (OGGETTO, lambda d: {"pk": d.inviata.pk}, None),
    "graduatorie:rispondi_proposta": (OGGETTO, lambda d: {
        "pk": d.proposta.candidatura_id, "proposta_pk": d.proposta.pk, "risposta": "accetta"},
        None),
    # strumenti
    "strumenti:elenco": (PUBBLICO, niente, "elenco degli strumenti: a chi non ha fatto l'accesso "
                         "solo quelli pubblici (strumenti.selectors.filtro_visibili)"),
    "strumenti:carica": (STAFF, niente, None),
    "strumenti:dettaglio": (OGGETTO, lambda d: {"pk": d.strumento.pk}, None),
    "strumenti:scarica": (OGGETTO, lambda d: {"pk": d.strumento.pk}, None),
    "strumenti:scarica_versione": (OGGETTO, lambda d: {"pk": d.strumento.pk, "numero": 1}, None),
    "strumenti:modifica": (OGGETTO, lambda d: {"pk": d.strumento.pk}, None),
    "strumenti:nuova_versione": (OGGETTO, lambda d: {"pk": d.strumento.pk}, None),
    "strumenti:ritira": (OGGETTO, lambda d: {"pk": d.strumento.pk}, None),
    "strumenti:ritirati": (STAFF, niente, None),
    "strumenti:ripristina": (OGGETTO, lambda d: {"pk": d.strumento_ritirato.pk}, None),
    "strumenti:informazioni_utili": (PUBBLICO, niente, "FAQ e strumenti pubblici"),
    # assistenza
    "assistenza:monitoraggio": (UTENTE, niente, None),
    "assistenza:apri": (UTENTE, niente, None),
    "assistenza:ticket": (OGGETTO, lambda d: {"codice": d.ticket.codice}, None),
    "assistenza:messaggio": (OGGETTO, lambda d: {"codice": d.ticket.codice}, None),
    "assistenza:riapri": (OGGETTO, lambda d: {"codice": d.ticket.codice}, None),
    "assistenza:chiudi": (OGGETTO, lambda d: {"codice": d.ticket.codice}, None),
    "assistenza:allegato": (OGGETTO, lambda d: {"pk": d.allegato_ticket.pk}, None),
    "assistenza:coda": (STAFF, niente, None),
    "assistenza:report": (STAFF, niente, None),
    "assistenza:prendi": (OGGETTO, lambda d: {"codice": d.ticket.codice}, None),
    "assistenza:assegna": (OGGETTO, lambda d: {"codice": d.ticket.codice}, None),
    "assistenza:rispondi": (OGGETTO, lambda d: {"codice": d.ticket.codice}, None),
    "assistenza:nota": (OGGETTO, lambda d: {"codice": d.ticket.codice}, None),
    "assistenza:stato": (OGGETTO, lambda d: {"codice": d.ticket.codice}, None),
    # portale
    "portale:home": (PUBBLICO, niente, STATICA + " (home con gli avvisi aperti)"),
    "portale:favicon": (PUBBLICO, niente, "icona del sito (rinvio al file statico)"),
    "portale:robots": (PUBBLICO, niente, "regole per i motori di ricerca: nessun dato"),
    "portale:privacy": (PUBBLICO, niente, STATICA),
    "portale:accessibilita": (PUBBLICO, niente, STATICA),
    "portale:note_legali": (PUBBLICO, niente, STATICA),
    "portale:area_riservata": (UTENTE, niente, None),
    "portale:notifiche": (UTENTE, niente, None),
    "portale:segna_tutte_lette": (UTENTE, niente, None),  # only one's own, by construction
    "portale:apri_notifica": (OGGETTO, lambda d: {"pk": d.notifica.pk}, None),
    "portale:istituti": (STAFF, niente, None),
    "portale:nuovo_istituto": (STAFF, niente, None),
    "portale:istituto": (OGGETTO, lambda d: {"codice": d.istituto.codice_meccanografico}, None),
    "portale:personale": (STAFF, niente, None),
    "portale:assegna_ruolo": (STAFF, niente, None),
    "portale:ruolo": (OGGETTO, lambda d: {"pk": d.membership_dsga.pk}, None),
    "portale:revoca_ruolo": (OGGETTO, lambda d: {"pk": d.membership_dsga.pk}, None),
}

# Who owns the object of an OGGETTO pattern (default: the DS of A). The owner must reach it
# (a status other than 403/404): a mapping that points to a wrong object would otherwise
# pass as "protected".
DI_CANDIDATO_A = ("candidature:dettaglio", "candidature:invia", "candidature:ritira",
                  "candidature:elimina_bozza",
                  "candidature:ricevuta", "candidature:allegato",
                  "candidature:rispondi_integrazione", "candidature:documento_integrazione",
                  "graduatorie:esito_candidato", "graduatorie:presenta_reclamo",
                  "graduatorie:documento_del_mio_reclamo",
                  "graduatorie:rispondi_proposta", "assistenza:ticket", "assistenza:messaggio",
                  "assistenza:riapri", "assistenza:chiudi", "assistenza:allegato",
                  "portale:apri_notifica", "candidature:profilo_voce",
                  "candidature:profilo_elimina_voce")
PROPRIETARIO = {chiave: "candidato" for chiave in DI_CANDIDATO_A} | {
    chiave: "supporto" for chiave in ("assistenza:prendi", "assistenza:assegna",
                                      "assistenza:rispondi", "assistenza:nota",
                                      "assistenza:stato")} | {
    "portale:istituto": "amministrazione", "strumenti:modifica": "segreteria",
    "strumenti:nuova_versione": "segreteria", "strumenti:ritira": "segreteria",
    "strumenti:dettaglio": "segreteria", "strumenti:scarica": "segreteria",
    "strumenti:scarica_versione": "segreteria",
    # the act to sign is the incaricato's (the office reads it at «incarichi:documento»)
    "incarichi:atto_personale": "incaricato", "incarichi:il_mio_incarico": "incaricato",
    "incarichi:annota_ore": "incaricato", "incarichi:elimina_ore_annotate": "incaricato",
    "incarichi:comunica_iban": "incaricato"}

# Public patterns that must still refuse a private object of A (URL kwargs → 404 for all).
PUBBLICI_CON_OGGETTO_PRIVATO = {
    "procedure:avviso": lambda d: {"pk": d.bozza.pk},
    "procedure:avviso_pdf": lambda d: {"pk": d.bozza.pk},
    "procedure:avviso_pdf_versione": lambda d: {"pk": d.bozza.pk, "numero": 1},
    "graduatorie:esito": lambda d: {"pk": d.aperta.pk},
    "graduatorie:esito_pdf": lambda d: {"pk": d.aperta.pk},
    "graduatorie:esito_versione": lambda d: {"pk": d.chiusa.pk, "numero": 99},
    "graduatorie:esito_pdf_versione": lambda d: {"pk": d.aperta.pk, "numero": 1},
    "incarichi:curriculum_pubblico": lambda d: {
        "codice_meccanografico": d.istituto.codice_meccanografico, "documento_pk": d.atto.pk},
}

# Patterns open to any logged-in person that must refuse an object not yet public (candidate B).
UTENTI_CON_OGGETTO_PRIVATO = {
    "candidature:presenta": lambda d: {"pk": d.bozza.pk},
    "candidature:passo": lambda d: {"pk": d.bozza.pk, "slug": "titoli"},
    "candidature:riepilogo": lambda d: {"pk": d.bozza.pk},
}

ADMIN = "amministrazione-tecnica/"
APP_DEL_PROGETTO = ("accounts", "portale", "fabbisogno", "procedure", "candidature",
                    "graduatorie", "incarichi", "strumenti", "assistenza")


# ---------------------------------------------------------------------------------------------
# The URL patterns
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Modello:
    chiave: str          # "namespace:name", or the route for unnamed patterns
    percorso: str        # the full route, for messages
    argomenti: tuple     # the URL kwargs the pattern needs


def _argomenti(pattern) -> tuple:
    regex = pattern.pattern.regex
    return tuple(sorted(regex.groupindex))


def modelli_url(pattern_list=None, prefisso="", namespace="", argomenti=()):
    """Every pattern reachable from the root URLconf, with its namespaced name."""
    for voce in get_resolver().url_patterns if pattern_list is None else pattern_list:
        if isinstance(voce, URLResolver):
            ns = ":".join(filter(None, [namespace, voce.namespace]))
            yield from modelli_url(voce.url_patterns, prefisso + str(voce.pattern), ns,
                                   argomenti + _argomenti(voce))
        elif isinstance(voce, URLPattern):
            percorso = prefisso + str(voce.pattern)
            chiave = ":".join(filter(None, [namespace, voce.name])) if voce.name else percorso
            yield Modello(chiave, percorso, tuple(sorted(argomenti + _argomenti(voce))))


def tutti_i_modelli():
    visti, esito = set(), []
    for m in modelli_url():
        if (m.chiave, m.percorso) not in visti:  # accounts/spid/urls is included twice
            visti.add((m.chiave, m.percorso))
            esito.append(m)
    return esito


def indirizzo(modello: Modello, kwargs: dict) -> str:
    assert set(kwargs) == set(modello.argomenti), (
        f"{modello.chiave}: MAPPA fornisce {sorted(kwargs)}, il pattern vuole "
        f"{list(modello.argomenti)} ({modello.percorso})")
    if ":" in modello.chiave or "/" not in modello.chiave:
        return reverse(modello.chiave, kwargs=kwargs)
    return "/" + modello.percorso


# ---------------------------------------------------------------------------------------------
# The data set of istituto A and candidate A
# ---------------------------------------------------------------------------------------------
@dataclass
class DatiA:
    istituto: object
    ds: object
    candidato: object
    bozza: object               # a procedure in draft
    aperta: object              # open: candidate A has a draft and a sent application
    chiusa: object              # closed → provisional ranking published, with a reclamo
    definitiva: object          # definitive ranking with a proposal to candidate A
    bozza_a: object
    inviata_aperta: object
    inviata: object             # candidate A's sent application of `chiusa`
    bozza_chiusa: object        # a draft left on `chiusa` (never sent): never shown to staff
    allegato: object
    integrazione_aperta: object
    documento_integrazione: object
    commissario: object
    reclamo: object
    proposta: object
    scheda_bozza: object
    scheda: object
    incarico: object
    atto: object
    riga_ore: object            # a line of the incarico's registro ore
    strumento: object
    strumento_ritirato: object
    ticket: object
    allegato_ticket: object
    notifica: object
    membership_dsga: object
    voce_profilo: object        # an entry of candidate A's profile («Il mio profilo»)
    proprietari: dict           # "ds", "candidato", "supporto", … → the person
    segreti: tuple              # strings of A's private data: never in a page of the others


@pytest.fixture
def dati_a(istituto, ds, dsga, segreteria, candidato, persone, crea_procedura_completa,  # noqa: F811
           porta_a, scheda_conclusa, amministrazione, con_ruolo, settings):
    from assistenza import services as assistenza_services
    from assistenza.models import Allegato
    from fabbisogno import services as schede
    from fabbisogno.models import TariffaOraria
    from graduatorie import services as graduatorie_services
    from incarichi.models import OreSvolte, TipoDocumentoIncarico
    from incarichi.services import incarichi as servizi_incarichi
    from portale.models import Notifica
    from procedure import services as procedure_services
    from procedure.models import ProceduraSelezione
    from strumenti import services as strumenti_services

    settings.LIMITI = {k: (10_000, 60) for k in settings.LIMITI}  # the sweep is not a flood
    m = ds.memberships.get()
    kw = {"autore": ds, "membership": m}
    ora = timezone.now()

    def nuova(oggetto, stato):
        procedura = crea_procedura_completa(oggetto=oggetto)
        procedure_services.aggiungi_campo(**kw, procedura=procedura,
                                          etichetta="Disponibilità il sabato", tipo="si_no")
        return porta_a(procedura, stato)

    bozza = nuova("Procedura riservata Kappa in bozza", "bozza")
    # open: candidate A sends an application (still withdrawable); one application per
    # person and procedure, so candidate A's draft is on a second open procedure
    aperta = nuova("Esperto di robotica (aperta)", "aperta")
    inviata_aperta = invia(candidato, aperta)
    bozza_a = salva(candidato, nuova("Tutor di inglese (aperta)", "aperta"))

    def chiusa_con_candidati(oggetto, *candidati, bozze=()):
        procedura = nuova(oggetto, "aperta")
        inviate = [invia(p, procedura, descrizione="Politecnico di Milano, 2015",
                         titolo=pdf("Diploma di laurea")) for p in candidati]
        for persona in bozze:
            salva(persona, procedura, cv=pdf("Curriculum della bozza"))
        ProceduraSelezione.objects.filter(pk=procedura.pk).update(
            data_apertura=ora - timedelta(days=30), data_chiusura=ora - timedelta(days=20))
        procedure_services.allinea(procedura.pk)
        procedura.refresh_from_db()
        return procedura, inviate

    # closed: istruttoria answered with a document; valutazione, provisional ranking
    # published, candidate A files a reclamo with a document
    chiusa, (inviata, _) = chiusa_con_candidati("Esperto di coding (chiusa)", candidato,
                                                persone["marco"], bozze=[persone["sara"]])
    richiesta = candidature_services.richiedi_integrazione(
        **kw, candidatura=inviata, messaggio="Integrazione riservata Tau: il diploma firmato",
        scadenza=ora + timedelta(days=3))
    candidature_services.rispondi_integrazione(
        candidato=candidato, richiesta=richiesta, testo="Ecco il diploma.",
        documenti_verificati=[caricato("diploma.pdf", pdf("Diploma firmato"))])
    richiesta.refresh_from_db()
    documento_integrazione = richiesta.documenti.get()
    procedure_services.avvia_valutazione(**kw, procedura=chiusa)
    commissario = graduatorie_services.nomina_commissario(**kw, procedura=chiusa, persona=dsga)
    for c in chiusa.candidature.filter(stato__in=("inviata", "integrata")):
        graduatorie_services.ammetti(autore=dsga, candidatura=c)
    graduatorie_services.concludi_valutazione(**kw, procedura=chiusa)
    graduatorie_services.pubblica_graduatoria(**kw, procedura=chiusa)
    reclamo = graduatorie_services.presenta_reclamo(
        candidato=candidato, candidatura=inviata, testo="Reclamo riservato Sigma sul punteggio",
        documenti_caricati=[caricato("reclamo.pdf", pdf("Reclamo"))])

    # closed, with an integration request waiting for candidate A's answer
    in_istruttoria, (da_integrare,) = chiusa_con_candidati("Esperto di musica (istruttoria)",
                                                           candidato)
    integrazione_aperta = candidature_services.richiedi_integrazione(
        **kw, candidatura=da_integrare, messaggio="Integrazione riservata Tau: la firma",
        scadenza=ora + timedelta(days=3))

    # definitive ranking, proposal to candidate A
    definitiva, (inviata_def,) = chiusa_con_candidati("Esperto di fotografia (definitiva)",
                                                      candidato)
    procedure_services.avvia_valutazione(**kw, procedura=definitiva)
    graduatorie_services.nomina_commissario(**kw, procedura=definitiva, persona=dsga)
    graduatorie_services.ammetti(autore=dsga, candidatura=inviata_def)
    graduatorie_services.concludi_valutazione(**kw, procedura=definitiva)
    graduatorie_services.pubblica_graduatoria(
        **kw, procedura=definitiva, adesso=ora - timedelta(days=definitiva.giorni_reclami + 5))
    graduatorie_services.approva_definitiva(**kw, procedura=definitiva)
    proposta = graduatorie_services.proponi_incarico(**IMPEGNO, **kw, procedura=definitiva,
                                                     scadenza=ora + timedelta(days=2))

    # schede and an incarico with its act
    scheda_bozza = schede.crea_scheda(
        **kw, titolo="Scheda riservata Omega", descrizione="Laboratorio teatrale",
        tipologia_incarico="esperto", fonte_finanziamento="pnrr", cup="D34D22000350006",
        destinatari="Classi seconde", data_inizio=date(2027, 2, 1), data_fine=date(2027, 5, 30),
        ore_previste=20, tariffa=TariffaOraria.objects.get(importo_orario="19.25"))
    incarico = servizi_incarichi.affida_direttamente(
        **kw, scheda=scheda_conclusa, persona=persone["luca"], rapporto="interno",
        motivazione="occasionale", giustificazione="Collaborazione occasionale di poche ore.")
    incarico = servizi_incarichi.aggiorna_requisiti(
        **kw, incarico=incarico, autocertificazioni={
            "dichiara_incompatibilita": True, "dichiara_conflitto_interessi": True,
            "dichiara_codice_comportamento": True},
        casellario_acquisito_il=date(2026, 1, 5), controllo_corte_conti="")
    incarico = servizi_incarichi.emetti_atto(**kw, incarico=incarico)
    atto = incarico.documenti.get(tipo=TipoDocumentoIncarico.ATTO)
    # a line of its registro ore as the record of an earlier year would hold it (the service
    # writes one only once the activities run): the rows compared after each request include it
    riga_ore = OreSvolte.objects.create(incarico=incarico, data=date(2026, 1, 12), ore=2,
                                        attivita="Incontro riservato Ypsilon", inserita_da=ds)

    strumento = strumenti_services.carica_strumento(
        autore=segreteria, membership=segreteria.memberships.get(),
        titolo="Strumento riservato Zeta", descrizione="Solo per le segreterie",
        categoria="template", visibilita="segreterie", file=caricato("zeta.pdf", pdf("Zeta")))
    # withdrawn: only its managers see it, among «Strumenti ritirati», and restore it
    strumento_ritirato = strumenti_services.ritira_strumento(
        autore=segreteria, membership=segreteria.memberships.get(),
        strumento=strumenti_services.carica_strumento(
            autore=segreteria, membership=segreteria.memberships.get(),
            titolo="Strumento ritirato Theta", descrizione="", categoria="template",
            visibilita="pubblico", file=caricato("theta.pdf", pdf("Theta"))))

    ticket = assistenza_services.apri_ticket(
        autore=candidato, membership=None, tipologia="candidature",
        oggetto="Ticket riservato Lambda", descrizione="Non riesco a caricare il curriculum",
        allegati=[caricato("schermata.pdf", pdf("Schermata"))])

    from candidature.services import profilo as services_profilo
    voce_profilo = services_profilo.aggiungi_voce(
        persona=candidato, tipo="titolo_studio", dati={
            "livello": "laurea_magistrale", "titolo": "Laurea riservata Epsilon", "voto": 110,
            "scala_voto": 110, "lode": True})
    services_profilo.carica_curriculum(persona=candidato, verificato=candidature_services.documenti
                                       .verifica_file(caricato("cv.pdf", pdf("CV Epsilon")),
                                                      tipi=("pdf",)))
    services_profilo.carica_identita(persona=candidato, verificato=candidature_services.documenti
                                     .verifica_file(caricato("identita.pdf", pdf("CI Epsilon")),
                                                    tipi=("pdf",)))

    # what the worker does after each commit (no worker here): every avviso's PDF composed, so
    # a first download does not write it while the sweep compares the database
    from procedure.avviso import componi_pdf
    from procedure.models import VersioneAvviso
    for versione in VersioneAvviso.objects.all():
        componi_pdf(versione.pk)

    return DatiA(
        voce_profilo=voce_profilo, istituto=istituto, ds=ds, candidato=candidato, bozza=bozza, aperta=aperta,
        chiusa=chiusa, definitiva=definitiva, bozza_a=bozza_a, inviata_aperta=inviata_aperta,
        inviata=inviata, allegato=inviata.allegati.first(),
        bozza_chiusa=chiusa.candidature.get(candidato=persone["sara"]),
        integrazione_aperta=integrazione_aperta, documento_integrazione=documento_integrazione,
        commissario=commissario, reclamo=reclamo, proposta=proposta, scheda_bozza=scheda_bozza,
        scheda=scheda_conclusa, incarico=incarico, atto=atto, riga_ore=riga_ore,
        strumento=strumento, strumento_ritirato=strumento_ritirato,
        ticket=ticket, allegato_ticket=Allegato.objects.get(messaggio__ticket=ticket),
        notifica=Notifica.objects.filter(destinatario=candidato).first(),
        membership_dsga=dsga.memberships.get(),
        proprietari={"ds": ds, "candidato": candidato, "segreteria": segreteria,
                     "incaricato": persone["luca"],
                     "amministrazione": amministrazione,
                     "supporto": con_ruolo("MRNLRA90M50H501J", Ruolo.SUPPORTO, nome="Laura",
                                           cognome="Marini")},
        segreti=(candidato.codice_fiscale, candidato.email, "Procedura riservata Kappa",
                 "Integrazione riservata Tau", "Reclamo riservato Sigma",
                 "Scheda riservata Omega", "Strumento riservato Zeta", "Ticket riservato Lambda",
                 "Strumento ritirato Theta",
                 ticket.codice, persone["luca"].codice_fiscale, "Laurea riservata Epsilon",
                 "Incontro riservato Ypsilon"),
    )


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
@functools.cache
def _tabelle() -> list[tuple[str, str]]:
    tabelle = []
    for modello in apps.get_models(include_auto_created=True):
        if modello._meta.app_label in APP_DEL_PROGETTO and modello._meta.managed:
            campi = ", ".join(connection.ops.quote_name(f.column)
                              for f in modello._meta.concrete_fields if f.column != "last_login")
            tabelle.append((modello._meta.db_table, campi))
    return tabelle


def impronta() -> str:
    """A fingerprint of every row of every table of the project apps (event log included).
    Raw SQL: the sweep takes thousands of them."""
    h = hashlib.sha256()
    with connection.cursor() as cursore:
        for tabella, campi in _tabelle():
            cursore.execute(f"SELECT {campi} FROM {connection.ops.quote_name(tabella)} "  # noqa: S608
                            f"ORDER BY 1")
            h.update(tabella.encode() + repr(cursore.fetchall()).encode())
    return h.hexdigest()


def _corpo(risposta) -> str:
    if getattr(risposta, "streaming", False):
        return b"".join(risposta.streaming_content).decode("utf-8", "replace")
    return risposta.content.decode("utf-8", "replace")


def _verso_login(risposta) -> bool:
    return risposta.status_code == 302 and risposta["Location"].startswith(
        (reverse("account_login"), "/accounts/login/"))


# ---------------------------------------------------------------------------------------------
# The sweep
# ---------------------------------------------------------------------------------------------
def test_ogni_pattern_e_classificato():
    """A new URL must be added to MAPPA (with the objects of A its kwargs point to)."""
    mancanti = [f"{m.chiave}  ({m.percorso}, argomenti {list(m.argomenti)})"
                for m in tutti_i_modelli()
                if not m.percorso.startswith(ADMIN) and m.chiave not in MAPPA]
    assert not mancanti, (
        "Pattern URL senza classificazione nella verifica degli accessi. Aggiungili a MAPPA in "
        "tests/test_accessi.py (PUBBLICO con il motivo, UTENTE, STAFF o OGGETTO con gli "
        "oggetti di A per i loro argomenti; se servono oggetti nuovi, crearli nella fixture "
        "dati_a):\n  " + "\n  ".join(mancanti))
    superflui = set(MAPPA) - {m.chiave for m in tutti_i_modelli()}
    assert not superflui, f"MAPPA contiene pattern che non esistono più: {sorted(superflui)}"


def _valore_plausibile(nome: str, valore: str) -> str:
    """What a person would type in an empty field, from its name (the parser has no types)."""
    if valore:
        return valore
    nome = nome.lower()
    if "scadenza" in nome or "apertura" in nome or "chiusura" in nome:
        return (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    if "data" in nome or nome.endswith(("_il", "_dal", "_al")):
        return (timezone.localdate() + timedelta(days=10)).isoformat()
    if any(p in nome for p in ("ore", "giorni", "numero", "anno", "voto", "punti", "importo")):
        return "1"
    if "email" in nome:
        return "prova@example.it"
    return "Testo di prova di chi non ha diritto"


def corpi_validi(client, d) -> dict[str, dict]:
    """action path → a body for each POST form the owners of A's objects see on A's pages,
    filled as they would fill it: an outsider's POST then fails because the view refuses
    the person, not because the form was empty («no row changed» means something)."""
    corpi: dict[str, dict] = {}
    for modello in tutti_i_modelli():
        voce = MAPPA.get(modello.chiave)
        if voce is None or voce[0] == PUBBLICO or modello.percorso.startswith(ADMIN):
            continue
        categoria, argomenti, _ = voce
        titolare = "candidato" if categoria == UTENTE else PROPRIETARIO.get(modello.chiave, "ds")
        try:
            url = indirizzo(modello, argomenti(d))
        except Exception:  # noqa: BLE001, S112 - reported by the sweep itself
            continue
        client.force_login(d.proprietari[titolare])
        risposta = client.get(url)
        if risposta.status_code != 200 or "html" not in risposta.get("Content-Type", ""):
            continue
        for modulo in moduli_della_pagina(risposta.content.decode("utf-8", "replace")):
            azione = urlsplit(urljoin(url, modulo["action"] or url)).path
            # the person's own account (password, e-mail, profile, contacts of «Il mio
            # profilo») is not an object of A: a valid body there would only change the
            # outsider's own account (and echo A's typed e-mail back to them)
            if azione.startswith(("/accounts/", "/profilo/", "/area-riservata/profilo/contatti/")):
                continue
            if modulo["method"] == "post" and azione not in corpi:
                corpo = {k: _valore_plausibile(k, v) for k, v in modulo["campi"].items()
                         if k != "csrfmiddlewaretoken"}
                if modulo["invio"]:
                    corpo.setdefault(*modulo["invio"])
                corpi[azione] = corpo
    client.logout()
    return corpi


@pytest.mark.lunga
def test_nessun_accesso_ai_dati_di_a(client, dati_a, crea_persona, ds_altro, con_ruolo, dsga,
                                    segreteria, capsys):
    candidato_b = crea_persona("BNCLRA95M41F205Z", nome="Laura", cognome="Bianchi")
    corpi = corpi_validi(client, dati_a)
    chi = [("anonimo", None), ("candidato B", candidato_b), ("DS di un altro istituto", ds_altro)]
    problemi, coperti, non_esercitati = [], 0, []
    for modello in tutti_i_modelli():
        if modello.percorso.startswith(ADMIN):
            continue
        if modello.chiave not in MAPPA:
            non_esercitati.append(modello.chiave)
            continue
        categoria, argomenti, _motivo = MAPPA[modello.chiave]
        try:
            url = indirizzo(modello, argomenti(dati_a))
        except Exception as errore:  # noqa: BLE001 - reported below, with the pattern
            non_esercitati.append(f"{modello.chiave}: {errore!r}")
            continue
        for nome, persona in chi:
            client.logout()
            if persona is not None:
                client.force_login(persona)
            prima = impronta()
            for metodo in ("get", "post"):
                risposta = (client.get(url) if metodo == "get"
                            else client.post(url, corpi.get(urlsplit(url).path, {})))
                corpo = _corpo(risposta) if risposta.status_code == 200 else ""
                dopo = impronta()
                esito = _valuta(categoria, nome, persona, metodo, risposta, corpo, dati_a,
                                cambiato=prima != dopo)
                prima = dopo
                if esito:
                    problemi.append(f"{metodo.upper()} {url} [{modello.chiave}] come {nome}: "
                                    f"{esito}")
        if categoria == OGGETTO:
            # the owner reaches it: the kwargs really point to an object of A
            client.force_login(dati_a.proprietari[PROPRIETARIO.get(modello.chiave, "ds")])
            stato = client.get(url).status_code
            if stato in (403, 404) or stato >= 500:
                non_esercitati.append(f"{modello.chiave}: {url} risponde {stato} anche a chi ne "
                                      f"è titolare (argomenti sbagliati in MAPPA?)")
        coperti += 1
    for chiave, argomenti in PUBBLICI_CON_OGGETTO_PRIVATO.items():
        client.logout()
        url = reverse(chiave, kwargs=argomenti(dati_a))
        risposta = client.get(url)
        if risposta.status_code != 404:
            problemi.append(f"GET {url} [{chiave}] (oggetto non pubblico) come anonimo: "
                            f"{risposta.status_code} invece di 404")
    client.force_login(candidato_b)
    for chiave, argomenti in UTENTI_CON_OGGETTO_PRIVATO.items():
        url = reverse(chiave, kwargs=argomenti(dati_a))
        for metodo in ("get", "post"):
            prima = impronta()
            risposta = getattr(client, metodo)(url)
            if risposta.status_code not in (403, 404) or impronta() != prima:
                problemi.append(f"{metodo.upper()} {url} [{chiave}] (procedura in bozza) come "
                                f"candidato B: {risposta.status_code}")
    # the roles of A itself and the national ones; the applications by state (issue #15)
    ruoli = _ruoli_di_a(dati_a, con_ruolo, dsga, segreteria)
    problemi += _ruoli_e_stati(client, dati_a, ruoli, corpi)
    with capsys.disabled():
        pubblici = sum(1 for c, *_ in MAPPA.values() if c == PUBBLICO)
        print(f"\nVerifica degli accessi: {coperti} pattern URL esercitati ({pubblici} "
              f"pubblici), 3 persone, GET e POST (amministrazione tecnica a parte); "
              f"{len(ruoli) - 1} ruoli di A e nazionali sui pattern OGGETTO e STAFF; le istanze "
              f"su procedura aperta e chiusa e una bozza sulla chiusa; POST con il corpo del modulo del titolare per "
              f"{len(corpi)} azioni")
    assert not non_esercitati, (
        "Pattern non esercitati: aggiungi o correggi la loro voce in MAPPA (e gli oggetti in "
        "dati_a) in tests/test_accessi.py:\n  " + "\n  ".join(non_esercitati))
    assert not problemi, "Accessi non protetti:\n  " + "\n  ".join(problemi)


def _valuta(categoria, nome, persona, metodo, risposta, corpo, dati, *, cambiato):
    stato = risposta.status_code
    if stato >= 500:
        return f"errore del server {stato}"
    fuga = [s for s in dati.segreti if s and s in corpo]
    if fuga:
        return f"la pagina mostra dati riservati di A: {fuga}"
    anonimo = persona is None
    if cambiato and (categoria == OGGETTO or anonimo):
        return f"una richiesta non autorizzata ha modificato il database (risposta {stato})"
    if categoria == PUBBLICO:
        return None
    if anonimo:
        if _verso_login(risposta) or stato in (403, 404, 405):
            return None
        return f"{stato} invece del rinvio all'accesso"
    if categoria == UTENTE:
        return None
    if categoria == STAFF and nome != "candidato B":
        return None
    if stato in (403, 404, 405) or _verso_login(risposta):
        return None
    destinazione = f" → {risposta['Location']}" if stato in (301, 302) else ""
    return f"{stato}{destinazione} invece di 403/404"


def test_amministrazione_tecnica_solo_per_lo_staff(client, dati_a, crea_persona, ds_altro):
    """/amministrazione-tecnica/…: anonymous → admin login; a logged-in non-staff person is
    sent to the admin login too (Django's admin_view), never shown a page."""
    candidato_b = crea_persona("BNCLRA95M41F205Z", nome="Laura", cognome="Bianchi")
    login = reverse("admin:login")
    problemi, contati = [], 0
    for modello in tutti_i_modelli():
        if not modello.percorso.startswith(ADMIN) or modello.chiave in ("admin:login",
                                                                         "admin:logout"):
            continue
        valori = {"app_label": "accounts", "object_id": str(dati_a.ds.pk),
                  "id": str(dati_a.ds.pk), "content_type_id": "1", "url": "inesistente/"}
        try:
            url = reverse(modello.chiave, kwargs={a: valori[a] for a in modello.argomenti})
        except Exception:  # noqa: BLE001 - the unnamed catch-all of the admin
            url = "/" + modello.percorso.replace("(?P<url>.*)$", "inesistente/").replace(
                "<path:object_id>", str(dati_a.ds.pk))  # the old change-view addresses
            if "<" in url or "^" in url:
                problemi.append(f"non esercitato: {modello.chiave} {modello.percorso}")
                continue
        contati += 1
        for persona in (None, candidato_b, ds_altro):
            client.logout()
            if persona:
                client.force_login(persona)
            for metodo in ("get", "post"):
                prima = impronta()
                risposta = getattr(client, metodo)(url)
                if not (risposta.status_code == 302 and risposta["Location"].startswith(login)):
                    problemi.append(f"{metodo.upper()} {url} come {persona}: "
                                    f"{risposta.status_code}")
                if impronta() != prima:
                    problemi.append(f"{metodo.upper()} {url} come {persona}: dati cambiati")
    assert contati > 20
    assert not problemi, "\n".join(problemi)


def test_l_impronta_vede_ogni_modifica(dati_a):
    """The fingerprint the sweep relies on changes with a state change or a new event."""
    from assistenza.models import Ticket
    from portale.services.eventi import registra_evento

    prima = impronta()
    Ticket.objects.filter(pk=dati_a.ticket.pk).update(oggetto="Cambiato")
    dopo = impronta()
    assert dopo != prima
    registra_evento(autore=dati_a.ds, azione="prova", oggetto=dati_a.ticket,
                    istituto=dati_a.istituto, descrizione="Prova")
    assert impronta() != dopo


def test_dati_a_realistici(dati_a):
    """The data set is what the sweep claims: states and owners of A."""
    assert dati_a.bozza.stato == "bozza" and dati_a.aperta.stato == "aperta"
    assert dati_a.inviata.candidato == dati_a.candidato
    assert dati_a.reclamo.documenti.count() == 1
    assert dati_a.proposta.candidatura.candidato == dati_a.candidato
    assert dati_a.allegato_ticket.messaggio.ticket == dati_a.ticket
    assert dati_a.notifica is not None
    assert {o.istituto_id for o in (dati_a.bozza, dati_a.chiusa, dati_a.scheda, dati_a.incarico,
                                    dati_a.strumento)} == {dati_a.istituto.pk}
    assert dati_a.integrazione_aperta.risposta_il is None


# ---------------------------------------------------------------------------------------------
# Roles of the SAME istituto and national roles, and the state of the procedure (issue #15)
# ---------------------------------------------------------------------------------------------
# The applications of a procedure and their documents are readable by staff only from the
# closing second (candidature.selectors.access_istanze_della_procedura). The same URLs are
# tried on a procedure still OPEN and on a CLOSED one, by every role of istituto A (DS, DSGA,
# Segreteria, Referente), by a commissario of the closed procedure, by a commissario of
# ANOTHER procedure, by the Supporto and by the Amministrazione centrale.
UFFICIO_ISTANZE = ("candidature:istanza", "candidature:istanza_zip",
                   "candidature:istanza_allegato", "candidature:istanza_istruttoria",
                   "candidature:istanze_zip", "candidature:istanze_notifica")
COMMISSIONE_ISTANZE = ("graduatorie:valutazione", "graduatorie:istanza",
                       "graduatorie:allegato_istanza", "graduatorie:escludi_per_requisito")
# pages that answer 200 in every state but must show no applicant before the closing second
DELLA_SINGOLA_ISTANZA = {"candidature:istanza", "candidature:istanza_zip",
                         "candidature:istanza_allegato", "candidature:istanza_istruttoria",
                         "graduatorie:istanza", "graduatorie:allegato_istanza",
                         "graduatorie:escludi_per_requisito",
                         "candidature:istanze_notifica"}  # ?istanze=<the draft>
SOLO_CONTEGGI = ("candidature:istanze", "candidature:monitoraggio",
                 "candidature:monitoraggio_csv")


def _url_istanze(procedura, istanza) -> dict[str, str]:
    p, i, allegato = procedura.pk, istanza.pk, istanza.allegati.first().pk
    return {
        "candidature:istanza": reverse("candidature:istanza", args=[p, i]),
        "candidature:istanza_zip": reverse("candidature:istanza_zip", args=[p, i]),
        "candidature:istanza_allegato": reverse("candidature:istanza_allegato",
                                                args=[p, i, allegato]),
        "candidature:istanza_istruttoria": reverse("candidature:istanza_istruttoria",
                                                   args=[p, i]),
        "candidature:istanze_zip": reverse("candidature:istanze_zip", args=[p]),
        "candidature:istanze_notifica": reverse("candidature:istanze_notifica", args=[p])
        + f"?istanze={i}",
        "graduatorie:valutazione": reverse("graduatorie:valutazione", args=[p]),
        "graduatorie:istanza": reverse("graduatorie:istanza", args=[p, i]),
        "graduatorie:allegato_istanza": reverse("graduatorie:allegato_istanza",
                                                args=[p, i, allegato]),
        "graduatorie:escludi_per_requisito": reverse("graduatorie:escludi_per_requisito",
                                                     args=[p, i]),
        "candidature:istanze": reverse("candidature:istanze", args=[p]),
        "candidature:monitoraggio": reverse("candidature:monitoraggio", args=[p]),
        "candidature:monitoraggio_csv": reverse("candidature:monitoraggio_csv", args=[p]),
    }


def _corpi_validi(istanza) -> dict[str, dict]:
    """POST bodies that the view's own form accepts: a refusal is the view's, not the form's."""
    from candidature.forms_istanze import NotificaForm, RichiestaIntegrazioneForm
    from graduatorie.forms import EscludiForm

    scadenza = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    corpi = {
        "candidature:istanza_istruttoria": (RichiestaIntegrazioneForm, {}, {
            "messaggio": "Integrazione estranea", "scadenza": scadenza}),
        "candidature:istanze_notifica": (NotificaForm, {}, {
            "oggetto": "Notifica estranea", "testo": "Testo"}),
        "graduatorie:istanza": (EscludiForm, {"prefix": "escludi"}, {
            "escludi-motivazione": "Esclusione estranea"}),
        "graduatorie:escludi_per_requisito": (EscludiForm, {}, {
            "motivazione": "Esclusione estranea"}),
    }
    validi = {}
    for nome, (form, opzioni, dati) in corpi.items():
        assert form(dati, **opzioni).is_valid(), nome
        validi[nome] = dati
    validi["candidature:istanze_notifica"] |= {"istanze": [str(istanza.pk)]}
    validi["graduatorie:istanza"] |= {"azione": "escludi"}
    return validi


def _chi_raggiunge(ruolo: str, chiusa: bool) -> set[str]:
    """The URLs of the applications `ruolo` reaches (200) in that state; the rest: 403/404."""
    if not chiusa:
        return set()
    if ruolo in ("DS", "DSGA", "Segreteria"):
        return set(UFFICIO_ISTANZE) | set(COMMISSIONE_ISTANZE)
    if ruolo == "commissario della procedura":
        return set(COMMISSIONE_ISTANZE)
    return set()


# Who, besides the DS of A (the owner), reaches each OGGETTO/STAFF pattern among the roles of
# istituto A and the national ones: a status other than 403/404 on GET. Everybody else must
# be refused, and their POST must change no row. Default: DSGA and Segreteria (the office).
UFFICIO = frozenset({"DSGA", "Segreteria"})
REFERENTI = frozenset({"Referente", "commissario di un'altra procedura"})
NESSUNO = frozenset()
RAGGIUNGONO = {
    "fabbisogno:schede": UFFICIO | REFERENTI,      # a referente drafts the own schede
    "fabbisogno:crea_scheda": UFFICIO | REFERENTI,
    "incarichi:affidamento_diretto": NESSUNO,     # the DS alone
    "incarichi:atto_personale": NESSUNO,          # the incaricato alone (the office: «documento»)
    "incarichi:il_mio_incarico": NESSUNO,         # the incaricato alone (the office: «incarico»)
    "incarichi:comunica_iban": NESSUNO,           # the incaricato's IBAN (the office reads it)
    "incarichi:annota_ore": NESSUNO,              # the incaricato's timesheet (the office:
    "incarichi:elimina_ore_annotate": NESSUNO,    # «registra_ore», «elimina_ore»)
    # the candidate alone (the office: «documento_reclamo»)
    "graduatorie:documento_del_mio_reclamo": NESSUNO,
    "graduatorie:annulla_accettazione": NESSUNO,  # the DS alone
    # a confirmation page only for who may confirm: «Annulla» (the sweep's action), the
    # provisional ranking's publication and the definitive one's approval are the DS's
    "procedure:azione": NESSUNO,
    "graduatorie:pubblica": NESSUNO,
    "graduatorie:approva": NESSUNO,
    "incarichi:trasparenza": frozenset({"DSGA"}),  # DS and DSGA (art. 15 obligations)
    "incarichi:esporta_anagrafe": frozenset({"DSGA"}),
    "incarichi:comunicazione_negativa": frozenset({"DSGA"}),
    # the Supporto reads every ticket, answers and closes it (assistenza.services.chiudi)
    "assistenza:ticket": frozenset({"Supporto"}),
    "assistenza:allegato": frozenset({"Supporto"}),
    "assistenza:messaggio": frozenset({"Supporto"}),
    "assistenza:riapri": frozenset({"Supporto"}),
    "assistenza:chiudi": frozenset({"Supporto"}),
    "assistenza:coda": frozenset({"Supporto"}),
    "assistenza:report": frozenset({"Supporto"}),
    "portale:istituti": frozenset({"Amministrazione centrale"}),
    "portale:nuovo_istituto": frozenset({"Amministrazione centrale"}),
    "portale:istituto": frozenset({"Amministrazione centrale"}),
    "portale:personale": frozenset({"Amministrazione centrale"}),  # the DS and the centre
    "portale:assegna_ruolo": frozenset({"Amministrazione centrale"}),
    "portale:ruolo": frozenset({"Amministrazione centrale"}),
    "portale:revoca_ruolo": frozenset({"Amministrazione centrale"}),
    "strumenti:carica": UFFICIO | {"Amministrazione centrale"},
    # a strumento for the segreterie of A: the office and the centre, not a referente
    "strumenti:dettaglio": UFFICIO | {"Amministrazione centrale"},
    "strumenti:scarica": UFFICIO | {"Amministrazione centrale"},
    "strumenti:scarica_versione": UFFICIO | {"Amministrazione centrale"},
    "strumenti:ritirati": UFFICIO | {"Amministrazione centrale"},  # the centre: its own, none of A
} | {chiave: NESSUNO for chiave in DI_CANDIDATO_A if not chiave.startswith("assistenza:")} | {
    chiave: frozenset({"Supporto"}) for chiave in (
        "assistenza:prendi", "assistenza:assegna", "assistenza:rispondi", "assistenza:nota",
        "assistenza:stato")}


def _ruoli_di_a(d, con_ruolo, dsga, segreteria):
    from graduatorie.models import Commissario

    referente = con_ruolo("BLUGNN80A01H501C", Ruolo.REFERENTE, d.istituto, nome="Gianni",
                          cognome="Blu")
    della_procedura = con_ruolo("GLLMRA70A41H501X", Ruolo.REFERENTE, d.istituto, nome="Mara",
                                cognome="Gialli")
    di_un_altra = con_ruolo("RSSPLA75B02H501U", Ruolo.REFERENTE, d.istituto, nome="Paola",
                            cognome="Rosa")
    # nominations as data: the commission of the closed procedure and, on the open one, a
    # nomination that must not open the applications before the closing second
    for procedura, persona in ((d.chiusa, della_procedura), (d.aperta, della_procedura),
                               (d.definitiva, di_un_altra)):
        Commissario.objects.create(procedura=procedura, user=persona, nominato_da=d.ds)
    return {"DS": d.ds, "DSGA": dsga, "Segreteria": segreteria, "Referente": referente,
            "commissario della procedura": della_procedura,
            "commissario di un'altra procedura": di_un_altra,
            "Supporto": d.proprietari["supporto"],
            "Amministrazione centrale": d.proprietari["amministrazione"]}


def _ruoli_su_ogni_pattern(client, d, ruoli, corpi) -> list[str]:
    """Every OGGETTO and STAFF pattern of MAPPA, by each role of A and national role.

    One fingerprint per refused request (compared with the previous one), as the main sweep;
    after a GET of a role that reaches the page the next refusal takes a fresh one."""
    modelli = []
    for modello in tutti_i_modelli():
        if modello.percorso.startswith(ADMIN) or modello.chiave not in MAPPA:
            continue
        categoria, argomenti, _motivo = MAPPA[modello.chiave]
        if categoria in (OGGETTO, STAFF):
            modelli.append((modello.chiave, indirizzo(modello, argomenti(d)),
                            RAGGIUNGONO.get(modello.chiave, UFFICIO)))
    problemi = []
    for ruolo, persona in ruoli.items():
        if ruolo in ("DS", "commissario della procedura"):
            continue  # the owner; the commission is tried with the applications below
        client.force_login(persona)
        prima = None
        for chiave, url, raggiungono in modelli:
            dove = f"{url} [{chiave}] come {ruolo} di A"
            if ruolo in raggiungono:  # only the GET: it must not be refused
                codice = client.get(url).status_code
                if codice in (403, 404) or codice >= 500:
                    problemi.append(f"GET {dove}: {codice}, doveva raggiungerla (RAGGIUNGONO)")
                prima = None
                continue
            prima = prima or impronta()
            for metodo in ("get", "post"):
                codice = (client.get(url) if metodo == "get"
                          else client.post(url, corpi.get(urlsplit(url).path, {}))).status_code
                if codice not in (403, 404, 405):
                    problemi.append(f"{metodo.upper()} {dove}: {codice} invece di 403/404")
            dopo = impronta()
            if dopo != prima:
                problemi.append(f"GET/POST {dove}: dati cambiati")
            prima = dopo
    return problemi


def _ruoli_e_stati(client, d, ruoli, corpi) -> list[str]:
    """The roles of A and the national ones on every pattern, then the applications of an
    open and of a closed procedure by every role (run by test_nessun_accesso_ai_dati_di_a,
    on the same data set: one build of dati_a)."""
    problemi = _ruoli_su_ogni_pattern(client, d, ruoli, corpi)
    # a sent application of an open procedure, one of a closed procedure, and a draft left
    # on the closed procedure: staff reach it by no URL and read it in no list
    stati = {"aperta": (d.aperta, d.inviata_aperta), "chiusa": (d.chiusa, d.inviata),
             "chiusa, candidatura in bozza": (d.chiusa, d.bozza_chiusa)}
    for stato, (procedura, istanza) in stati.items():
        urls, corpi = _url_istanze(procedura, istanza), _corpi_validi(istanza)
        segreti = (istanza.candidato.codice_fiscale, istanza.candidato.cognome)
        for ruolo, persona in ruoli.items():
            client.force_login(persona)
            raggiunge = _chi_raggiunge(ruolo, stato != "aperta")
            if istanza.protocollo_id is None:  # the draft: the procedure's pages, not the draft
                raggiunge -= DELLA_SINGOLA_ISTANZA
            for nome, url in urls.items():
                risposta = client.get(url)
                codice = risposta.status_code
                corpo = _corpo(risposta) if codice == 200 else ""
                dove = f"{url} [{nome}] come {ruolo}, procedura {stato}"
                if codice >= 500:
                    problemi.append(f"GET {dove}: errore {codice}")
                elif nome in SOLO_CONTEGGI or istanza.protocollo_id is None and codice == 200:
                    if stato != "chiusa" and any(s in corpo for s in segreti):
                        problemi.append(f"GET {dove}: mostra un candidato che lo staff non "
                                        "deve vedere")
                elif nome in raggiunge and codice != 200:
                    problemi.append(f"GET {dove}: {codice}, doveva raggiungerla")
                elif nome not in raggiunge and codice not in (403, 404):
                    problemi.append(f"GET {dove}: {codice} invece di 403/404")
                if nome in raggiunge or nome in SOLO_CONTEGGI:
                    continue
                prima = impronta()
                risposta = client.post(url, corpi.get(nome, {}))
                if risposta.status_code not in (403, 404, 405) or impronta() != prima:
                    problemi.append(f"POST {dove}: {risposta.status_code}"
                                    f"{'' if impronta() == prima else ', dati cambiati'}")
    return problemi
