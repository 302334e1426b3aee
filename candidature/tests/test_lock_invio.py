"""Locks only where the rules need them (#19), with real PostgreSQL row locks.

A draft save locks only its candidatura; «Invia» holds the procedure FOR SHARE (staff state
changes wait for it, other sends do not) and the protocol counter last, reading the clock
after it; files are stored before any lock and removed when the save fails.
"""

import threading
from datetime import timedelta

import psycopg
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import OperationalError, connection, connections
from freezegun import freeze_time

from candidature import services
from candidature.models import Candidatura, StatoCandidatura
from candidature.tests.conftest import caricato, pdf
from portale import documenti
from portale.models import ContatoreProtocollo, Protocollo
from procedure.models import ProceduraSelezione
from tests.persone import codice_fiscale_di_prova

TABELLA = ProceduraSelezione._meta.db_table


def _solo_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("serve PostgreSQL per i lock di riga reali")


class AltraSessione:
    """Another database session holding a row lock on the procedure, as a staff action or
    another candidate's send would, until `rilascia()`."""

    def __init__(self, procedura_id: int, modo: str):
        parametri = connection.get_connection_params()
        self.conn = psycopg.connect(**{k: v for k, v in parametri.items()
                                       if k in ("dbname", "user", "host", "port", "password")})
        self.conn.execute(f"SELECT 1 FROM {TABELLA} WHERE id = %s {modo}", [procedura_id])

    def rilascia(self):
        self.conn.rollback()
        self.conn.close()


def _con_attesa_massima(secondi: float):
    with connection.cursor() as cursore:
        cursore.execute(f"SET lock_timeout = '{int(secondi * 1000)}ms'")


def _bozze(procedura, modello: Candidatura, quante: int) -> list[tuple]:
    """`quante` complete drafts of distinct candidates, copied from a complete one."""
    from accounts.models import User

    coppie = []
    for n in range(quante):
        persona = User.objects.create_user(codice_fiscale_di_prova(n + 1), nome="Persona", cognome=str(n),
                                           email=f"p{n}@example.it")
        bozza = services.apri_bozza(candidato=persona, procedura=procedura)
        Candidatura.objects.filter(pk=bozza.pk).update(
            categoria=modello.categoria, email=persona.email, risposte=modello.risposte,
            dichiarazioni=modello.dichiarazioni, autocertificazioni=modello.autocertificazioni)
        for allegato in modello.allegati.all():
            allegato.pk, allegato.candidatura = None, bozza
            allegato.save()
        coppie.append((persona, bozza))
    return coppie


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_un_invio_non_aspetta_un_altro_ma_una_azione_dello_staff_si(bozza_completa, candidato):
    _solo_postgres()
    procedura_id = bozza_completa.procedura_id
    altro_invio = AltraSessione(procedura_id, "FOR SHARE")  # another candidate sending
    try:
        _con_attesa_massima(2)
        inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
        assert inviata.stato == StatoCandidatura.INVIATA and inviata.protocollo.numero == 1
    finally:
        altro_invio.rilascia()

    altra = _bozze(bozza_completa.procedura, bozza_completa, 1)[0]
    staff = AltraSessione(procedura_id, "FOR NO KEY UPDATE")  # e.g. «Sospendi» in progress
    try:
        _con_attesa_massima(0.5)
        with pytest.raises(OperationalError, match="lock timeout"):
            services.invia(candidato=altra[0], candidatura=altra[1])
    finally:
        staff.rilascia()
    assert Protocollo.objects.count() == 1  # the refused send left no number
    assert ContatoreProtocollo.objects.get().ultimo_numero == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_salva_bozza_non_blocca_la_procedura(bozza_completa, candidato):
    _solo_postgres()
    staff = AltraSessione(bozza_completa.procedura_id, "FOR UPDATE")
    try:
        _con_attesa_massima(1)
        salvata = services.salva_bozza(candidato=candidato, candidatura=bozza_completa,
                                       dati={"telefono": "3331234567"})
    finally:
        staff.rilascia()
    assert salvata.telefono == "3331234567"


@pytest.mark.django_db
def test_i_file_di_un_salvataggio_rifiutato_non_restano(bozza_completa, candidato):
    allegato = bozza_completa.procedura.allegati_richiesti.get()
    services.invia(candidato=candidato, candidatura=bozza_completa)
    prima = set(_tutti_i_file())
    verificato = documenti.verifica_file(caricato("altro.pdf", pdf("Altro CV")), tipi=["pdf"])
    with pytest.raises(ValidationError, match="già stata inviata"):
        services.salva_bozza(candidato=candidato, candidatura=bozza_completa, dati={},
                             file={f"allegato_{allegato.pk}": verificato})
    assert set(_tutti_i_file()) == prima


def _tutti_i_file(cartella=""):
    cartelle, file = default_storage.listdir(cartella) if default_storage.exists(cartella or ".") \
        else ([], [])
    for nome in file:
        yield f"{cartella}/{nome}".lstrip("/")
    for sotto in cartelle:
        yield from _tutti_i_file(f"{cartella}/{sotto}".lstrip("/"))


@pytest.mark.django_db
def test_la_registrazione_oltre_la_chiusura_annulla_il_numero(bozza_completa, candidato,
                                                             monkeypatch):
    """The first check passes half a second before closing; the counter, taken after, is
    read at the closing second: the send is refused and the number rolled back."""
    from portale.services import protocollo

    chiusura = bozza_completa.procedura.data_chiusura
    with freeze_time(chiusura - timedelta(milliseconds=500)):
        monkeypatch.setattr(protocollo.timezone, "now", lambda: chiusura)
        with pytest.raises(services.TerminiChiusi):
            services.invia(candidato=candidato, candidatura=bozza_completa)
    bozza_completa.refresh_from_db()
    assert bozza_completa.stato == StatoCandidatura.BOZZA and bozza_completa.protocollo is None
    assert not Protocollo.objects.exists()
    assert not ContatoreProtocollo.objects.filter(ultimo_numero__gt=0).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_invii_paralleli_di_candidati_diversi_numeri_e_ore_in_ordine(bozza_completa, candidato):
    _solo_postgres()
    coppie = [(candidato, bozza_completa), *_bozze(bozza_completa.procedura, bozza_completa, 11)]
    partenza = threading.Barrier(len(coppie))
    errori = []

    def invia(persona, bozza):
        try:
            partenza.wait()
            services.invia(candidato=persona, candidatura=bozza)
        except Exception as errore:  # noqa: BLE001 - collected and asserted below
            errori.append(repr(errore))
        finally:
            connections.close_all()

    fili = [threading.Thread(target=invia, args=coppia) for coppia in coppie]
    for filo in fili:
        filo.start()
    for filo in fili:
        filo.join()
    assert errori == []
    registro = list(Protocollo.objects.order_by("numero").values_list("numero", "registrato_il"))
    assert [n for n, _ in registro] == list(range(1, len(coppie) + 1))  # distinct, gapless
    ore = [quando for _, quando in registro]
    assert ore == sorted(ore)  # n. 12 never registered before n. 11
    inviate = Candidatura.objects.filter(stato=StatoCandidatura.INVIATA)
    assert inviate.count() == len(coppie)
    assert all(c.inviata_il == c.protocollo.registrato_il for c in inviate.select_related(
        "protocollo"))
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
