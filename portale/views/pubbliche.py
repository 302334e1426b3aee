import logging

from allauth.account.internal.decorators import login_not_required
from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache

from portale import disponibilita

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "portale/home.html")


def pagina_statica(template: str):
    def view(request):
        return render(request, template)

    return view


@cache_control(public=True, max_age=86400)
def favicon(request):
    """Browsers ask /favicon.ico on their own: send them to the static (hashed) icon."""
    return HttpResponsePermanentRedirect(static("portale/img/favicon.ico"))


# The reserved areas: what a crawler must leave alone. Avvisi, esiti and trasparenza are
# published to be found.
RISERVATE = ("/area-riservata/", "/gestione/", "/procedure/", "/candidature/", "/incarichi/",
             "/commissioni/", "/rilevazione-fabbisogno/", "/profilo/", "/accounts/",
             "/amministrazione-tecnica/", "/assistenza/", "/strumenti/", "/spid-test-idp/")


@cache_control(public=True, max_age=86400)
def robots(request):
    righe = ["User-agent: *", *(f"Disallow: {percorso}" for percorso in RISERVATE)]
    return HttpResponse("\n".join(righe) + "\n", content_type="text/plain; charset=utf-8")


privacy = pagina_statica("portale/privacy.html")
accessibilita = pagina_statica("portale/accessibilita.html")
note_legali = pagina_statica("portale/note_legali.html")


@never_cache
@login_not_required
def healthz(request):
    """Database and broker reachable, as JSON (503 when either is not)."""
    esito = {"database": False, "broker": False}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        esito["database"] = True
    except Exception:  # noqa: BLE001 - health checks report, never raise
        logger.exception("healthz: database non raggiungibile")
    try:
        from celery import current_app

        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        esito["broker"] = True
    except Exception:  # noqa: BLE001
        logger.warning("healthz: broker non raggiungibile", exc_info=True)
    esito["stato"] = "ok" if all(esito.values()) else "degradato"
    esito["ambiente"] = settings.DJANGO_ENV
    # reported, not part of «stato»: the pages answer without the worker, and a web container
    # must not be restarted because the queue stopped
    esito["battito"] = {"ultimo": None, "regolare": False}
    if esito["database"]:
        esito["battito"] = disponibilita.battito(timezone.now())
    return JsonResponse(esito, status=200 if esito["stato"] == "ok" else 503)
