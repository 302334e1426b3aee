"""The monitoraggio charts are drawn: SVG coordinates with a dot whatever the locale (issue #14:
with USE_L10N the attributes read «648,0», the browser refused them, page and PDF were empty)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from candidature import monitoraggio
from portale import pdf

pytestmark = pytest.mark.django_db

ATTRIBUTO_NUMERICO = re.compile(r'\s(x|y|x1|x2|y1|y2|width|height|viewBox)="([^"]*)"')


def _attributi_svg(html: str) -> list[tuple[str, str]]:
    grafici = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert grafici, "nessun grafico SVG"
    return [a for g in grafici for a in ATTRIBUTO_NUMERICO.findall(g)]


def _senza_virgole(attributi):
    assert attributi
    for nome, valore in attributi:
        assert "," not in valore, f'{nome}="{valore}"'
        assert re.fullmatch(r"-?[\d.]+( -?[\d.]+)*", valore), f'{nome}="{valore}"'


def test_pagina_grafici_con_coordinate_col_punto(client, ds, scenario):
    client.force_login(ds)
    html = client.get(reverse("candidature:monitoraggio", args=[scenario.procedura.pk])).content.decode()
    attributi = _attributi_svg(html)
    _senza_virgole(attributi)
    # fractional widths are really there (a bar of 1 in a scale of 2): they used to carry a comma
    assert any("." in v for n, v in attributi if n == "width")


def test_report_pdf_stessi_grafici(client, ds, scenario, monkeypatch):
    html_reso = []
    originale = pdf.render_to_string

    def cattura(*args, **kwargs):
        html_reso.append(originale(*args, **kwargs))
        return html_reso[-1]

    monkeypatch.setattr(pdf, "render_to_string", cattura)
    client.force_login(ds)
    risposta = client.get(reverse("candidature:monitoraggio_pdf", args=[scenario.procedura.pk]))
    assert risposta.status_code == 200
    _senza_virgole(_attributi_svg(html_reso[-1]))


def test_grafico_reso_in_italiano_resta_numerico(scenario):
    from django.template.loader import render_to_string

    statistiche = monitoraggio.calcola(scenario.procedura)
    with translation.override("it"):
        html = render_to_string("candidature/istanze/_grafico_categorie.html",
                                {"grafico": statistiche.grafici["categorie"], "id": "g"})
    _senza_virgole(_attributi_svg(html))
