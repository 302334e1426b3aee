"""A rule across two fields of a criterion (points per unit above the maximum) is said in an
alert at the top of the form, with no field to mark: the page came back at its top with the
focus on the page, the alert about 800 px down on a phone. The focus now starts on it."""

import pytest
from playwright.sync_api import expect

from portale.tests.browser import entra_come

pytestmark = pytest.mark.browser


def test_l_errore_tra_due_campi_prende_il_fuoco(portale, pagina, nel_portale):
    bozza = int(nel_portale(
        "from procedure.models import ProceduraSelezione as P; print('ID', P.objects.get("
        "oggetto__startswith='Esperto di teatro in lingua inglese').pk)").split("ID ")[1])
    pagina.set_viewport_size({"width": 390, "height": 844})
    entra_come(pagina, portale, "Maria Rossi")
    pagina.goto(f"{portale}/procedure/{bozza}/criteri/")
    pagina.locator("[name=criterio-descrizione]").fill("Corsi di teatro in inglese")
    pagina.locator("[name=criterio-tipo]").select_option("per_unita")
    pagina.locator("[name=criterio-punti]").fill("5")
    pagina.locator("[name=criterio-massimo]").fill("3")
    pagina.get_by_role("button", name="Aggiungi criterio").click()
    pagina.wait_for_load_state()
    avviso = pagina.locator("form .alert-danger")
    expect(avviso).to_contain_text("superano il punteggio massimo (3)")
    expect(avviso).to_be_focused()
    expect(avviso).to_be_in_viewport()
    expect(pagina.locator("[name=criterio-descrizione]")).to_have_value("Corsi di teatro in inglese")


def test_il_modulo_del_criterio_chiede_solo_cio_che_serve_al_tipo(portale, pagina, nel_portale):
    """The criterion form showed punti, massimo, unità, lode, scala, fasce and «soddisfatto da»
    whatever the type: a DSGA adding a «colloquio» wondered what «Fasce di voto» to give it.
    Each type now shows its own fields (without JavaScript, all of them, as before)."""
    bozza = int(nel_portale(
        "from procedure.models import ProceduraSelezione as P; print('ID', P.objects.get("
        "oggetto__startswith='Esperto di teatro in lingua inglese').pk)").split("ID ")[1])
    entra_come(pagina, portale, "Maria Rossi")
    pagina.goto(f"{portale}/procedure/{bozza}/criteri/")
    pagina.wait_for_load_state("load")

    def visibili():
        return {nome for nome in ("punti", "massimo", "unita", "bonus_lode", "scala_voto",
                                  "fasce_testo")
                if pagina.locator(f"[name=criterio-{nome}]").is_visible()}

    tipo = pagina.locator("[name=criterio-tipo]")
    tipo.select_option("manuale")
    assert visibili() == {"massimo"}
    tipo.select_option("per_unita")
    assert visibili() == {"punti", "massimo", "unita"}
    tipo.select_option("fisso")
    assert visibili() == {"punti"}
    tipo.select_option("voto_laurea")
    assert visibili() == {"bonus_lode", "scala_voto", "fasce_testo"}
    tipo.select_option("requisito")
    assert visibili() == set()
    # the fields every type has stay
    expect(pagina.locator("[name=criterio-descrizione]")).to_be_visible()
    expect(pagina.locator("[name=criterio-categorie]").first).to_be_visible()

    # a value typed for another type is not lost: back to «per unità», the points are there
    tipo.select_option("per_unita")
    pagina.locator("[name=criterio-punti]").fill("2")
    tipo.select_option("manuale")
    tipo.select_option("per_unita")
    expect(pagina.locator("[name=criterio-punti]")).to_have_value("2")
