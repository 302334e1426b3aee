"""The ranking as a pure function, on the three grids of art. 17 (seeds/001), with scores
computed by hand in the comments."""

import random
from datetime import date
from decimal import Decimal

import pytest

from graduatorie.calcolo import Istanza, Punteggiatore, calcola, media, ordine_di_chiamata, sigillo
from procedure import criteri as regole
from procedure import griglie
from procedure.models import Criterio


def _griglia(righe):
    """The grid's criteria with ids 1..n (unsaved: the function needs no database)."""
    return [Criterio(pk=i, **riga) for i, riga in enumerate(righe, 1)]


def _istanza(pk, categoria, dichiarazioni, *, nascita=date(1980, 1, 1), protocollo=None,
             esito="ammessa", motivazione="", medie=None):
    return Istanza(candidatura=pk, categoria=categoria, cognome=f"Cognome{pk}", nome=f"Nome{pk}",
                   data_nascita=nascita, protocollo=protocollo or (2026, pk), esito=esito,
                   motivazione=motivazione, dichiarazioni=dichiarazioni, medie=medie or {})


def _punteggi(risultato):
    return {r["candidatura"]: r["punteggio"] for s in risultato["sezioni"] for r in s["righe"]}


def test_griglia_progettista_collaudatore():
    criteri = _griglia(griglie.PROGETTISTA_COLLAUDATORE)
    istanze = [
        # laurea 110 e lode 12 (the diploma's 4 is an alternative: only the best counts)
        # + docenza 12 anni → max 10 + assistente 3 × 0,5 = 1,5 + 2 progetti × 2 = 4
        # + ECDL 3 + 3 corsi × 3 = 9 → max 6  = 36,5
        _istanza(1, "privato", {1: {"voto": 110, "lode": True}, 2: {"voto": 100, "lode": False},
                                3: 12, 4: 3, 5: 2, 6: 0, 7: True, 8: 3, 9: False}),
        # laurea 105 → 6; diploma 100 e lode 4 + 2 = 6 → best 6; docenza 5; assistente 30 →
        # max 10; 5 progetti → max 6; 7 esperienze → max 6; 1 corso 3; albo 5  = 41
        _istanza(2, "privato", {1: {"voto": 105, "lode": False}, 2: {"voto": 100, "lode": True},
                                3: 5, 4: 30, 5: 5, 6: 7, 8: 1, 9: True}),
        # only a diploma with 95 → 2
        _istanza(3, "privato", {2: {"voto": 95, "lode": False}}),
    ]
    risultato = calcola(criteri, istanze)
    assert [r["candidatura"] for r in risultato["sezioni"][0]["righe"]] == [2, 1, 3]
    assert _punteggi(risultato) == {1: "36.50", 2: "41.00", 3: "2.00"}


def test_griglia_esperti_categorie_alternative_e_massimi():
    criteri = _griglia(griglie.ESPERTI)
    dichiarate = {1: {"voto": 110, "lode": True}, 2: {"voto": 110, "lode": False}, 3: 3, 4: 1,
                  5: 4, 6: 1, 7: True, 8: 2, 9: 6, 10: 2, 12: 1}
    istanze = [
        # interno: laurea 18 + lode 2 = 20 (triennale 9 is the alternative); PTOF (only
        # interni) 3 × 5 = 15 → max 10; europea 2; lingue 4 → max 3; informatica 3;
        # abilitazioni are only for esterni: 0; docenza 6 × 3 = 18 → max 15; PON 2;
        # concorsi 2  = 57
        _istanza(1, "interno", dichiarate),
        # privato, same declarations: no PTOF; abilitazione 8 beats "diversa" 2 × 2 = 4
        # → 20 + 2 + 3 + 3 + 8 + 15 + 2 + 2 = 55
        _istanza(2, "privato", dichiarate),
        # privato: laurea 101 → 12 beats triennale 110 e lode 9 + 1 = 10; abilitazione
        # diversa 4 × 2 = 8 → max 6; docenza 3; attività 5 × 2 = 10 → max 6  = 27
        _istanza(3, "privato", {1: {"voto": 101, "lode": False}, 2: {"voto": 110, "lode": True},
                                7: False, 8: 4, 9: 1, 11: 5}),
    ]
    risultato = calcola(criteri, istanze)
    assert [s["categoria"] for s in risultato["sezioni"]] == ["interno", "privato"]
    assert _punteggi(risultato) == {1: "57.00", 2: "55.00", 3: "27.00"}
    assert ordine_di_chiamata(risultato) == [1, 2, 3]  # the interno first, though not best


def test_griglia_tutor_parita_e_esclusi():
    criteri = _griglia(griglie.TUTOR_FIGURE_AGGIUNTIVE)
    istanze = [
        # interno: laurea 100 → 6; PTOF 1 × 5; informatica 3 × 3 = 9 → max 6; the
        # abilitazione counts only for esterni  = 17
        _istanza(1, "interno", {1: {"voto": 100}, 3: 1, 6: 3, 7: True}),
        # altra scuola: triennale 104 → 6; abilitazione 8; docenza 2 × 3 = 6; PON 7 → max 5
        # = 25, born 1970, protocol 2
        _istanza(2, "altra_scuola", {2: {"voto": 104}, 7: True, 9: 2, 10: 7},
                 nascita=date(1970, 5, 1), protocollo=(2026, 2)),
        # altra scuola: laurea 100 → 6; PTOF 5; europea 2 × 2 = 4; docenza 6; PON 4 = 25,
        # younger (1990), later protocol 3
        _istanza(3, "altra_scuola", {1: {"voto": 100}, 3: 1, 4: 2, 9: 2, 10: 4},
                 nascita=date(1990, 3, 1), protocollo=(2026, 3)),
        _istanza(4, "privato", {1: {"voto": 110}}, esito="esclusa",
                 motivazione="Domanda priva della firma"),
    ]
    risultato = calcola(criteri, istanze, piu_giovane_prima=True)
    altra = risultato["sezioni"][1]
    assert altra["categoria"] == "altra_scuola"
    assert [(r["candidatura"], r["punteggio"], r["posizione"]) for r in altra["righe"]] == [
        (3, "25.00", 1), (2, "25.00", 2)]
    assert _punteggi(risultato)[1] == "17.00"
    assert risultato["esclusi"] == [{
        "candidatura": 4, "cognome": "Cognome4", "nome": "Nome4", "categoria": "Soggetti privati",
        "motivazione": "Domanda priva della firma", "protocollo": "4/2026"}]
    assert 4 not in ordine_di_chiamata(risultato)

    # the procedure may say: protocol order only
    solo_protocollo = calcola(criteri, istanze, piu_giovane_prima=False)
    assert [r["candidatura"] for r in solo_protocollo["sezioni"][1]["righe"]] == [2, 3]


def test_parita_con_stessa_data_di_nascita_decide_il_protocollo():
    criteri = _griglia(griglie.TUTOR_FIGURE_AGGIUNTIVE)
    nascita = date(1985, 1, 1)
    istanze = [_istanza(10, "privato", {1: {"voto": 100}}, nascita=nascita, protocollo=(2026, 9)),
               _istanza(11, "privato", {1: {"voto": 100}}, nascita=nascita, protocollo=(2025, 40)),
               _istanza(12, "privato", {1: {"voto": 100}}, nascita=None, protocollo=(2025, 1))]
    righe = calcola(criteri, istanze)["sezioni"][0]["righe"]
    # 40/2025 precedes 9/2026; an unknown birth date goes after the known ones
    assert [r["candidatura"] for r in righe] == [11, 10, 12]


def test_criteri_manuali_con_la_media_dei_commissari():
    criteri = [Criterio(pk=1, descrizione="Colloquio", tipo="manuale", massimo=Decimal(10)),
               Criterio(pk=2, descrizione="Metodologia", tipo="manuale", massimo=Decimal(5))]
    assert media([Decimal(7), Decimal(8), Decimal(8)]) == Decimal("7.67")
    # the half cent goes up, as the verbale says («0,005 per eccesso»)
    assert media([Decimal(7), Decimal("8.01")]) == Decimal("7.51")
    istanze = [_istanza(1, "privato", {}, medie={1: media([7, 8]), 2: Decimal(5)}),
               _istanza(2, "privato", {}, medie={1: Decimal(12)})]  # capped at the maximum
    assert _punteggi(calcola(criteri, istanze)) == {1: "12.50", 2: "10.00"}


def test_il_totale_si_arrotonda_al_centesimo_per_eccesso_e_ordina_come_si_legge():
    """A commission's correction may give fractional units (2,5 corsi × 0,25 = 0,625): the
    total is rounded half up like every other figure (0,63) and the rows are ordered by the
    total they show, so two equal totals go to the tie-break (the younger first)."""
    criteri = [Criterio(pk=1, descrizione="Corsi", tipo="per_unita", punti=Decimal("0.25"),
                        massimo=Decimal(5)),
               Criterio(pk=2, descrizione="Certificazione", tipo="fisso", punti=Decimal("0.63"))]
    istanze = [_istanza(1, "privato", {1: "2.5"}, nascita=date(1990, 1, 1)),
               _istanza(2, "privato", {2: True}, nascita=date(1970, 1, 1))]
    righe = calcola(criteri, istanze)["sezioni"][0]["righe"]
    assert [(r["candidatura"], r["punteggio"]) for r in righe] == [(1, "0.63"), (2, "0.63")]


def test_il_calcolo_veloce_coincide_con_le_regole_dei_criteri():
    """The memoised scorer gives exactly procedure.criteri.punteggio_totale's totals."""
    generatore = random.Random(6)
    for righe in (griglie.PROGETTISTA_COLLAUDATORE, griglie.ESPERTI,
                  griglie.TUTOR_FIGURE_AGGIUNTIVE):
        criteri = _griglia(righe)
        punteggiatore = Punteggiatore(criteri)
        for n in range(300):
            dichiarazioni = {}
            for c in criteri:
                if c.tipo == "voto_laurea" and generatore.random() < 0.7:
                    voto = generatore.randint(90, 110)
                    dichiarazioni[c.pk] = {"voto": voto, "lode": voto == 110 and n % 2 == 0}
                elif c.tipo == "per_unita":
                    dichiarazioni[c.pk] = str(generatore.randint(0, 12))
                elif c.tipo == "fisso":
                    dichiarazioni[c.pk] = generatore.random() < 0.5
            categoria = generatore.choice(["interno", "altra_scuola", "altra_pa", "privato"])
            istanza = _istanza(n, categoria, dichiarazioni)
            assert punteggiatore.totale(istanza) == regole.punteggio_totale(
                criteri, categoria, dichiarazioni)


def test_sigillo_stabile_e_sensibile():
    righe = {"sezioni": [{"categoria": "privato", "righe": [{"nome": "Àlessia", "punteggio": "1"}]}],
             "esclusi": []}
    assert sigillo(righe) == sigillo({"esclusi": [], "sezioni": righe["sezioni"]})
    assert sigillo(righe) != sigillo({**righe, "esclusi": [{"nome": "x"}]})


@pytest.mark.parametrize("valore, in_parole", [
    (1.5, "1,50"), ("1.5", "1,50"), (3, "3"), (None, "—"), (True, "sì"), (False, "no"),
    ({"voto": 108, "lode": False}, "108"), ({"voto": 110, "lode": True}, "110 e lode"),
    ("testo libero", "testo libero")])
def test_la_correzione_dice_i_valori_in_italiano(valore, in_parole):
    """«da 3 a 1,50», not «1.5»: the correction log reads like every number of the portal."""
    from graduatorie.models import Correzione

    correzione = Correzione(criterio_id=1, valore_dichiarato=valore, valore_corretto=valore)
    assert correzione.prima_in_parole == in_parole == correzione.dopo_in_parole
