"""The demo identities the test identity provider can assert (codici fiscali are valid)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class IdentitaDemo:
    codice_fiscale: str
    nome: str
    cognome: str
    email: str
    data_nascita: str
    descrizione: str


IDENTITA = [
    IdentitaDemo("RSSMRA70A41H501W", "Maria", "Rossi", "maria.rossi@example.it", "1970-01-01",
                 "Dirigente Scolastica dell'IC Leonardo da Vinci (Roma) e reggente dell'IC Alberto Manzi"),
    IdentitaDemo("BNCGPP75C12F205U", "Giuseppe", "Bianchi", "giuseppe.bianchi@example.it",
                 "1975-03-12", "Dirigente Scolastico del Liceo Galileo Galilei (Milano)"),
    IdentitaDemo("VRDLCU80D55L219W", "Lucia", "Verdi", "lucia.verdi@example.it", "1980-04-15",
                 "DSGA dell'IC Leonardo da Vinci"),
    IdentitaDemo("NREPLA85E10H501Q", "Paolo", "Neri", "paolo.neri@example.it", "1985-05-10",
                 "Segreteria dell'IC Leonardo da Vinci"),
    IdentitaDemo("GLLNNA82H48F205R", "Anna", "Gialli", "anna.gialli@example.it", "1982-06-08",
                 "Referente di progetto del Liceo Galilei"),
    IdentitaDemo("CNTFNC68L20H501F", "Francesco", "Conti", "francesco.conti@example.it",
                 "1968-07-20", "Amministrazione centrale"),
    IdentitaDemo("MRNLRA90M50H501J", "Laura", "Marini", "laura.marini@example.it", "1990-08-10",
                 "Supporto (assistenza)"),
    IdentitaDemo("FRRLSS92P45F839O", "Alessia", "Ferrari", "alessia.ferrari@example.it",
                 "1992-09-05", "Candidata: docente di un'altra scuola"),
    IdentitaDemo("ESPMRC88R03L736K", "Marco", "Esposito", "marco.esposito@example.it",
                 "1988-10-03", "Candidato: esperto esterno"),
    IdentitaDemo("MNCSRA85B45F205W", "Sara", "Mancini", "sara.mancini@example.it", "1985-02-05",
                 "Candidata: dipendente del Comune di Milano, con un'integrazione da inviare "
                 "e un incarico in corso"),
]


def trova(codice_fiscale: str) -> IdentitaDemo | None:
    return next((i for i in IDENTITA if i.codice_fiscale == codice_fiscale), None)


def nuova(*, nome: str, cognome: str, codice_fiscale: str, email: str = ""):
    """A person of the tester's choice (not among the demo identities): to try a first access,
    a new candidate with nothing yet. Returns (identity, {}) or (None, {field: message})."""
    from stdnum.exceptions import ValidationError
    from stdnum.it import codicefiscale

    nome, cognome = nome.strip(), cognome.strip()
    codice_fiscale = codice_fiscale.strip().upper()
    errori = {}
    if not nome:
        errori["nome"] = "Indica il nome."
    if not cognome:
        errori["cognome"] = "Indica il cognome."
    try:
        codicefiscale.validate(codice_fiscale)
        nascita = codicefiscale.get_birth_date(codice_fiscale)
    except ValidationError:
        errori["codice_fiscale"] = ("Il codice fiscale non è valido: 16 caratteri con il "
                                    "carattere di controllo giusto (per esempio "
                                    "RSSMRA80A01H501U).")
    if errori:
        return None, errori
    email = email.strip()  # none invented: the new person gives one where the portal asks
    return IdentitaDemo(codice_fiscale, nome, cognome, email, nascita.isoformat(),
                        "Nuova persona"), {}
