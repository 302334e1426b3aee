"""A new application filled from «Il mio profilo», and the profile filled from an application
(issue 17, «una volta sola»).

The matching rule, by kind (the criterion's type, its unit, a few words of its title):

- «voto di laurea» (fasce di voto): the titles of study with a mark on the criterion's scale
  (110: lauree; 100 and 60: diplomi); «triennale» in the criterion's title keeps the
  triennali, «magistrale», «specialistica» or «vecchio ordinamento» the others. The best
  mark (the most points by the criterion's own rule) is declared.
- «per unità»: the unit says what is counted. «anno»: the experiences, counting the years of
  their periods merged (overlapping periods count once, whole years); «esperienza»,
  «incarico», «progetto», «attività»: the experiences, one each (years of school service
  count by school year, whole with 180 days: `anni_scolastici`); «certificazione», «corso»:
  the certifications; «abilitazione»: the abilitazioni; «pubblicazione»: the publications;
  «titolo»: masters and doctorates. Experiences: when the criterion's title speaks of school
  (scuola, docenza, PON, tutor, PTOF…) only the experiences in the school count.
- «punteggio fisso» (posseduto sì/no): abilitazione or albo → abilitazioni; certificazione,
  ECDL, EIPASS, patente europea → certificazioni; master, dottorato → those titles;
  pubblicazione → publications. Otherwise nothing is suggested.
- Requirements and the commission's criteria are never prefilled.
- **Once.** An entry fills one criterion only (`assegna`): the criteria naming a subject
  choose first, then the generic ones; the card of a criterion lists the entries it took.
- **The subject of the criterion.** Besides the kind, when the criterion's title names a
  subject (a word that is not only about the kind, the setting or the counting: «progettazione
  europea», «informatiche», «tutor», «ECDL»), an entry is used only if its own words share one
  of them (the first five letters: «progettazione» meets «Progettista»), or, for languages and
  informatics, a word of that field («Inglese B2», «Cambridge»; «ECDL», «EIPASS»). A title
  made only of such general words («Esperienza lavorativa attinente») takes every entry of the
  kind. The declaration is the candidate's under DPR 445/2000: an entry that does not belong
  to the criterion is never put there for them (the candidate can still declare it).

The value goes into the draft through candidature.services.salva_bozza (its locks, its
deadline, its rules) after the application form validated it, with a description listing
the entries used («titoli, enti, date»). The documents of the profile go to the required
attachment whose name says what they are (models_profilo.DOCUMENTI_PROFILO: «curriculum» for
the CV, «identità» for the identity document), when the attachment accepts their format, as
a copy stored for the application: the application never shares a file with the profile, so
removing or replacing a document of the profile never touches it.
The candidate sees on each card which entries were used and confirms or changes the value.

The category («Partecipo come») comes from the last sent application, read for this avviso's
school (`categoria_ripresa`), and the candidate is told to check it.
"""

import re
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from portale import documenti
from portale.services.eventi import registra_evento
from procedure import criteri as regole
from procedure.models import Categoria, TipoCriterio
from procedure.modulo import Elementi

from . import ripresenta, services
from .forms import modulo
from .models import Candidatura, StatoCandidatura
from .models_profilo import (
    DOCUMENTI_PROFILO,
    LivelloTitolo,
    TipoDocumentoProfilo,
    TipoVoce,
    VoceProfilo,
)
from .services import profilo as services_profilo

ESPERIENZE = (TipoVoce.ESPERIENZA_PROFESSIONALE, TipoVoce.ESPERIENZA_SCOLASTICA)
SCUOLA = ("scuol", "docenza", "pon", "tutor", "ptof", "istituto", "scolastic", "studenti")
LAUREE = (LivelloTitolo.LAUREA_TRIENNALE, LivelloTitolo.LAUREA_MAGISTRALE)
POST_LAUREA = (LivelloTitolo.MASTER, LivelloTitolo.DOTTORATO)
LUNGHEZZA_DESCRIZIONE = 1000


def _contiene(testo: str, parole) -> bool:
    testo = (testo or "").lower()
    return any(p in testo for p in parole)


def _esperienze(criterio, voci):
    esperienze = [v for v in voci if v.tipo in ESPERIENZE]
    if _contiene(criterio.descrizione, SCUOLA):
        return [v for v in esperienze if v.tipo == TipoVoce.ESPERIENZA_SCOLASTICA]
    return esperienze


# words that say the kind of title, the setting or the counting, not the subject
_GENERICHE = ("esper", "certi", "compe", "titol", "anni", "anno", "posse", "attiv", "incar",
              "valut", "speci", "pregr", "matur", "profe", "lavor", "docum", "ambit", "setto",
              "press", "abili", "pubbl", "corso", "corsi", "attin", "perti", "coere", "inseg",
              "disci", "modul", "solo", "ester", "inter", "alter", "prece", "diver", "richi",
              "quell", "max", "massi", "almen", "ogni", "scuol", "istit", "scola", "stude",
              "stata", "stati", "area", "ruolo", "maste", "dotto", "laure", "diplo",
              "albo", "iscri", "paten", "unive", "livel", "inere", "ogget", "parte", "grupp")
_VUOTE = {"di", "in", "e", "a", "da", "del", "della", "dei", "degli", "delle", "dello", "per",
          "con", "su", "nel", "nella", "nelle", "negli", "il", "lo", "la", "i", "gli", "le",
          "un", "una", "uno", "al", "all", "alla", "ai", "agli", "alle", "o", "ed", "come",
          "tra", "fra", "sul", "sulla", "es", "ad", "d", "l", "non", "che", "anche"}
# fields whose titles rarely repeat the field's name: a word of the field is enough
_CAMPI = {
    "lingu": ("lingu", "ingle", "franc", "tedes", "spagn", "cines", "russo", "arabo", "porto",
              "a1", "a2", "b1", "b2", "c1", "c2", "cambr", "ielts", "toefl", "trini", "delf",
              "dalf", "goeth", "dele", "cils", "celi"),
    "infor": ("infor", "ecdl", "icdl", "eipas", "digit", "codin", "progr", "micro", "cisco",
              "aica", "cyber"),
}


def _parole(testo: str) -> list[str]:
    """The words of `testo`, lower case, as their first five letters."""
    return [p[:5] for p in re.findall(r"[a-z0-9]+", (testo or "").lower()) if p not in _VUOTE]


def _soggetto(titolo: str) -> set[str]:
    """The words of a criterion's title that name its subject (module docstring)."""
    soggetto = set()
    for parola in _parole(titolo):
        if parola.isdigit() or any(parola.startswith(g) or g.startswith(parola)
                                   for g in _GENERICHE):
            continue
        campo = next((c for c, parole in _CAMPI.items() if parola in parole), None)
        soggetto.add(campo or parola)
    return soggetto


def _del_soggetto(voce, soggetto: set[str]) -> bool:
    if not soggetto:
        return True
    livello = getattr(voce, "get_livello_display", lambda: "")()
    parole = set(_parole(" ".join(str(getattr(voce, campo, "") or "") for campo in
                                  ("titolo", "ruolo", "ente", "note")) + " " + livello))
    for chiave in soggetto:
        if chiave in _CAMPI and parole & set(_CAMPI[chiave]) or chiave in parole:
            return True
    return False


def voci_per_criterio(criterio, voci) -> list:
    """The profile entries that match `criterio` (the rule in the module's docstring)."""
    if criterio.tipo == TipoCriterio.VOTO_LAUREA:  # the scale and the level say it all
        return _per_tipo(criterio, voci)
    soggetto = _soggetto(criterio.descrizione)
    return [v for v in _per_tipo(criterio, voci) if _del_soggetto(v, soggetto)]


def _per_tipo(criterio, voci) -> list:
    """The entries of the kind `criterio` counts."""
    titolo = criterio.descrizione or ""
    if criterio.tipo == TipoCriterio.VOTO_LAUREA:
        scala = criterio.scala_voto or 110
        titoli = [v for v in voci if v.tipo == TipoVoce.TITOLO_STUDIO and v.voto
                  and v.scala_voto == scala]
        if scala == 110:
            if _contiene(titolo, ("triennale",)):
                titoli = [v for v in titoli if v.livello == LivelloTitolo.LAUREA_TRIENNALE]
            elif _contiene(titolo, ("magistrale", "specialistica", "vecchio ordinamento")):
                titoli = [v for v in titoli if v.livello == LivelloTitolo.LAUREA_MAGISTRALE]
        return titoli
    if criterio.tipo == TipoCriterio.PER_UNITA:
        unita = (criterio.unita or "").lower()
        if unita.startswith("ann") or _contiene(unita, ("esperienz", "incaric", "progett",
                                                        "attivit")):
            return _esperienze(criterio, voci)
        for parole, tipo in ((("certificazion", "corso", "corsi"), TipoVoce.CERTIFICAZIONE),
                             (("abilitazion",), TipoVoce.ABILITAZIONE),
                             (("pubblicazion",), TipoVoce.PUBBLICAZIONE)):
            if _contiene(unita, parole):
                return [v for v in voci if v.tipo == tipo]
        if _contiene(unita, ("titol", "master")):
            return [v for v in voci if v.tipo == TipoVoce.TITOLO_STUDIO and v.livello in POST_LAUREA]
        return []
    if criterio.tipo == TipoCriterio.FISSO:
        if _contiene(titolo, ("abilitazion", "albo")):
            return [v for v in voci if v.tipo == TipoVoce.ABILITAZIONE]
        if _contiene(titolo, ("certificazion", "ecdl", "eipass", "patente europea", "icdl")):
            return [v for v in voci if v.tipo == TipoVoce.CERTIFICAZIONE]
        if _contiene(titolo, ("master", "dottorato")):
            return [v for v in voci if v.tipo == TipoVoce.TITOLO_STUDIO and v.livello in POST_LAUREA]
        if _contiene(titolo, ("pubblicazion",)):
            return [v for v in voci if v.tipo == TipoVoce.PUBBLICAZIONE]
    return []


def anni(voci, oggi: date | None = None) -> int:
    """Whole years covered by the periods of `voci`, overlapping periods counted once."""
    oggi = oggi or timezone.localdate()
    periodi = sorted((v.dal, min(v.al or oggi, oggi)) for v in voci if v.dal and v.dal <= oggi)
    giorni, fine = 0, None
    for inizio, termine in periodi:
        if fine is not None and inizio <= fine:
            if termine > fine:
                giorni += (termine - fine).days
                fine = termine
            continue
        giorni += (termine - inizio).days + 1
        fine = termine
    return giorni // 365


GIORNI_ANNO_SCOLASTICO = 180  # art. 11, c. 14, l. 124/1999: a school year of service counts whole


def anni_scolastici(voci, oggi: date | None = None) -> int:
    """School years (1 September–31 August) with at least 180 days of service in the periods
    of `voci`, overlapping periods counted once: how school service is counted."""
    oggi = oggi or timezone.localdate()
    giorni = set()
    for v in voci:
        if v.dal and v.dal <= oggi:
            fine = min(v.al or oggi, oggi)
            giorni.update(range(v.dal.toordinal(), fine.toordinal() + 1))
    per_anno = {}
    for giorno in map(date.fromordinal, giorni):
        anno = giorno.year if giorno.month >= 9 else giorno.year - 1
        per_anno[anno] = per_anno.get(anno, 0) + 1
    return sum(1 for n in per_anno.values() if n >= GIORNI_ANNO_SCOLASTICO)


def _descrizione(voci, *, con_voto: bool = True) -> str:
    testo = "; ".join(v.in_parole(con_voto=con_voto) for v in voci)
    return testo if len(testo) <= LUNGHEZZA_DESCRIZIONE else testo[:LUNGHEZZA_DESCRIZIONE - 1] + "…"


def proposta(criterio, voci) -> tuple[dict, list]:
    """(the form's POST values for `criterio`, the entries used); ({}, []) when none match."""
    trovate = voci_per_criterio(criterio, voci)
    if not trovate:
        return {}, []
    nome = f"criterio_{criterio.pk}"
    if criterio.tipo == TipoCriterio.VOTO_LAUREA:
        migliore = max(trovate, key=lambda v: (regole.punteggio_criterio(
            criterio, {"voto": v.voto, "lode": v.lode}), v.voto))
        valori = {nome: str(migliore.voto)}
        if migliore.lode:
            valori[f"{nome}_lode"] = "on"
        return (valori | {f"{nome}_descrizione": _descrizione([migliore], con_voto=False)},
                [migliore])
    if criterio.tipo == TipoCriterio.PER_UNITA:
        if not (criterio.unita or "").lower().startswith("ann"):
            quante = len(trovate)
        elif _contiene(criterio.descrizione, SCUOLA):  # school service: by school year
            quante = anni_scolastici(trovate)
        else:
            quante = anni(trovate)
        if not quante:
            return {}, []
        return {nome: str(quante), f"{nome}_descrizione": _descrizione(trovate)}, trovate
    return {nome: "on", f"{nome}_descrizione": _descrizione(trovate)}, trovate


def assegna(criteri, voci) -> dict[int, tuple[dict, list]]:
    """{criterio id: `proposta`} for the criteria an entry of the profile fills, each entry in
    one criterion only (a title of service is declared once, seed 002 §9): the criteria that
    name a subject choose first, in the avviso's order, then the generic ones («Esperienza
    lavorativa attinente» would otherwise take what «PON-POR» is about)."""
    valutabili = [c for c in criteri
                  if c.tipo not in (TipoCriterio.REQUISITO, TipoCriterio.MANUALE)]
    ordine = sorted(valutabili, key=lambda c: c.tipo != TipoCriterio.VOTO_LAUREA
                    and not _soggetto(c.descrizione))
    libere, assegnate = list(voci), {}
    for criterio in ordine:
        valori, usate = proposta(criterio, libere)
        if usate:
            assegnate[criterio.pk] = (valori, usate)
            libere = [v for v in libere if v not in usate]
    return assegnate


def corrispondenze(persona, criteri) -> dict[int, list]:
    """{criterio id: the entries it takes (`assegna`)} for the cards of «Titoli valutabili»
    (one query)."""
    voci = list(VoceProfilo.objects.filter(persona=persona))
    if not voci:
        return {}
    return {pk: usate for pk, (_, usate) in assegna(criteri, voci).items()}


def _allegato_di(allegati_richiesti, tipo: TipoDocumentoProfilo):
    """The required attachment the profile's document of kind `tipo` fills (by its name)."""
    return next((a for a in allegati_richiesti if tipo.corrisponde(a)), None)


def _ammesso(documento, allegato_richiesto) -> bool:
    """The document's format is one the attachment accepts (its mime among its types)."""
    return any(documenti.TIPI[t].mime == documento.mime
               for t in services.tipi_ammessi(allegato_richiesto))


def _copia_verificata(documento) -> documenti.FileVerificato:
    """A stored document as a FileVerificato, to be stored again as a copy."""
    tipo = next((t.codice for t in documenti.TIPI.values() if t.mime == documento.mime), "pdf")
    return documenti.FileVerificato(
        file=File(default_storage.open(documento.percorso, "rb"), name=documento.nome),
        nome=documento.nome, tipo=tipo, mime=documento.mime, dimensione=documento.dimensione,
        sha256=documento.sha256, contenuti_attivi=tuple(documento.contenuti_attivi or ()))


@transaction.atomic
def precompila(*, candidato, candidatura: Candidatura,
               elementi: Elementi | None = None) -> tuple[Candidatura, list]:
    """Fill a draft from the candidate's profile: the evaluable titles, the CV and the identity
    document. Returns
    (the draft, the criteria filled). Only fields still empty in the draft are filled.
    `elementi`: the procedure's, when the caller read them in this request."""
    if candidatura.candidato_id != candidato.pk:
        raise PermissionDenied("La candidatura non è tua.")
    procedura = candidatura.procedura
    elementi = elementi or Elementi.di(procedura)
    voci = list(VoceProfilo.objects.filter(persona=candidato))
    dati, riempiti = {}, []
    assegnate = assegna(elementi.criteri, voci)
    for criterio in elementi.criteri:
        if (criterio.pk in assegnate
                and candidatura.dichiarazioni.get(str(criterio.pk)) in (None, "", False)):
            dati |= assegnate[criterio.pk][0]
            riempiti.append(criterio)
    file, copiati = {}, []
    for tipo in DOCUMENTI_PROFILO.values():
        richiesto = _allegato_di(elementi.allegati, tipo)
        documento = richiesto and tipo.modello.objects.filter(persona=candidato).first()
        if (documento and _ammesso(documento, richiesto)
                and not candidatura.allegati.filter(allegato_richiesto=richiesto).exists()
                and default_storage.exists(documento.percorso)):
            file[f"allegato_{richiesto.pk}"] = _copia_verificata(documento)
            copiati.append(tipo.evento)
    ripresa = None if candidatura.categoria else categoria_ripresa(candidato, procedura)
    if ripresa is not None:
        dati |= {"categoria": ripresa[0], "amministrazione_appartenenza": ripresa[1]}
    if not dati and not file:
        return candidatura, []
    # the application form judges the values, as if the candidate had typed them
    form = modulo(procedura, candidatura, dati, elementi=elementi)
    form.is_valid()
    puliti = {k: v for k, v in form.cleaned_data.items()
              if k in dati or (k.endswith("_lode") and k.removesuffix("_lode") in dati)}
    try:
        candidatura = services.salva_bozza(candidato=candidato, candidatura=candidatura,
                                           dati=puliti, file=file, elementi=elementi)
    finally:
        for verificato in file.values():
            verificato.file.close()
    registra_evento(autore=candidato, azione="candidatura.precompilata", oggetto=candidatura,
                    istituto=procedura.istituto,
                    descrizione=f"Bozza precompilata dal profilo ({len(riempiti)} titoli"
                                + "".join(f", {d}" for d in copiati) + ")"
                                + ("; categoria ripresa dall'ultima candidatura" if ripresa else ""),
                    dettagli={"criteri": [c.pk for c in riempiti], "documenti": copiati,
                              "curriculum": "curriculum" in copiati,
                              "categoria": ripresa[0] if ripresa else ""})
    return candidatura, riempiti


def categoria_ripresa(candidato, procedura) -> tuple[str, str] | None:
    """(category, administration) of the candidate's last sent application, as it reads for
    `procedura`'s school, when the avviso admits it; None otherwise.

    Whom the candidate works for does not change between avvisi; what it makes her does:
    «Personale interno» of another school is «Personale di altre istituzioni scolastiche» of
    that school here, and a teacher of another school applying to that very school (her
    administration's name is this school's) is «Personale interno». A draft never sent
    declares nothing and is not used.
    """
    ultima = (Candidatura.objects.filter(candidato=candidato, protocollo__isnull=False)
              .exclude(procedura=procedura).exclude(categoria="")
              .select_related("procedura__istituto").order_by("-inviata_il", "-pk").first())
    if ultima is None:
        return None
    categoria, amministrazione = ultima.categoria, ultima.amministrazione_appartenenza
    qui = procedura.istituto
    if ultima.procedura.istituto_id != qui.pk:
        if categoria == Categoria.INTERNO:
            categoria, amministrazione = Categoria.ALTRA_SCUOLA, ultima.procedura.istituto.denominazione
        elif (categoria == Categoria.ALTRA_SCUOLA
              and amministrazione.strip().casefold() == qui.denominazione.casefold()):
            categoria, amministrazione = Categoria.INTERNO, ""
    if categoria == Categoria.INTERNO or categoria == Categoria.PRIVATO:
        amministrazione = ""
    return (categoria, amministrazione) if categoria in procedura.categorie_ammesse else None


def apri_bozza(*, candidato, procedura, elementi: Elementi | None = None
               ) -> tuple[Candidatura, Candidatura | None, list]:
    """For a candidate without a live application (the caller looked:
    selectors.candidatura_viva): ripresenta.apri_bozza, and a draft created now (not from a
    withdrawn application) is filled from the profile. Returns (application, withdrawn one or
    None, criteria filled)."""
    candidatura, ritirata = ripresenta.apri_bozza(candidato=candidato, procedura=procedura)
    if ritirata is None and candidatura.stato == StatoCandidatura.BOZZA:
        candidatura, riempiti = precompila(candidato=candidato, candidatura=candidatura,
                                           elementi=elementi)
        return candidatura, None, riempiti
    return candidatura, ritirata, []


# --- from an application to the profile -----------------------------------------------------

def _livello(criterio) -> str:
    if (criterio.scala_voto or 110) != 110:
        return LivelloTitolo.DIPLOMA
    if _contiene(criterio.descrizione, ("triennale",)):
        return LivelloTitolo.LAUREA_TRIENNALE
    return LivelloTitolo.LAUREA_MAGISTRALE


def _nome_breve(criterio) -> str:
    """The criterion's title without the rule that follows it in brackets."""
    return criterio.descrizione.split(" (", 1)[0].strip()


def _voci_da_salvare(criterio, valore, descrizione: str) -> tuple[str, list[dict]] | str | None:
    """What one declaration gives the profile: (kind, entries), or the sentence that says
    what is missing to save it, or None when it is not an entry (counts of years...)."""
    if criterio.tipo == TipoCriterio.VOTO_LAUREA and isinstance(valore, dict) and valore.get("voto"):
        if not descrizione:  # the grid's words are a band of marks, not the person's degree
            return (f"«{_nome_breve(criterio)}»: scrivi nella descrizione quale titolo (corso, "
                    "università, anno) e salva di nuovo")
        return TipoVoce.TITOLO_STUDIO, [{
            "livello": _livello(criterio), "titolo": descrizione[:300], "voto": int(valore["voto"]),
            "scala_voto": criterio.scala_voto or 110, "lode": bool(valore.get("lode"))}]
    if criterio.tipo == TipoCriterio.FISSO and valore is True:
        if _contiene(criterio.descrizione, ("abilitazion", "albo")):
            tipo = TipoVoce.ABILITAZIONE
        elif _contiene(criterio.descrizione, ("certificazion", "ecdl", "eipass", "patente")):
            tipo = TipoVoce.CERTIFICAZIONE
        else:
            return None
        return tipo, [{"titolo": (descrizione or _nome_breve(criterio))[:300]}]
    if criterio.tipo == TipoCriterio.PER_UNITA and isinstance(valore, int) and valore > 0:
        unita = (criterio.unita or "").lower()
        if _contiene(unita, ("certificazion",)):
            tipo = TipoVoce.CERTIFICAZIONE
        elif _contiene(unita, ("abilitazion",)):
            tipo = TipoVoce.ABILITAZIONE
        else:
            return None
        # one entry per title the description names: «; » is how a prefilled one joins them
        titoli = [t.strip() for t in re.split(r"[;\n]", descrizione) if t.strip()]
        if not titoli:
            return (f"«{_nome_breve(criterio)}»: scrivi nella descrizione quali, separate da «;», "
                    "e salva di nuovo")
        return tipo, [{"titolo": t[:300]} for t in titoli]
    return None


@transaction.atomic
def salva_nel_profilo(*, persona, candidatura: Candidatura) -> tuple[list[str], list[str]]:
    """«Salva nel mio profilo»: what the application declares that the profile can hold
    as entries — the titles of study with their mark (voto di laurea) as the candidate
    described them, the certifications and abilitazioni declared (one entry per title the
    description names), the CV and the identity document. An entry already there (same kind,
    title and mark) is not added twice. Counts of years and experiences stay in the
    application. Returns (what was added, what could not be and why), in words."""
    if candidatura.candidato_id != persona.pk:
        raise PermissionDenied("La candidatura non è tua.")
    esistenti = {(v.tipo, v.titolo.strip().lower(), v.voto)
                 for v in VoceProfilo.objects.filter(persona=persona)}
    aggiunte, mancanti = [], []
    dichiarazioni = candidatura.dichiarazioni or {}
    for criterio in candidatura.procedura.criteri.all():
        esito = _voci_da_salvare(criterio, dichiarazioni.get(str(criterio.pk)),
                                 (dichiarazioni.get(f"{criterio.pk}_descrizione") or "").strip())
        if isinstance(esito, str):
            mancanti.append(esito)
            continue
        tipo, elenco_dati = esito or (None, [])
        for dati in elenco_dati:
            chiave = (tipo, dati["titolo"].strip().lower(), dati.get("voto"))
            if chiave in esistenti:
                continue
            esistenti.add(chiave)
            voce = services_profilo.aggiungi_voce(persona=persona, tipo=tipo, dati=dati)
            aggiunte.append(f"{voce.get_tipo_display()}: {voce.in_parole()}")
    for tipo in DOCUMENTI_PROFILO.values():
        richiesto = _allegato_di(candidatura.procedura.allegati_richiesti.all(), tipo)
        allegato = (candidatura.allegati.filter(allegato_richiesto=richiesto).first()
                    if richiesto else None)
        attuale = tipo.modello.objects.filter(persona=persona).first()
        if (allegato and any(documenti.TIPI[t].mime == allegato.mime for t in tipo.tipi)
                and (attuale is None or attuale.sha256 != allegato.sha256)
                and default_storage.exists(allegato.percorso)):
            verificato = _copia_verificata(allegato)
            try:
                services_profilo.carica_documento(persona=persona, tipo=tipo,
                                                  verificato=verificato)
            finally:
                verificato.file.close()
            aggiunte.append(f"{tipo.nome}: {allegato.nome}")
    registra_evento(autore=persona, azione="profilo.da_candidatura", oggetto=candidatura,
                    istituto=candidatura.procedura.istituto,
                    descrizione=f"Profilo aggiornato dalla candidatura ({len(aggiunte)} voci)",
                    dettagli={"aggiunte": aggiunte[:50]})
    return aggiunte, mancanti

