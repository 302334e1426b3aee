"""The offer states the weekly commitment (seed 002, «La comunicazione relativa alla proposta di
assunzione contiene: … l'orario complessivo settimanale, distinto con i singoli giorni di
impegno»): the DS writes it at «Proponi incarico», the candidate reads it in the notice, on the
outcome page and before confirming, and a refusal passes it unchanged to the next candidate."""

from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from graduatorie import services
from graduatorie.forms import TROPPE_ORE, PropostaForm
from graduatorie.models import GIORNI_IMPEGNO_MASSIMO, Proposta, StatoProposta
from graduatorie.tests import test_flusso
from portale.lingua import data_con
from portale.models import Evento, Notifica

# the scenario up to the definitive ranking: Esposito (interno) first, then Ferrari and Mancini
# (in_valutazione comes from conftest)
provvisoria, definitiva = test_flusso.provvisoria, test_flusso.definitiva
GIORNI = "martedì e giovedì, 14:30–16:30"


def _proponi(s, ds, **impegno):
    return services.proponi_incarico(autore=ds, membership=ds.memberships.get(),
                                     procedura=s.procedura,
                                     scadenza=timezone.now() + timedelta(days=2), **impegno)


@pytest.mark.parametrize("ore, giorni, campo", [
    (None, GIORNI, "ore_settimanali"),
    (Decimal("0"), GIORNI, "ore_settimanali"),
    (Decimal("40.5"), GIORNI, "ore_settimanali"),
    (Decimal("4"), "   ", "giorni_impegno"),
])
def test_senza_impegno_nessuna_proposta(definitiva, ds, ore, giorni, campo):
    with pytest.raises(ValidationError) as errore:
        _proponi(definitiva, ds, ore_settimanali=ore, giorni_impegno=giorni)
    assert list(errore.value.message_dict) == [campo]
    assert not Proposta.objects.exists()
    assert not Evento.objects.filter(azione="graduatorie.proposta").exists()


def test_la_proposta_dice_l_impegno_e_lo_passa_al_successivo(definitiva, ds, persone):
    s = definitiva
    prima = _proponi(s, ds, ore_settimanali=Decimal("2.5"), giorni_impegno=f"  {GIORNI} ")
    assert prima.impegno == f"2,5 ore settimanali ({GIORNI})"
    avviso = Notifica.objects.get(destinatario=persone["marco"],
                                  oggetto__startswith="Proposta di incarico")
    inizio, fine = s.procedura.data_inizio_attivita, s.procedura.data_fine_attivita
    assert inizio and fine
    # start, end and weekly commitment in one sentence, before the deadline to answer
    assert avviso.testo.startswith(
        f"Ti è proposto l'incarico «{s.procedura.oggetto}», "
        f"{data_con('dal', inizio, '%d/%m/%Y')} {data_con('al', fine, '%d/%m/%Y')}, "
        f"con un impegno di 2,5 ore settimanali ({GIORNI}). Rispondi «Accetta» o «Rinuncia»")
    evento = Evento.objects.get(azione="graduatorie.proposta")
    assert evento.dettagli["ore_settimanali"] == "2,5"
    assert evento.dettagli["giorni_impegno"] == GIORNI

    # the refusal passes the same post, with the same commitment, to the next candidate
    services.rinuncia_proposta(candidato=persone["marco"], proposta=prima)
    seconda = Proposta.objects.get(stato=StatoProposta.IN_ATTESA)
    assert seconda.candidatura == s.alessia
    assert (seconda.ore_settimanali, seconda.giorni_impegno) == (Decimal("2.5"), GIORNI)
    avviso = Notifica.objects.get(destinatario=persone["alessia"],
                                  oggetto__startswith="Proposta di incarico")
    assert f"con un impegno di 2,5 ore settimanali ({GIORNI})." in avviso.testo


def test_una_ora_al_singolare(definitiva, ds):
    proposta = _proponi(definitiva, ds, ore_settimanali=Decimal("1"), giorni_impegno="lunedì")
    assert proposta.impegno == "1 ora settimanale (lunedì)"


def test_il_modulo_del_ds_e_le_pagine_del_candidato(definitiva, ds, persone, client_di):
    s = definitiva
    url = reverse("graduatorie:interpello", args=[s.procedura.pk])
    client = client_di(ds)
    scadenza = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    # the page names who receives the proposal; sending it goes through a confirmation
    pagina = unescape(client.get(url).content.decode())
    assert ("La proposta va <strong>a Marco Esposito</strong>, primo della graduatoria "
            "definitiva non ancora interpellato.") in pagina
    assert 'form="modulo-proposta">Invia la proposta</button>' in pagina
    assert "Marco Esposito riceve la proposta con l'impegno settimanale" in pagina
    # a missing field: the page answers with the message, what was typed is kept
    risposta = client.post(url, {"ore_settimanali": "2,5", "giorni_impegno": "",
                                 "scadenza": scadenza})
    assert risposta.status_code == 200
    pagina = unescape(risposta.content.decode())
    assert "Indica i giorni (e gli orari) di impegno." in pagina
    assert 'value="2,5"' in pagina
    assert not Proposta.objects.exists()
    # the Italian comma
    risposta = client.post(url, {"ore_settimanali": "2,5", "giorni_impegno": GIORNI,
                                 "scadenza": scadenza})
    assert risposta.status_code == 302
    proposta = Proposta.objects.get()
    assert proposta.ore_settimanali == Decimal("2.5") and proposta.giorni_impegno == GIORNI
    pagina = unescape(client.get(url).content.decode())
    assert 'id="prossimo"' not in pagina  # the only post is taken: nobody to name
    assert f"<td data-etichetta=\"Impegno settimanale\">2,5 ore settimanali ({GIORNI})</td>" in pagina

    # the candidate reads it on the outcome page and on the page that confirms the answer
    candidato = client_di(persone["marco"])
    esito = unescape(candidato.get(reverse("graduatorie:esito_candidato",
                                           args=[s.marco.pk])).content.decode())
    assert f"<dt class=\"col-sm-4\">Impegno settimanale</dt><dd class=\"col-sm-8\">2,5 ore " \
           f"settimanali ({GIORNI})</dd>" in esito
    conferma = unescape(candidato.get(reverse(
        "graduatorie:rispondi_proposta", args=[s.marco.pk, proposta.pk, "accetta"])
    ).content.decode())
    assert f"2,5 ore settimanali ({GIORNI})" in conferma
    assert "Confermo l'accettazione" in conferma


def test_il_modulo_riparte_dall_impegno_dell_ultima_proposta(definitiva, ds, client_di):
    s = definitiva
    url = reverse("graduatorie:interpello", args=[s.procedura.pk])
    client = client_di(ds)
    vuoto = client.get(url).context["form"]
    assert "ore_settimanali" not in vuoto.initial and "scadenza" in vuoto.initial
    _proponi(s, ds, ore_settimanali=Decimal("6"), giorni_impegno=GIORNI)
    iniziali = client.get(url).context["form"].initial
    assert (iniziali["ore_settimanali"], iniziali["giorni_impegno"]) == ("6", GIORNI)


@pytest.mark.parametrize("ore, giorni, campo, messaggio", [
    ("0", GIORNI, "ore_settimanali", "Indica almeno mezz'ora: «0,5»."),
    ("41", GIORNI, "ore_settimanali", "Le ore settimanali non possono superare 40."),
    ("2,55", GIORNI, "ore_settimanali", "Indica le ore con al più un decimale, per esempio «2,5»."),
    # hours, not an amount: «1.234,50» was the example
    ("abc", GIORNI, "ore_settimanali", "Scrivi le ore in cifre, con la virgola per i decimali: per esempio «4» o «2,5»."),
    ("", GIORNI, "ore_settimanali", "Indica le ore settimanali di impegno."),
    ("4", "  ", "giorni_impegno", "Indica i giorni (e gli orari) di impegno."),
])
def test_messaggi_del_modulo_della_proposta(ore, giorni, campo, messaggio):
    scadenza = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    form = PropostaForm({"ore_settimanali": ore, "giorni_impegno": giorni, "scadenza": scadenza})
    assert not form.is_valid()
    assert form.errors == {campo: [messaggio]}


def test_dopo_la_rinuncia_il_candidato_legge_che_ha_rinunciato(definitiva, ds, persone, client_di):
    s = definitiva
    proposta = _proponi(s, ds, ore_settimanali=Decimal("4"), giorni_impegno=GIORNI)
    services.rinuncia_proposta(candidato=persone["marco"], proposta=proposta)
    proposta.refresh_from_db()
    pagina = unescape(client_di(persone["marco"]).get(
        reverse("graduatorie:esito_candidato", args=[s.marco.pk])).content.decode())
    quando = data_con("il", proposta.risposta_il, "%d/%m/%Y alle %H:%M")
    assert f"Hai rinunciato alla proposta {quando}." in pagina
    assert "Stato: Rinuncia" not in pagina


def test_i_giorni_piu_lunghi_accettati_arrivano_all_incarico(definitiva, ds, persone):
    """The incarico writes «37,5 ore settimanali (…)» in a field of 255 characters: days of up
    to GIORNI_IMPEGNO_MASSIMO characters always fit; longer ones are refused at the proposal,
    not discovered when the candidate accepts (the incarico was then never prepared)."""
    with pytest.raises(ValidationError) as errore:
        _proponi(definitiva, ds, ore_settimanali=Decimal("37.5"),
                 giorni_impegno="g" * (GIORNI_IMPEGNO_MASSIMO + 1))
    assert errore.value.message_dict == {"giorni_impegno": [
        f"Descrivi i giorni e gli orari in al massimo {GIORNI_IMPEGNO_MASSIMO} caratteri (ne "
        f"hai scritti {GIORNI_IMPEGNO_MASSIMO + 1})."]}
    # «1000» hours: the portal's message, not Django's «più di 3 cifre prima della virgola»
    troppe = PropostaForm(data={"ore_settimanali": "1000", "giorni_impegno": GIORNI,
                                "scadenza": "2030-01-01T10:00"})
    assert troppe.errors["ore_settimanali"] == [TROPPE_ORE]
    form = PropostaForm(data={"ore_settimanali": "37,5", "scadenza": "2030-01-01T10:00",
                              "giorni_impegno": "g" * (GIORNI_IMPEGNO_MASSIMO + 1)})
    assert "giorni_impegno" in form.errors
    proposta = _proponi(definitiva, ds, ore_settimanali=Decimal("37.5"),
                        giorni_impegno="g" * GIORNI_IMPEGNO_MASSIMO)
    services.accetta_proposta(candidato=persone["marco"], proposta=proposta)
    # what incarichi answers the acceptance, told to the DS (graduatorie does not import it)
    avviso = Notifica.objects.filter(destinatario=ds, oggetto__startswith="Incarico accettato")
    assert "è in preparazione" in avviso.get().testo
