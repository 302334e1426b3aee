"""A draft scheda a procedure points to is not deleted (fabbisogno's «Elimina bozza»)."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError

from fabbisogno import services as schede
from fabbisogno.models import SchedaProgettuale
from portale.models import Evento
from procedure import services
from procedure.models import ProceduraSelezione

pytestmark = pytest.mark.django_db


def test_una_bozza_collegata_a_una_procedura_non_si_elimina(client, ds):
    membership = ds.memberships.get()
    scheda = schede.crea_scheda(autore=ds, membership=membership, titolo="Esperto di teatro")
    procedura = services.crea_procedura(autore=ds, membership=membership,
                                        oggetto="Esperto di teatro")
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(scheda=scheda)
    with pytest.raises(ValidationError) as errore:
        schede.elimina_scheda(autore=ds, membership=membership, scheda=scheda)
    assert "non si può eliminare" in errore.value.messages[0]
    client.force_login(ds)
    risposta = client.post(f"/rilevazione-fabbisogno/schede/{scheda.pk}/elimina/", follow=True)
    assert risposta.redirect_chain[-1][0] == f"/rilevazione-fabbisogno/schede/{scheda.pk}/"
    pagina = unescape(risposta.content.decode())
    assert ("La bozza «Esperto di teatro» non si può eliminare: la usa la procedura di "
            f"selezione n. {procedura.pk} «Esperto di teatro».") in pagina
    assert SchedaProgettuale.objects.filter(pk=scheda.pk).exists()
    assert not Evento.objects.filter(azione="scheda.eliminata").exists()
