"""The scoring grids of art. 17 of the regulation (seeds/001), ready to load and adjust.

Voto di laurea bands are [highest mark of the band, points]: [[100, 6], [105, 12], [110, 18]]
reads "fino a 100 → 6, da 101 a 105 → 12, da 106 a 110 → 18". "Esterni" are candidates of
every category but personale interno.

Where a line of the regulation can be read two ways, the description of the criterion says
which mark gives which points under the reading the grid takes (LETTURE below, one sentence
each): the avviso and the form tell candidates the points, the comments here tell the office
why (a remark on the regulation in the avviso only confused candidates).
"""

from decimal import Decimal as D

from .models import Categoria, TipoCriterio

ESTERNI = [Categoria.ALTRA_SCUOLA.value, Categoria.ALTRA_PA.value, Categoria.PRIVATO.value]
INTERNI = [Categoria.INTERNO.value]

FISSO, PER_UNITA, VOTO = TipoCriterio.FISSO, TipoCriterio.PER_UNITA, TipoCriterio.VOTO_LAUREA

# The regulation's lines that admit two readings, and the one the grids take.
LETTURE = {
    # "110 e lode → 12; 100 → 10; altra votazione → 6": read literally, 110 would give 6
    # points, fewer than 100; the «100» is read as 110 (the top of the scale, as the diploma's
    # line below, where «100 e lode» and «100» are the top of a scale of 100).
    "magistrale": "110 e lode: 12 punti; 110: 10 punti; ogni altra votazione: 6 punti",
    "perito": "voto su 100 – 100 e lode: 6 punti; 100: 4 punti; ogni altra votazione: 2 punti",
    # "Da 106 a 110/100" in the regulation: the scale is 110, as in the two bands before.
    "vecchio_ordinamento": "fino a 100/110: 6 punti; da 101 a 105: 12 punti; da 106 a 110: "
                           "18 punti; lode: +2 punti",
}

PROGETTISTA_COLLAUDATORE = [
    dict(descrizione=f"Laurea magistrale ({LETTURE['magistrale']})", tipo=VOTO,
         fasce=[[109, 6], [110, 10]], bonus_lode=D(2), gruppo="Titolo di studio"),
    dict(descrizione="Diploma di perito (informatico, elettronico, elettrotecnico) "
                     f"({LETTURE['perito']})", tipo=VOTO,
         fasce=[[99, 2], [100, 4]], bonus_lode=D(2), scala_voto=100, gruppo="Titolo di studio"),
    dict(descrizione="Docenza di ruolo in materie attinenti al progetto", tipo=PER_UNITA,
         punti=D(1), massimo=D(10), unita="anno"),
    dict(descrizione="Assistente tecnico in area attinente", tipo=PER_UNITA, punti=D("0.5"),
         massimo=D(10), unita="anno"),
    dict(descrizione="Esperienza su progetto specifico (es. progettazione FESR)", tipo=PER_UNITA,
         punti=D(2), massimo=D(6), unita="esperienza"),
    dict(descrizione="Esperienza lavorativa attinente", tipo=PER_UNITA, punti=D(1), massimo=D(6),
         unita="incarico"),
    dict(descrizione="Patente ECDL/EIPASS", tipo=FISSO, punti=D(3)),
    dict(descrizione="Corsi di formazione (Invalsi, FORTIC)", tipo=PER_UNITA, punti=D(3),
         massimo=D(6), unita="corso"),
    dict(descrizione="Iscrizione ad albo professionale", tipo=FISSO, punti=D(5)),
]

_LAUREE = [
    dict(descrizione="Laurea vecchio ordinamento o specialistica/magistrale "
                     f"({LETTURE['vecchio_ordinamento']})", tipo=VOTO,
         fasce=[[100, 6], [105, 12], [110, 18]], bonus_lode=D(2), gruppo="Laurea"),
    dict(descrizione="Laurea triennale coerente con l'incarico (in alternativa alla magistrale)",
         tipo=VOTO, fasce=[[100, 3], [105, 6], [110, 9]], bonus_lode=D(1), gruppo="Laurea"),
]

_COMUNI = [
    dict(descrizione="Esperienza di progettazione europea", tipo=PER_UNITA, punti=D(2),
         massimo=D(10), unita="esperienza"),
    dict(descrizione="Certificazione competenze linguistiche", tipo=PER_UNITA, punti=D(1),
         massimo=D(3), unita="certificazione"),
    dict(descrizione="Certificazione competenze informatiche", tipo=PER_UNITA, punti=D(3),
         massimo=D(6), unita="certificazione"),
]

_ABILITAZIONI = [
    dict(descrizione="Abilitazione all'insegnamento nella disciplina del modulo (solo esterni)",
         tipo=FISSO, punti=D(8), categorie=ESTERNI, gruppo="Abilitazione"),
    dict(descrizione="Abilitazione diversa da quella richiesta nel modulo (solo esterni, in "
                     "alternativa alla precedente)", tipo=PER_UNITA, punti=D(2), massimo=D(6),
         unita="abilitazione", categorie=ESTERNI, gruppo="Abilitazione"),
    dict(descrizione="Esperienza di docenza in scuole statali (max 5 anni)", tipo=PER_UNITA,
         punti=D(3), massimo=D(15), unita="anno"),
    dict(descrizione="Esperienza di esperto e/o tutor in progetti PON-POR", tipo=PER_UNITA,
         punti=D(1), massimo=D(5), unita="esperienza"),
]

ESPERTI = [
    *_LAUREE,
    dict(descrizione="Esperienza nel gruppo interno di lavoro PTOF – RAV – PDM (solo interni)",
         tipo=PER_UNITA, punti=D(5), massimo=D(10), unita="anno", categorie=INTERNI),
    *_COMUNI,
    *_ABILITAZIONI,
    dict(descrizione="Esperienza in attività inerenti l'oggetto del modulo", tipo=PER_UNITA,
         punti=D(2), massimo=D(6), unita="esperienza"),
    dict(descrizione="Partecipazione a concorsi e gare esterni alla scuola con gli studenti",
         tipo=PER_UNITA, punti=D(2), massimo=D(10), unita="esperienza"),
]

TUTOR_FIGURE_AGGIUNTIVE = [
    *_LAUREE,
    dict(descrizione="Esperienza nel gruppo interno di lavoro PTOF – RAV – PDM", tipo=PER_UNITA,
         punti=D(5), massimo=D(10), unita="anno"),
    *_COMUNI,
    *_ABILITAZIONI,
]

GRIGLIE = {
    "progettista_collaudatore": ("Progettista e collaudatore (art. 17)", PROGETTISTA_COLLAUDATORE),
    "esperti": ("Esperti interni/esterni (art. 17)", ESPERTI),
    "tutor": ("Tutor e figure aggiuntive (art. 17)", TUTOR_FIGURE_AGGIUNTIVE),
}

# The grid the page proposes for the procedure's tipologia («altro»: none, the DS chooses).
GRIGLIA_DELLA_TIPOLOGIA = {
    "progettista": "progettista_collaudatore", "collaudatore": "progettista_collaudatore",
    "esperto": "esperti", "formatore": "esperti",
    "tutor": "tutor", "figura_aggiuntiva": "tutor",
}
