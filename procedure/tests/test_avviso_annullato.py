"""The public page of an annulled avviso says why, and leads to the avviso that replaces it.

It said only «La procedura è stata annullata.»: a candidate whose application had been annulled
found neither the reason (the notice had it, the page not) nor the new avviso."""

from html import unescape

import pytest

from procedure import services

pytestmark = pytest.mark.django_db


def _pagina(client, procedura) -> str:
    risposta = client.get(f"/avvisi/{procedura.pk}/")
    assert risposta.status_code == 200
    return unescape(risposta.content.decode())


def test_annullato_dice_la_motivazione(client, ds, ds_membership, crea_procedura_completa,
                                       porta_a):
    procedura = porta_a(crea_procedura_completa(), "aperta")
    services.annulla(autore=ds, membership=ds_membership, procedura=procedura,
                     motivazione="il progetto PNRR è stato definanziato")
    testo = _pagina(client, procedura)
    assert "La procedura è stata annullata. Motivazione: Il progetto PNRR è stato definanziato." \
        in testo
    assert "nuovo avviso" not in testo
    # the terms still read as open ones, beside a small grey badge
    assert "(procedura annullata)</strong></dd>" in testo


def test_porta_al_nuovo_avviso_solo_quando_e_pubblicato(
        client, ds, ds_membership, crea_procedura_completa, porta_a):
    procedura = porta_a(crea_procedura_completa(oggetto="Esperto di robotica"), "aperta")
    nuova = services.revisione_significativa(
        autore=ds, membership=ds_membership, procedura=procedura,
        motivazione="Cambiano i requisiti di ammissione.")
    # the new draft is not public: nothing of it is shown
    testo = _pagina(client, procedura)
    assert "Motivazione: Cambiano i requisiti di ammissione." in testo
    assert f"/avvisi/{nuova.pk}/" not in testo

    porta_a(nuova, "pubblicata")
    testo = _pagina(client, procedura)
    assert "È stato pubblicato un nuovo avviso, che sostituisce questo:" in testo
    assert f'<a href="/avvisi/{nuova.pk}/">Esperto di robotica</a>' in testo
