"""Reads of «Il mio profilo»: always the person's own rows (404 for anyone else's)."""

from dataclasses import dataclass, field

from django.http import Http404

from .models_profilo import (
    CURRICULUM,
    DOCUMENTI_PROFILO,
    CurriculumProfilo,
    TipoDocumentoProfilo,
    TipoVoce,
    VoceProfilo,
)

IN_EVIDENZA = 5  # entries per section on the profile page; the rest on the section's page

SLUG = {
    TipoVoce.TITOLO_STUDIO: "titoli-di-studio", TipoVoce.CERTIFICAZIONE: "certificazioni",
    TipoVoce.ESPERIENZA_PROFESSIONALE: "esperienze-professionali",
    TipoVoce.ESPERIENZA_SCOLASTICA: "esperienze-scolastiche",
    TipoVoce.ABILITAZIONE: "abilitazioni", TipoVoce.PUBBLICAZIONE: "pubblicazioni",
}
TIPO_DA_SLUG = {slug: tipo for tipo, slug in SLUG.items()}
TITOLI_SEZIONE = {
    TipoVoce.TITOLO_STUDIO: "Titoli di studio", TipoVoce.CERTIFICAZIONE: "Certificazioni",
    TipoVoce.ESPERIENZA_PROFESSIONALE: "Esperienze professionali",
    TipoVoce.ESPERIENZA_SCOLASTICA: "Esperienze nella scuola",
    TipoVoce.ABILITAZIONE: "Abilitazioni", TipoVoce.PUBBLICAZIONE: "Pubblicazioni",
}
VUOTE = {
    TipoVoce.TITOLO_STUDIO: "Nessun titolo di studio: aggiungi la laurea o il diploma con il voto.",
    TipoVoce.CERTIFICAZIONE: "Nessuna certificazione (linguistiche, informatiche…).",
    TipoVoce.ESPERIENZA_PROFESSIONALE: "Nessuna esperienza professionale.",
    TipoVoce.ESPERIENZA_SCOLASTICA: "Nessuna esperienza nella scuola (docenza, PON, tutor…).",
    TipoVoce.ABILITAZIONE: "Nessuna abilitazione.",
    TipoVoce.PUBBLICAZIONE: "Nessuna pubblicazione.",
}


def tipo_da_slug(slug: str) -> str:
    try:
        return TIPO_DA_SLUG[slug]
    except KeyError:
        raise Http404 from None


@dataclass
class Sezione:
    tipo: str
    slug: str
    titolo: str
    vuota: str
    voci: list = field(default_factory=list)
    totale: int = 0


def voci_di(persona):
    return VoceProfilo.objects.filter(persona=persona)


def sezioni(persona) -> list[Sezione]:
    """Every section of the profile with its first entries, in one query."""
    per_tipo = {tipo: Sezione(tipo, SLUG[tipo], TITOLI_SEZIONE[tipo], VUOTE[tipo])
                for tipo in TipoVoce}
    for voce in voci_di(persona):
        sezione = per_tipo[TipoVoce(voce.tipo)]
        sezione.totale += 1
        if len(sezione.voci) < IN_EVIDENZA:
            sezione.voci.append(voce)
    return list(per_tipo.values())


def access_voce(persona, pk) -> VoceProfilo:
    voce = VoceProfilo.objects.filter(persona=persona, pk=pk).first()
    if voce is None:
        raise Http404("Voce del profilo non trovata")
    return voce


def tipo_documento(slug: str) -> TipoDocumentoProfilo:
    try:
        return DOCUMENTI_PROFILO[slug]
    except KeyError:
        raise Http404 from None


def documento_di(persona, tipo: TipoDocumentoProfilo):
    """The person's own document of that kind, or None (never anyone else's)."""
    return tipo.modello.objects.filter(persona=persona).first()


def curriculum_di(persona) -> CurriculumProfilo | None:
    return documento_di(persona, CURRICULUM)


def documenti_di(persona) -> list[tuple[TipoDocumentoProfilo, object]]:
    """(kind, the document or None) for each kind the profile keeps, one query each."""
    return [(tipo, documento_di(persona, tipo)) for tipo in DOCUMENTI_PROFILO.values()]
