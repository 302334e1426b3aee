"""Control characters and out-of-range numbers answer 400 with the Italian page, never 500.

On PostgreSQL a NUL byte that reaches a query is a server error («A string literal cannot
contain NUL»); each URL below was a 500 there before `portale.input_ostile`.
"""

import pytest
from django.core.exceptions import BadRequest
from django.test import Client

from portale.input_ostile import anno, intero, motivo_del_rifiuto

PUBBLICI = [
    "/esiti/99999999999999999999/", "/avvisi/99999999999999999999/",  # OverflowError on SQLite
    "/avvisi/?stato=%00", "/avvisi/?cerca=%00", "/avvisi/?regione=%00",
    "/avvisi/?tipologia=%00", "/avvisi/?cerca=abc%00def", "/avvisi/?%00=1",
    "/trasparenza/%00/", "/avvisi/%00/", "/informazioni-utili/?q=%01",
    "/strumenti/?q=%00",
]
DELLO_STAFF = [
    "/incarichi/?stato=%00", "/incarichi/?q=%00", "/incarichi/?rapporto=%00",
    "/rilevazione-fabbisogno/schede/?q=%00", "/rilevazione-fabbisogno/schede/?fase=%00",
    "/procedure/?q=%00", "/procedure/?fase=%00", "/gestione/istituti/?q=%00",
    "/gestione/istituti/?regione=%00", "/gestione/personale/?q=%00",
    "/assistenza/ticket/%00/", "/assistenza/?codice=%00", "/assistenza/coda/?q=%00",
    "/area-riservata/notifiche/?stato=%00",
]


def _e_la_pagina_400(risposta) -> bool:
    return risposta.status_code == 400 and "Richiesta non valida" in risposta.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBBLICI)
def test_nul_nelle_pagine_pubbliche(client, url):
    assert _e_la_pagina_400(client.get(url))


@pytest.mark.django_db
@pytest.mark.parametrize("url", DELLO_STAFF)
def test_nul_nelle_pagine_dello_staff(client, ds, url):
    client.force_login(ds)
    assert _e_la_pagina_400(client.get(url))


@pytest.mark.django_db
def test_la_pagina_400_ha_le_intestazioni_di_sicurezza(client):
    risposta = client.get("/avvisi/?stato=%00")
    assert "form-action 'self'" in risposta["Content-Security-Policy"]
    assert "caratteri non ammessi" in risposta.content.decode()


@pytest.mark.django_db
def test_nul_nei_dati_di_un_modulo(client, candidato):
    client.force_login(candidato)
    risposta = client.post("/assistenza/apri/", {"oggetto": "Prova\x00", "descrizione": "x"})
    assert _e_la_pagina_400(risposta)
    risposta = client.post("/assistenza/apri/", {"oggetto": "Prova", "descrizione": "x\x1b[31m"})
    assert _e_la_pagina_400(risposta)


@pytest.mark.django_db
def test_tab_e_a_capo_nei_moduli_sono_testo(client, candidato):
    client.force_login(candidato)
    risposta = client.post("/assistenza/apri/", {
        "tipologia": "candidature", "oggetto": "Prova con tab",
        "descrizione": "Riga uno\r\nRiga due\n\tRientrata"})
    assert risposta.status_code == 302  # the ticket is opened


@pytest.mark.django_db
def test_nul_in_un_cookie():
    client = Client()
    client.cookies["sessionid"] = "abc\x00def"
    assert _e_la_pagina_400(client.get("/"))


def test_motivo_del_rifiuto_senza_database(rf):
    assert motivo_del_rifiuto(rf.get("/avvisi/", {"cerca": "Roma"})) == ""
    assert motivo_del_rifiuto(rf.get("/avvisi/", {"cerca": "\u202eRoma\ufeff"})) == ""
    assert "indirizzo" in motivo_del_rifiuto(rf.get("/avvisi/\x00/"))
    assert "parametri" in motivo_del_rifiuto(rf.get("/avvisi/", {"cerca": "\x00"}))
    assert motivo_del_rifiuto(rf.get("/avvisi/", {"cerca": "a\nb"})) == ""
    assert "numero" in motivo_del_rifiuto(rf.get("/esiti/99999999999999999999/"))
    assert "numero" in motivo_del_rifiuto(rf.get("/x/", {"istanze": ["1", "99999999999999999999"]}))
    assert motivo_del_rifiuto(rf.get("/esiti/9223372036854775807/", {"q": "12345"})) == ""
    assert "numero" in motivo_del_rifiuto(rf.get("/esiti/9223372036854775808/"))
    assert "numero" in motivo_del_rifiuto(rf.get("/x/", {"pagina": "9" * 10_000}))
    assert motivo_del_rifiuto(rf.get("/x/", {"pagina": "0" * 30 + "7"})) == ""
    assert "moduli" not in motivo_del_rifiuto(rf.post("/x/", {"testo": "a\tb\r\nc"}))
    assert "modulo" in motivo_del_rifiuto(rf.post("/x/", {"testo": "a\x07b"}))


@pytest.mark.parametrize("valore", ["99999999999", "-5", "1999", "2101", "abc", "2026.5",
                                    "\u0662\u0660\u0662\u0666", "1e4", "9" * 40])
def test_anno_fuori_intervallo_e_una_richiesta_non_valida(valore):
    with pytest.raises(BadRequest):
        anno(valore, predefinito=2026)


def test_anno_valido_o_assente():
    assert anno("2025", predefinito=2026) == 2025
    assert anno(" 2024 ", predefinito=2026) == 2024
    assert anno("", predefinito=2026) == 2026
    assert anno(None, predefinito=2026) == 2026
    assert intero("-3", minimo=-5, massimo=5) == -3


@pytest.mark.django_db
@pytest.mark.parametrize("valore", ["99999999999", "-5", "99999999999999999999", "0"])
def test_anagrafe_delle_prestazioni_con_anno_impossibile(client, ds, valore):
    """Was a 500 (a year beyond the date range in the filter)."""
    client.force_login(ds)
    risposta = client.get("/incarichi/trasparenza/anagrafe-prestazioni.csv", {"anno": valore})
    assert _e_la_pagina_400(risposta)
    assert "fuori dall'intervallo" in risposta.content.decode() or "non è un numero" in (
        risposta.content.decode())


@pytest.mark.django_db
def test_anagrafe_delle_prestazioni_con_anno_valido(client, ds):
    client.force_login(ds)
    risposta = client.get("/incarichi/trasparenza/anagrafe-prestazioni.csv", {"anno": "2025"})
    assert risposta.status_code == 200
    assert risposta["Content-Type"].startswith("text/csv")
