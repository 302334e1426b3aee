"""Pages travel gzip-compressed (Lighthouse «uses-text-compression»); documents do not."""

import gzip

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from portale.compressione import ComprimiPagineMiddleware

pytestmark = pytest.mark.django_db


def test_le_pagine_html_sono_compresse(client):
    risposta = client.get("/", headers={"accept-encoding": "gzip"})
    assert risposta.status_code == 200 and risposta["Content-Encoding"] == "gzip"
    assert b"Portale Gestione Incarichi" in gzip.decompress(risposta.content)
    assert "Accept-Encoding" in risposta["Vary"]
    assert "Content-Encoding" not in client.get("/").headers  # a client that cannot unzip


def test_pdf_e_archivi_non_ricompressi():
    richiesta = RequestFactory().get("/", headers={"accept-encoding": "gzip"})
    corpo = b"%PDF-1.7 " + b"x" * 2000
    middleware = ComprimiPagineMiddleware(lambda r: HttpResponse(corpo, content_type="application/pdf"))
    risposta = middleware(richiesta)
    assert "Content-Encoding" not in risposta.headers and risposta.content == corpo
