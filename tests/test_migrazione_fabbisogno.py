"""The split of incarichi (#20) keeps the data of an existing database.

The database goes back to the last migrations before the split (the schede and the CCNL rates
still in `incarichi`), receives a rate, a scheda, a procedure and an incarico on it, an event
of the scheda and a permission on it through the models of that state, then migrates forward:
every row is found through the new models, with its id, its foreign keys and the content type
of its generic key. A `finally` brings the database back to the latest state whatever happens,
so the tests after this one (in this worker) see the schema they expect.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fabbisogno.models import SchedaProgettuale, TariffaOraria
from incarichi.models import Incarico
from portale.models import Evento
from procedure.models import ProceduraSelezione

# The last migrations before the split; going back to them also undoes fabbisogno's 0001 and
# what depends on it (procedure 0009, incarichi 0007).
PRIMA = [("incarichi", "0006_incompatibilita_come_dati"),
         ("procedure", "0008_prorogamalfunzionamento")]


def _alla_fine():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def _dati_di_prima(apps) -> dict:
    """Rows written as the code before the split wrote them (the models of that state)."""
    Istituto = apps.get_model("accounts", "Istituto")
    User = apps.get_model("accounts", "User")
    ContentTypeAllora = apps.get_model("contenttypes", "ContentType")
    PermissionAllora = apps.get_model("auth", "Permission")
    Tariffa = apps.get_model("incarichi", "TariffaOraria")
    Scheda = apps.get_model("incarichi", "SchedaProgettuale")
    IncaricoAllora = apps.get_model("incarichi", "Incarico")
    Procedura = apps.get_model("procedure", "ProceduraSelezione")
    EventoAllora = apps.get_model("portale", "Evento")

    istituto = Istituto.objects.create(
        codice_meccanografico="RMIC8A7005", denominazione="IC Leonardo da Vinci",
        codice_fiscale="97000010583", indirizzo="Via dei Quattro Venti 10", comune="Roma",
        provincia="RM", regione="Lazio", email="rmic8a7005@istruzione.it",
        pec="rmic8a7005@pec.istruzione.it")
    ds = User.objects.create(codice_fiscale="RSSMRA70A41H501W", nome="Maria", cognome="Rossi",
                             email="maria.rossi@example.it")
    tariffa = Tariffa.objects.create(descrizione="Tariffa di prova del passaggio",
                                     importo_orario=Decimal("21.00"), valida_dal=date(2026, 1, 1))
    scheda = Scheda.objects.create(istituto=istituto, titolo="Tutor del passaggio",
                                   stato="conclusa", tipologia_incarico="tutor",
                                   fonte_finanziamento="fis", ore_previste=10, tariffa=tariffa,
                                   creata_da=ds)
    procedura = Procedura.objects.create(istituto=istituto, scheda=scheda, creata_da=ds,
                                         oggetto="Tutor del passaggio")
    incarico = IncaricoAllora.objects.create(
        istituto=istituto, scheda=scheda, tariffa=tariffa, persona=ds, creato_da=ds,
        oggetto="Tutor del passaggio", tipologia="tutor", rapporto="interno",
        tipo_atto="lettera", conferimento="selezione", data_inizio=date(2027, 1, 10),
        data_fine=date(2027, 5, 31), ore=10, compenso=Decimal("210.00"))
    tipo, _ = ContentTypeAllora.objects.get_or_create(app_label="incarichi",
                                                      model="schedaprogettuale")
    permesso, _ = PermissionAllora.objects.get_or_create(
        content_type=tipo, codename="view_schedaprogettuale",
        defaults={"name": "Can view scheda progettuale"})
    evento = EventoAllora.objects.create(
        autore=ds, istituto=istituto, content_type=tipo, object_id=str(scheda.pk),
        oggetto_descrizione=scheda.titolo, azione="scheda.conclusa",
        descrizione="Scheda progettuale conclusa")
    return {"tariffa": tariffa.pk, "scheda": scheda.pk, "procedura": procedura.pk,
            "incarico": incarico.pk, "evento": evento.pk, "tipo": tipo.pk,
            "permesso": permesso.pk}


@pytest.mark.django_db(transaction=True)
def test_la_divisione_di_incarichi_conserva_i_dati():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([*PRIMA, ("fabbisogno", None)])
        tabelle = connection.introspection.table_names()
        assert "incarichi_schedaprogettuale" in tabelle and "fabbisogno_schedaprogettuale" not in tabelle
        prima = _dati_di_prima(executor.loader.project_state(PRIMA).apps)

        _alla_fine()

        tabelle = connection.introspection.table_names()
        assert {"fabbisogno_tariffaoraria", "fabbisogno_schedaprogettuale"} <= set(tabelle)
        assert not {"incarichi_tariffaoraria", "incarichi_schedaprogettuale"} & set(tabelle)
        tariffa = TariffaOraria.objects.get(pk=prima["tariffa"])
        assert tariffa.descrizione == "Tariffa di prova del passaggio"
        scheda = SchedaProgettuale.objects.get(pk=prima["scheda"])
        assert scheda.tariffa == tariffa and scheda.importo == Decimal("210.00")
        assert ProceduraSelezione.objects.get(pk=prima["procedura"]).scheda == scheda
        incarico = Incarico.objects.get(pk=prima["incarico"])
        assert (incarico.scheda, incarico.tariffa) == (scheda, tariffa)
        assert list(scheda.incarichi.all()) == [incarico]
        assert list(scheda.procedure.values_list("pk", flat=True)) == [prima["procedura"]]

        # the content type kept its id under the new app: the event and the permission follow
        tipo = ContentType.objects.get_for_model(SchedaProgettuale)
        assert (tipo.pk, tipo.app_label) == (prima["tipo"], "fabbisogno")
        assert not ContentType.objects.filter(app_label="incarichi",
                                              model__in=["schedaprogettuale", "tariffaoraria"])
        assert Evento.objects.get(pk=prima["evento"]).oggetto == scheda
        assert Permission.objects.get(pk=prima["permesso"]).content_type == tipo
        assert Permission.objects.filter(codename="view_schedaprogettuale").count() == 1
    finally:
        _alla_fine()
