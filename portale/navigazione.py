"""The main menu: its areas, who sees each entry, and which area a page belongs to.

One table, read by the `{% menu_principale %}` tag (`portale/templatetags/navigazione.py`).
The staff areas are the ones users are trained on (FAQ of the Ministry): «Rilevazione del
fabbisogno», «Procedure di selezione», «Incarichi», «Strumenti», «Assistenza»; each is a
Bootstrap Italia dropdown whose toggle is also a link to the area's first page, so the menu
works without JavaScript. Entries name URL patterns as strings ("app:nome"): portale does not
import the apps to its right, it only reverses their URLs.

Each entry lists the roles that may open it (the same roles as the view's `ruolo_richiesto`),
so the menu never links to a 403. `None` means any logged-in person, with or without a role.

The active area comes from the resolved URL (namespace and name), never from the path: the
staff pages of a procedure that live in `candidature` or `graduatorie` (istanze, monitoraggio,
valutazione, graduatoria) belong to «Procedure di selezione», not to «Le mie candidature».
"""

from dataclasses import dataclass, field

from django.urls import reverse

from accounts.models import Ruolo

DS, DSGA, SEGRETERIA, REFERENTE = Ruolo.DS, Ruolo.DSGA, Ruolo.SEGRETERIA, Ruolo.REFERENTE
AMMINISTRAZIONE, SUPPORTO = Ruolo.AMMINISTRAZIONE, Ruolo.SUPPORTO
UFFICIO = (DS, DSGA, SEGRETERIA)
ISTITUTO = (*UFFICIO, REFERENTE)


@dataclass(frozen=True)
class Voce:
    etichetta: str
    url: str
    ruoli: tuple | None = None  # None: any logged-in person


@dataclass(frozen=True)
class Area:
    chiave: str
    etichetta: str
    voci: tuple[Voce, ...]
    comprende: tuple[str, ...] = ()  # other page areas this dropdown stands for


@dataclass
class VoceMenu:
    etichetta: str
    href: str
    attiva: bool = False
    nome: str = ""  # the URL pattern, "app:nome"


@dataclass
class AreaMenu:
    chiave: str
    etichetta: str
    href: str
    attiva: bool
    voci: list[VoceMenu] = field(default_factory=list)

    @property
    def a_tendina(self) -> bool:
        return len(self.voci) > 1


# Visitors: plain links; Amministrazione trasparente in the header, not only in the footer.
HOME_E_AVVISI = (
    Area("home", "Home", (Voce("Home", "portale:home"),)),
    Area("avvisi", "Avvisi", (Voce("Avvisi", "procedure:avvisi"),)),
)
MENU_PUBBLICO = (
    *HOME_E_AVVISI,
    Area("trasparenza", "Amministrazione trasparente",
         (Voce("Amministrazione trasparente", "incarichi:trasparenza_indice"),)),
)
# People without a role (candidates): their own pages after the public ones.
MENU_CANDIDATO = (
    *HOME_E_AVVISI,
    Area("cruscotto", "Cruscotto", (Voce("Cruscotto", "portale:area_riservata"),)),
    Area("candidature", "Le mie candidature", (Voce("Le mie candidature", "candidature:le_mie"),)),
    Area("incarichi_personali", "I miei incarichi", (Voce("I miei incarichi", "incarichi:i_miei"),)),
    Area("profilo", "Il mio profilo", (Voce("Il mio profilo", "candidature:profilo"),)),
    Area("notifiche", "Notifiche", (Voce("Notifiche", "portale:notifiche"),)),
    Area("strumenti", "Strumenti", (Voce("Strumenti", "strumenti:elenco"),)),
    Area("assistenza", "Assistenza", (Voce("Assistenza", "assistenza:monitoraggio"),)),
)
# Staff (any role): the personal area, then the areas of the FAQ.
MENU_PERSONALE = (
    Area("area_riservata", "Area riservata", (
        Voce("Cruscotto", "portale:area_riservata"),
        Voce("Notifiche", "portale:notifiche"),
        Voce("Le mie commissioni", "graduatorie:le_mie_commissioni", ISTITUTO),
        Voce("Personale dell'istituto", "portale:personale", (DS,)),
        Voce("Istituti", "portale:istituti", (AMMINISTRAZIONE,)),
        Voce("Dirigenti e ruoli nazionali", "portale:personale", (AMMINISTRAZIONE,)),
        Voce("Avvisi pubblici", "procedure:avvisi"),
        Voce("Le mie candidature", "candidature:le_mie"),
        Voce("I miei incarichi", "incarichi:i_miei"),
        Voce("Il mio profilo", "candidature:profilo"),
    ), comprende=("home", "cruscotto", "notifiche", "organizzazione", "avvisi", "candidature",
                  "incarichi_personali", "profilo")),
    Area("fabbisogno", "Rilevazione del fabbisogno", (
        Voce("Gestione schede progettuali", "fabbisogno:schede", ISTITUTO),
        Voce("Crea scheda progettuale", "fabbisogno:crea_scheda", ISTITUTO),
    )),
    Area("procedure", "Procedure di selezione", (
        Voce("Gestione procedure di selezione", "procedure:elenco", UFFICIO),
        Voce("Crea procedura di selezione", "procedure:crea", UFFICIO),
    )),
    Area("incarichi", "Incarichi", (
        Voce("Gestione incarichi", "incarichi:incarichi", UFFICIO),
        Voce("Spesa e budget degli incarichi", "incarichi:cruscotto", UFFICIO),
        Voce("Trasparenza", "incarichi:trasparenza", (DS, DSGA)),
    )),
    Area("strumenti", "Strumenti", (
        Voce("Strumenti", "strumenti:elenco"),
        Voce("Carica strumenti", "strumenti:carica", (AMMINISTRAZIONE, *UFFICIO)),
    )),
    Area("assistenza", "Assistenza", (
        Voce("Coda ticket", "assistenza:coda", (SUPPORTO,)),
        Voce("Tempi di risposta e di risoluzione", "assistenza:report", (SUPPORTO,)),
        Voce("Monitoraggio Tickets", "assistenza:monitoraggio"),
        Voce("Apri un ticket", "assistenza:apri"),
        Voce("Informazioni utili", "strumenti:informazioni_utili"),
    )),
)

# Which area a page belongs to: "namespace:nome" first, then the whole namespace.
AREA_DELLA_PAGINA = {
    "portale:home": "home",
    "portale:area_riservata": "cruscotto",
    "portale:notifiche": "notifiche", "portale:apri_notifica": "notifiche",
    "accounts:cambia_istituto": "cruscotto",
    "procedure:avvisi": "avvisi", "procedure:avviso": "avvisi",
    "procedure:avviso_pdf": "avvisi", "procedure:avviso_pdf_versione": "avvisi",
    "candidature:presenta": "avvisi", "candidature:riepilogo": "avvisi",
    "graduatorie:esito": "avvisi", "graduatorie:esito_versione": "avvisi",
    "procedure:genera_da_scheda": "fabbisogno",
    "incarichi:affidamento_diretto": "fabbisogno",
    "strumenti:informazioni_utili": "assistenza",
    # The candidate's own pages in candidature and graduatorie.
    "candidature:le_mie": "candidature", "candidature:dettaglio": "candidature",
    "candidature:invia": "candidature", "candidature:ritira": "candidature",
    "candidature:ricevuta": "candidature", "candidature:allegato": "candidature",
    "candidature:rispondi_integrazione": "candidature",
    "candidature:documento_integrazione": "candidature",
    "graduatorie:esito_candidato": "candidature",
    "graduatorie:presenta_reclamo": "candidature",
    "graduatorie:rispondi_proposta": "candidature",
    "graduatorie:le_mie_commissioni": "cruscotto",
    # the incaricato's own pages (incarichi/views/personale.py)
    "incarichi:i_miei": "incarichi_personali", "incarichi:il_mio_incarico": "incarichi_personali",
    "incarichi:atto_personale": "incarichi_personali", "incarichi:annota_ore": "incarichi_personali",
    "incarichi:elimina_ore_annotate": "incarichi_personali",
    # Amministrazione trasparente, the public pages
    "incarichi:trasparenza_indice": "trasparenza", "incarichi:trasparenza_pubblica": "trasparenza",
    "incarichi:curriculum_pubblico": "trasparenza",
    # «Il mio profilo» (candidature/views/profilo.py)
    "candidature:profilo": "profilo", "candidature:profilo_contatti": "profilo",
    "candidature:profilo_curriculum": "profilo",
    "candidature:profilo_scarica_curriculum": "profilo",
    "candidature:profilo_elimina_curriculum": "profilo", "candidature:profilo_voce": "profilo",
    "candidature:profilo_identita": "profilo", "candidature:profilo_scarica_identita": "profilo",
    "candidature:profilo_elimina_identita": "profilo",
    "candidature:profilo_elimina_voce": "profilo", "candidature:profilo_sezione": "profilo",
    "candidature:profilo_nuova_voce": "profilo", "candidature:salva_nel_profilo": "avvisi",
}
AREA_DEL_NAMESPACE = {
    "portale": "organizzazione",  # istituti, personale, ruoli
    "fabbisogno": "fabbisogno",
    "procedure": "procedure",
    # Everything else in candidature and graduatorie is the office's work on a procedure.
    "candidature": "procedure",
    "graduatorie": "procedure",
    "incarichi": "incarichi",
    "strumenti": "strumenti",
    "assistenza": "assistenza",
}


def area_della_pagina(resolver_match) -> str | None:
    """The key of the menu area the resolved page belongs to (None outside the menu)."""
    if resolver_match is None:
        return None
    nome = f"{resolver_match.namespace}:{resolver_match.url_name}"
    return AREA_DELLA_PAGINA.get(nome) or AREA_DEL_NAMESPACE.get(resolver_match.namespace)


def _visibile(voce: Voce, ruolo) -> bool:
    return voce.ruoli is None or ruolo in voce.ruoli


def menu(*, autenticato: bool, ruolo, resolver_match) -> list[AreaMenu]:
    """The areas and entries this person may open, the current area marked active."""
    attiva = area_della_pagina(resolver_match)
    nome_pagina = (f"{resolver_match.namespace}:{resolver_match.url_name}"
                   if resolver_match else None)
    if not autenticato:
        aree = MENU_PUBBLICO
    elif ruolo is None:
        aree = MENU_CANDIDATO
    else:
        aree = MENU_PERSONALE
    risultato = []
    for area in aree:
        voci = [VoceMenu(v.etichetta, reverse(v.url), v.url == nome_pagina, v.url)
                for v in area.voci if v.ruoli is None or ruolo in v.ruoli]
        if voci:
            risultato.append(AreaMenu(area.chiave, area.etichetta, voci[0].href,
                                      attiva == area.chiave or attiva in area.comprende, voci))
    return risultato
