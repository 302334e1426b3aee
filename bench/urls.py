from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from bench import admin_procedure  # noqa: F401 - registers the changelist before the admin URLs


def minimo(request):
    """The cheapest response the same server gives: the baseline of every ratio."""
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
@require_POST
def ricevi(request):
    """Receives the files of a multipart POST and stores each with default_storage, nothing
    else (no session, no check, no database): the baseline of bench.candidature's CPU ratio.
    Answers with the stored sizes, in the order of the form."""
    dimensioni = []
    for caricato in request.FILES.values():
        nome = default_storage.save(f"bench-ricevi/{caricato.name}", caricato)
        dimensioni.append(str(default_storage.size(nome)))
    return HttpResponse(" ".join(dimensioni), content_type="text/plain")


urlpatterns = [path("bench/minimo", minimo), path("bench/ricevi", ricevi),
               path("", include("config.urls"))]
