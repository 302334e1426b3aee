"""Public pages, no login: /avvisi/ and /avvisi/<id>/ (DESIGN.md §9)."""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import REGIONI
from accounts.territorio import REGIONE_DELLA_PROVINCIA
from fabbisogno.models import TipologiaIncarico
from portale.formato import euro
from portale.lingua import quantita

from .. import calendario, estensioni, selectors
from .. import criteri as regole
from ..avviso import versione_composta
from ..models import Stato, TipoCriterio


def elenco_avvisi(request):
    """The public list: anonymous visitors get a cached copy that is never stale (see
    selectors.firma_avvisi); logged-in users see their own header, so it is rendered."""
    if request.user.is_authenticated or _ha_messaggi(request):
        return _rendi_elenco(request)
    firma, durata = selectors.firma_avvisi(timezone.now())
    chiave = "avvisi:" + hashlib.sha256(
        f"{firma}|{request.GET.urlencode()}".encode()).hexdigest()
    contenuto = cache.get(chiave)
    if contenuto is None:
        risposta = _rendi_elenco(request)
        if durata > 0:
            cache.set(chiave, risposta.content, durata)
        return risposta
    return HttpResponse(contenuto)


def _ha_messaggi(request) -> bool:
    return bool(request.COOKIES.get("messages") or request.session.get("_messages"))


def _rendi_elenco(request):
    filtri = {chiave: request.GET.get(chiave, "").strip()[:100] for chiave in
              ("cerca", "regione", "provincia", "istituto", "tipologia", "stato")}
    pagina = Paginator(selectors.avvisi_pubblici(**filtri), 20).get_page(request.GET.get("pagina"))
    return render(request, "procedure/avvisi.html", {
        "pagina": pagina, "filtri": filtri, "regioni": REGIONI,
        # «Roma» where the code goes gave «0 avvisi» (cut to «Ro», Rovigo, by a maxlength of 2): the page says why
        "provincia_sconosciuta": (filtri["provincia"] if filtri["provincia"]
                                  and filtri["provincia"].upper() not in REGIONE_DELLA_PROVINCIA
                                  else ""),
        "tipologie": TipologiaIncarico.choices,
        "stati": calendario.StatoPubblico.ETICHETTE.items(),
        "etichette_stato": calendario.StatoPubblico.ETICHETTE,
    })


def _calcolo_compenso(procedura) -> str:
    """«38,50 € l'ora × 30 ore» when the compenso is the scheda's rate × hours and the
    modalità di pagamento do not say it already (genera_da_scheda writes it there), else ""."""
    scheda = procedura.scheda
    if (scheda is None or not scheda.ore_previste or scheda.tariffa_oraria is None
            or scheda.importo != procedura.compenso):
        return ""
    tariffa = f"{euro(scheda.tariffa_oraria)} l'ora"
    if tariffa in procedura.modalita_pagamento:
        return ""
    return f"{tariffa} × {quantita(scheda.ore_previste, 'ora')}"


def dettaglio_avviso(request, pk):
    procedura = selectors.access_avviso_pubblico(pk)
    criteri = list(procedura.criteri.all())
    adesso = timezone.now()
    da_aprire = (procedura.stato_pubblico == calendario.StatoPubblico.IN_APERTURA
                 and not procedura.apertura_programmata)
    return render(request, "procedure/avviso.html", {
        "procedura": procedura,
        "criteri": [(c, regole.regola_in_parole(c), regole.massimo_criterio(c)) for c in criteri],
        "collegamenti": estensioni.collegamenti_pubblici(procedura),
        "calcolo_compenso": _calcolo_compenso(procedura),
        # the same amount on the other bases, each on its line (after the hours and the rate
        # they belong to: «1.582,52 € lordo dipendente – 30 ore a 70,00 €» read as a product)
        "basi_compenso": [b for b in (procedura.compenso_personale_scuola,
                                      procedura.compenso_esterni) if b],
        "massimo": regole.punteggio_massimo(criteri, procedura.categorie_ammesse),
        # the «Max» column adds up to more when alternatives or titles of one category exist
        "somma_massimi": sum(regole.massimo_criterio(c) or 0 for c in criteri
                             if c.tipo != TipoCriterio.REQUISITO),
        "allegati": procedura.allegati_richiesti.all(),
        "versioni": procedura.versioni_avviso.all(),
        "aperto": calendario.accetta_candidature(procedura, adesso),
        # published, not opened and no opening programmed: the istituto has yet to open it,
        # so the date confirmed at publication is only announced while it is still ahead
        "da_aprire": da_aprire,
        "apertura_prevista": (procedura.data_apertura if da_aprire and procedura.data_apertura
                              and procedura.data_apertura > adesso else None),
        "propria": estensioni.candidatura_propria(procedura, request.user),
        "etichetta_stato": calendario.StatoPubblico.ETICHETTE[procedura.stato_pubblico],
        # an annulled avviso leads to the one published in its place (a significant revision)
        "sostituita_da": (selectors.avviso_sostitutivo(procedura)
                          if procedura.stato == Stato.ANNULLATA else None),
    })


def pdf_avviso(request, pk, numero=None):
    procedura = selectors.access_avviso_pubblico(pk)
    versione = versione_composta(selectors.versione_avviso(procedura, numero))
    risposta = FileResponse(versione.file.open("rb"), content_type="application/pdf",
                            filename=f"avviso-{procedura.pk}-v{versione.numero}.pdf")
    risposta["X-Content-Type-Options"] = "nosniff"
    return risposta
