"""Public pages, no login: /avvisi/ and /avvisi/<id>/ (DESIGN.md §9)."""

from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone

from incarichi.models import TipologiaIncarico

from .. import calendario, selectors
from .. import criteri as regole


def elenco_avvisi(request):
    filtri = {chiave: request.GET.get(chiave, "").strip()[:100] for chiave in
              ("cerca", "regione", "provincia", "istituto", "tipologia", "stato")}
    pagina = Paginator(selectors.avvisi_pubblici(**filtri), 20).get_page(request.GET.get("pagina"))
    return render(request, "procedure/avvisi.html", {
        "pagina": pagina, "filtri": filtri, "regioni": selectors.REGIONI,
        "tipologie": TipologiaIncarico.choices,
        "stati": calendario.StatoPubblico.ETICHETTE.items(),
        "etichette_stato": calendario.StatoPubblico.ETICHETTE,
    })


def dettaglio_avviso(request, pk):
    procedura = selectors.access_avviso_pubblico(pk)
    criteri = list(procedura.criteri.all())
    return render(request, "procedure/avviso.html", {
        "procedura": procedura, "criteri": criteri,
        "massimo": regole.punteggio_massimo(criteri, procedura.categorie_ammesse),
        "versioni": procedura.versioni_avviso.all(),
        "aperto": calendario.accetta_candidature(procedura, timezone.now()),
        "etichetta_stato": calendario.StatoPubblico.ETICHETTE[procedura.stato_pubblico],
    })


def pdf_avviso(request, pk, numero=None):
    procedura = selectors.access_avviso_pubblico(pk)
    versione = selectors.versione_avviso(procedura, numero)
    risposta = FileResponse(versione.file.open("rb"), content_type="application/pdf",
                            filename=f"avviso-{procedura.pk}-v{versione.numero}.pdf")
    risposta["X-Content-Type-Options"] = "nosniff"
    return risposta
