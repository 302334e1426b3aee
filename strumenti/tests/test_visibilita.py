"""Who may list and download which strumento: one test per role, every visibility checked.

Eight strumenti: national and of istituto A («IC Leonardo da Vinci»), each with the four
visibilities. The expected set of each viewer is written out by hand (the rules are in the
docstring of strumenti/selectors.py).
"""

from html import unescape

import pytest

from accounts.models import Ruolo
from strumenti.models import Strumento

pytestmark = pytest.mark.django_db

TUTTI = {"N-pubblico", "N-utenti", "N-segreterie", "N-referenti",
         "A-pubblico", "A-utenti", "A-segreterie", "A-referenti"}
NAZIONALI = {t for t in TUTTI if t.startswith("N-")}

ATTESI = {
    "anonimo": {"N-pubblico", "A-pubblico"},
    "candidato": {"N-pubblico", "N-utenti", "A-pubblico"},
    "ds A": TUTTI,
    "dsga A": TUTTI,
    "segreteria A": TUTTI,
    "referente A": {"N-pubblico", "N-utenti", "N-referenti",
                    "A-pubblico", "A-utenti", "A-referenti"},
    "ds B": NAZIONALI | {"A-pubblico"},
    "segreteria B": NAZIONALI | {"A-pubblico"},
    "referente B": {"N-pubblico", "N-utenti", "N-referenti", "A-pubblico"},
    "amministrazione": TUTTI,
    "supporto": NAZIONALI | {"A-pubblico"},
}

PERSONE = {  # viewer → (codice fiscale, ruolo, which istituto)
    "candidato": ("FRRLSS92P45F839O", None, None),
    "ds A": ("RSSMRA70A41H501W", Ruolo.DS, "A"),
    "dsga A": ("VRDLCU80D55L219W", Ruolo.DSGA, "A"),
    "segreteria A": ("NREPLA85E10H501Q", Ruolo.SEGRETERIA, "A"),
    "referente A": ("GLLNNA82H48F205R", Ruolo.REFERENTE, "A"),
    "ds B": ("BNCGPP75C12F205U", Ruolo.DS, "B"),
    "segreteria B": ("RSSLGU80A01F205X", Ruolo.SEGRETERIA, "B"),
    "referente B": ("VRDMRC85B02F205E", Ruolo.REFERENTE, "B"),
    "amministrazione": ("CNTFNC68L20H501F", Ruolo.AMMINISTRAZIONE, None),
    "supporto": ("MRNLRA90M50H501J", Ruolo.SUPPORTO, None),
}


@pytest.fixture
def scenario(con_ruolo, crea_persona, istituto, altro_istituto, crea_strumento):
    istituti = {"A": istituto, "B": altro_istituto}
    persone = {}
    for chi, (cf, ruolo, dove) in PERSONE.items():
        persone[chi] = (con_ruolo(cf, ruolo, istituti.get(dove)) if ruolo
                        else crea_persona(cf))
    strumenti = {}
    for visibilita in ("pubblico", "utenti", "segreterie", "referenti"):
        strumenti[f"N-{visibilita}"] = crea_strumento(persone["amministrazione"],
                                                      titolo=f"N-{visibilita}", visibilita=visibilita)
        strumenti[f"A-{visibilita}"] = crea_strumento(persone["segreteria A"],
                                                      titolo=f"A-{visibilita}", visibilita=visibilita)
    return persone, strumenti


@pytest.mark.parametrize("chi", list(ATTESI))
def test_elenco_e_download_secondo_visibilita_e_ruolo(client, scenario, chi):
    persone, strumenti = scenario
    if chi != "anonimo":
        client.force_login(persone[chi])
    elenco = client.get("/strumenti/")
    assert elenco.status_code == 200
    visti = {s.titolo for s in elenco.context["pagina"].object_list}
    assert visti == ATTESI[chi]
    for titolo, strumento in strumenti.items():
        for url in (f"/strumenti/{strumento.pk}/", f"/strumenti/{strumento.pk}/scarica/"):
            risposta = client.get(url)
            if titolo in ATTESI[chi]:
                assert risposta.status_code == 200, (chi, titolo, url)
            elif chi == "anonimo":
                assert risposta.status_code == 302, (chi, titolo, url)
                assert "/accounts/login/" in risposta["Location"]
            else:
                assert risposta.status_code == 404, (chi, titolo, url)
    scaricati = Strumento.objects.filter(download=1).values_list("titolo", flat=True)
    assert set(scaricati) == ATTESI[chi]  # only the allowed downloads were counted


def test_anonimo_su_strumento_inesistente_va_al_login_come_su_uno_riservato(client):
    risposta = client.get("/strumenti/999999/scarica/")
    assert risposta.status_code == 302 and "/accounts/login/" in risposta["Location"]


def test_la_visibilita_segue_il_ruolo_attivo(client, scenario, con_ruolo, altro_istituto):
    """A DS in reggenza sees istituto B's reserved strumenti only while operating for B."""
    persone, strumenti = scenario
    reggente = con_ruolo("RSSMRA70A41H501W", Ruolo.DS, altro_istituto)
    client.force_login(reggente)
    assert client.get(f"/strumenti/{strumenti['A-segreterie'].pk}/").status_code == 200
    from accounts.models import Membership
    b = Membership.objects.get(user=reggente, istituto=altro_istituto)
    client.post("/profilo/cambia-istituto/", {"membership": b.pk})
    assert client.get(f"/strumenti/{strumenti['A-segreterie'].pk}/").status_code == 404
    assert client.get(f"/strumenti/{strumenti['A-pubblico'].pk}/").status_code == 200


def test_utenti_di_un_istituto_detto_per_quello_che_e(client, scenario):
    """«Tutti gli utenti del portale» on a strumento of an istituto reaches only the people
    with a role there (the rules above: a candidate, another school do not see it). The upload
    form of a school, its list and its detail say so; the national one keeps its words."""
    persone, strumenti = scenario
    client.force_login(persone["segreteria A"])
    modulo = unescape(client.get("/strumenti/carica/").content.decode())
    assert "Il personale dell'istituto con un ruolo nel portale" in modulo
    assert "Tutti gli utenti del portale" not in modulo
    dettaglio = unescape(client.get(f"/strumenti/{strumenti['A-utenti'].pk}/").content.decode())
    assert "Il personale dell'istituto con un ruolo nel portale" in dettaglio
    client.force_login(persone["amministrazione"])
    assert "Tutti gli utenti del portale" in client.get("/strumenti/carica/").content.decode()
    assert "Tutti gli utenti del portale" in client.get(
        f"/strumenti/{strumenti['N-utenti'].pk}/").content.decode()


@pytest.mark.parametrize("chi, scelte", [
    ("anonimo", None),  # only public ones: no filter to offer
    ("candidato", ["Tutte", "Pubblico", "Tutti gli utenti del portale"]),
    # the staff meet both meanings of «utenti»: one option each, the words of the list's column
    ("ds A", ["Tutte", "Pubblico", "Tutti gli utenti del portale",
              "Il personale dell'istituto con un ruolo nel portale",
              "Segreterie (DS, DSGA, Segreteria)", "Referenti di progetto"]),
    ("amministrazione", ["Tutte", "Pubblico", "Tutti gli utenti del portale",
                         "Il personale dell'istituto con un ruolo nel portale",
                         "Segreterie (DS, DSGA, Segreteria)", "Referenti di progetto"]),
    # no istituto's staff strumento reaches the Supporto: not offered
    ("supporto", ["Tutte", "Pubblico", "Tutti gli utenti del portale",
                  "Segreterie (DS, DSGA, Segreteria)", "Referenti di progetto"]),
])
def test_il_filtro_visibilita_offre_solo_cio_che_la_persona_puo_incontrare(client, scenario, chi,
                                                                           scelte):
    """A candidate was offered «Segreterie (DS, DSGA, Segreteria)» and «Referenti di progetto»,
    filters that could only give an empty list."""
    import re

    persone, _ = scenario
    if chi != "anonimo":
        client.force_login(persone[chi])
    pagina = unescape(client.get("/strumenti/").content.decode())
    select = re.search(r'<select name="visibilita".*?</select>', pagina, re.S)
    if scelte is None:
        assert select is None
    else:
        assert re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0)) == scelte
    # a hand-made filter on a visibility not offered is ignored, not an error
    assert client.get("/strumenti/?visibilita=segreterie").status_code == 200


@pytest.mark.parametrize("chi", ["ds A", "amministrazione", "candidato"])
def test_le_due_visibilita_utenti_filtrate_ciascuna_per_se(client, scenario, chi):
    """The staff's filter offered «Tutti gli utenti del portale o il personale dell'istituto
    con un ruolo nel portale», one option for two audiences: now each its own, listing what
    the column «Visibilità» says with those words."""
    persone, _ = scenario
    client.force_login(persone[chi])

    def titoli(visibilita):
        risposta = client.get(f"/strumenti/?visibilita={visibilita}")
        return {s.titolo for s in risposta.context["pagina"]}

    assert titoli("utenti") == {"N-utenti"}
    assert titoli("personale") == ({"A-utenti"} if chi != "candidato" else {
        "N-pubblico", "N-utenti", "A-pubblico"})  # not offered to a candidate: ignored
