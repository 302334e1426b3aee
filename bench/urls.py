from django.http import HttpResponse
from django.urls import include, path

from bench import admin_procedure  # noqa: F401 - registers the changelist before the admin URLs


def minimo(request):
    """The cheapest response the same server gives: the baseline of every ratio."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimo", minimo), path("", include("config.urls"))]
