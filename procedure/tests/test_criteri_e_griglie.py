"""The art. 17 grids with hand-computed candidates: alternatives, caps, category-only
criteria, lode."""

from decimal import Decimal

import pytest

from procedure import criteri as regole
from procedure.griglie import ESPERTI, PROGETTISTA_COLLAUDATORE, TUTOR_FIGURE_AGGIUNTIVE
from procedure.models import Criterio, TipoCriterio

D = Decimal


def _griglia(righe):
    criteri = [Criterio(pk=i, **riga) for i, riga in enumerate(righe, 1)]
    per_nome = {c.descrizione.split(" (")[0].split(" – ")[0]: c for c in criteri}
    return criteri, per_nome


def _dich(per_nome, **valori):
    """Declarations by the start of the criterion's description."""
    risultato = {}
    for chiave, valore in valori.items():
        trovati = [c for nome, c in per_nome.items() if nome.startswith(chiave)]
        assert len(trovati) == 1, chiave
        risultato[trovati[0].pk] = valore
    return risultato


def test_esperto_interno_calcolato_a_mano():
    criteri, per_nome = _griglia(ESPERTI)
    dichiarazioni = _dich(
        per_nome,
        **{"Laurea vecchio ordinamento": {"voto": 108, "lode": False},   # 18
           "Laurea triennale": {"voto": 110, "lode": True},              # 10: alternative, ignored
           "Esperienza nel gruppo interno": 3,                            # 5×3=15 → cap 10
           "Esperienza di progettazione europea": 2,                      # 4
           "Certificazione competenze linguistiche": 5,                   # 5 → cap 3
           "Abilitazione all'insegnamento": True,                         # external only: 0
           "Esperienza di docenza in scuole statali": 7})                 # 21 → cap 15
    assert regole.punteggio_totale(criteri, "interno", dichiarazioni) == D(18 + 10 + 4 + 3 + 15)


def test_esperto_esterno_stessi_titoli_altro_punteggio():
    criteri, per_nome = _griglia(ESPERTI)
    dichiarazioni = _dich(
        per_nome,
        **{"Laurea vecchio ordinamento": {"voto": 110, "lode": True},    # 18 + 2 = 20
           "Esperienza nel gruppo interno": 3,                            # internal only: 0
           "Abilitazione all'insegnamento": True,                         # 8 (group)
           "Abilitazione diversa": 4,                                     # 8 → cap 6: group best 8
           "Esperienza di esperto e/o tutor": 9})                         # 9 → cap 5
    assert regole.punteggio_totale(criteri, "privato", dichiarazioni) == D(20 + 8 + 5)


def test_fasce_di_voto_ai_confini():
    criteri, per_nome = _griglia(ESPERTI)
    laurea = per_nome["Laurea vecchio ordinamento o specialistica/magistrale"]
    casi = {100: 6, 101: 12, 105: 12, 106: 18, 110: 18}
    for voto, punti in casi.items():
        assert regole.punteggio_criterio(laurea, {"voto": voto, "lode": False}) == D(punti), voto
    assert regole.punteggio_criterio(laurea, {"voto": 110, "lode": True}) == D(20)
    assert regole.punteggio_criterio(laurea, {"voto": 111, "lode": False}) == D(0)


def test_tutor_triennale_in_alternativa_e_gruppo_interno_per_tutti():
    criteri, per_nome = _griglia(TUTOR_FIGURE_AGGIUNTIVE)
    dichiarazioni = _dich(
        per_nome,
        **{"Laurea triennale": {"voto": 104, "lode": False},             # 6
           "Esperienza nel gruppo interno": 1,                            # 5 (no category limit)
           "Certificazione competenze informatiche": 1})                  # 3
    assert regole.punteggio_totale(criteri, "altra_scuola", dichiarazioni) == D(6 + 5 + 3)


def test_progettista_titolo_migliore_e_mezzo_punto():
    criteri, per_nome = _griglia(PROGETTISTA_COLLAUDATORE)
    dichiarazioni = _dich(
        per_nome,
        **{"Laurea magistrale": {"voto": 110, "lode": True},             # 12
           "Diploma di perito": {"voto": 100, "lode": False},            # 4: alternative, ignored
           "Assistente tecnico": 5,                                       # 2.5
           "Patente ECDL/EIPASS": True,                                   # 3
           "Corsi di formazione": 3,                                      # 9 → cap 6
           "Iscrizione ad albo": True})                                   # 5
    assert regole.punteggio_totale(criteri, "interno", dichiarazioni) == D("28.5")


def test_punteggio_massimo_per_categoria_migliore():
    criteri, _ = _griglia(ESPERTI)
    # interni: 20 + 10 + 10 + 3 + 6 + 15 + 5 + 6 + 10 = 85; esterni: 20 + 10 + 3 + 6 + 8 + 15 + 5 + 6 + 10 = 83
    assert regole.punteggio_massimo(criteri, ["interno"]) == D(85)
    assert regole.punteggio_massimo(criteri, ["privato"]) == D(83)
    assert regole.punteggio_massimo(criteri, ["interno", "privato"]) == D(85)


def test_requisito_escludente_e_criterio_manuale():
    requisito = Criterio(pk=1, descrizione="Laurea richiesta", tipo="requisito")
    colloquio = Criterio(pk=2, descrizione="Colloquio", tipo="manuale", massimo=D(10))
    criteri = [requisito, colloquio]
    assert regole.requisiti_mancanti(criteri, "privato", {2: D("7.5")}) == ["Laurea richiesta"]
    assert regole.requisiti_mancanti(criteri, "privato", {1: True}) == []
    assert regole.punteggio_totale(criteri, "privato", {1: True, 2: D("12")}) == D(10)


@pytest.mark.parametrize("riga, errore", [
    (dict(descrizione="X", tipo="per_unita", punti=D(1)), "massimo"),
    (dict(descrizione="X", tipo="fisso"), "punti"),
    (dict(descrizione="X", tipo="voto_laurea"), "fasce"),
    (dict(descrizione="X", tipo="voto_laurea", fasce=[[100]]), "coppie"),
    (dict(descrizione="Corsi", tipo="per_unita", punti=D("2.5"), massimo=D(2), unita="corso"),
     "Nel criterio «Corsi» i punti per corso (2,50) superano il punteggio massimo (2)."),
])
def test_criteri_incoerenti_segnalati(riga, errore):
    assert errore in " ".join(regole.errori_criterio(Criterio(**riga)))


def test_punti_per_unita_uguali_al_massimo_ammessi():
    criterio = Criterio(descrizione="Corsi", tipo="per_unita", punti=D(2), massimo=D(2))
    assert regole.errori_criterio(criterio) == []


@pytest.mark.parametrize("scala, voto, lode, errore", [
    (110, 110, True, ""), (110, 66, False, ""), (110, 105, True, "solo con 110"),
    (110, 65, False, "da 66 a 110"), (110, 111, False, "da 66 a 110"),
    (100, 100, True, ""), (100, 60, False, ""), (100, 105, False, "da 60 a 100"),
    (100, 99, True, "solo con 100"), (60, 36, False, ""), (60, 60, True, ""),
    (110, None, True, "indica anche il voto"), (110, None, False, ""),
])
def test_una_regola_per_i_voti(scala, voto, lode, errore):
    criterio = Criterio(tipo="voto_laurea", fasce=[[100, 6], [110, 10]], bonus_lode=D(2),
                        scala_voto=scala)
    messaggio = regole.errore_voto(criterio, voto, lode)
    assert (errore in messaggio) if errore else messaggio == ""


def test_la_lode_vale_solo_con_il_voto_massimo():
    diploma = Criterio(pk=1, tipo="voto_laurea", fasce=[[80, 4], [100, 8]], bonus_lode=D(2),
                       scala_voto=100)
    assert regole.punteggio_criterio(diploma, {"voto": 100, "lode": True}) == D(10)
    # a stored declaration from before the rule: lode with 95 gives no bonus
    assert regole.punteggio_criterio(diploma, {"voto": 95, "lode": True}) == D(8)
    assert "voto su 100" in regole.regola_in_parole(diploma)
    assert "100 e lode: +2 punti" in regole.regola_in_parole(diploma)


def test_le_griglie_dicono_come_leggono_le_righe_ambigue_e_il_diploma_e_su_100():
    criteri, per_nome = _griglia(PROGETTISTA_COLLAUDATORE)
    laurea, diploma = per_nome["Laurea magistrale"], per_nome["Diploma di perito"]
    # the reading stated in the description is the one the scoring applies
    assert "110 e lode: 12 punti; 110: 10 punti; ogni altra votazione: 6 punti" in laurea.descrizione
    casi_laurea = {(110, True): 12, (110, False): 10, (100, False): 6, (66, False): 6}
    for (voto, lode), punti in casi_laurea.items():
        assert regole.punteggio_criterio(laurea, {"voto": voto, "lode": lode}) == D(punti)
    assert "100 e lode: 6 punti; 100: 4 punti; ogni altra votazione: 2 punti" in diploma.descrizione
    assert diploma.scala_voto == 100
    casi_diploma = {(100, True): 6, (100, False): 4, (99, False): 2, (60, False): 2}
    for (voto, lode), punti in casi_diploma.items():
        assert regole.punteggio_criterio(diploma, {"voto": voto, "lode": lode}) == D(punti)
        assert regole.errore_voto(diploma, voto, lode) == ""
    assert regole.errore_voto(diploma, 59, False) and regole.errore_voto(diploma, 99, True)
    assert regole.errore_voto(laurea, 100, True) == "La lode si dichiara solo con 110."
    assert all(len(c.descrizione) <= 300 for g in (PROGETTISTA_COLLAUDATORE, ESPERTI,
                                                   TUTOR_FIGURE_AGGIUNTIVE)
               for c in _griglia(g)[0])


def test_le_griglie_parlano_ai_candidati_non_del_regolamento():
    """The description goes into the avviso and the candidate's form: which mark gives which
    points, not how the grid reads the regulation (a remark for the office: griglie.LETTURE)."""
    descrizioni = [c.descrizione for g in (PROGETTISTA_COLLAUDATORE, ESPERTI,
                                           TUTOR_FIGURE_AGGIUNTIVE) for c in _griglia(g)[0]]
    assert not [d for d in descrizioni if "regolamento" in d or "si legge" in d]
    assert any("da 106 a 110: 18 punti" in d for d in descrizioni)


@pytest.mark.parametrize(("unita", "etichetta"), [
    ("anno", "numero di anni"), ("esperienza", "numero di esperienze"),
    ("certificazione", "numero di certificazioni"), ("incarico", "numero di incarichi"),
    ("anno di servizio", "numero di anni di servizio"), ("", "numero di unità")])
def test_il_modulo_conta_al_plurale(unita, etichetta):
    """«– numero di anni», not «numero di anno» (the unit is written in the singular)."""
    from types import SimpleNamespace as N

    from procedure.modulo import _dichiarazione_per

    criterio = N(pk=1, tipo=TipoCriterio.PER_UNITA, descrizione="Esperienza", unita=unita)
    [(_, campo)] = _dichiarazione_per(criterio)
    assert campo.label == f"Esperienza – {etichetta}"


def test_punteggio_fisso_in_parole_con_ogni_genere():
    """«8 punti se in possesso»: right for «abilitazione» and «titolo» alike."""
    from types import SimpleNamespace as N

    criterio = N(tipo=TipoCriterio.FISSO, punti=Decimal(8), categorie=[], descrizione="Abilitazione")
    assert regole.regola_in_parole(criterio).endswith("8 punti se in possesso")
