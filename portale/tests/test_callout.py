"""Bootstrap Italia draws a callout's border and padding on `.callout .callout-inner` (2.x): a
callout whose text sits directly in `.callout` shows as loose text under the page's heading.
Every callout of every template has its inner box."""

import re
from pathlib import Path

from django.conf import settings

CALLOUT = re.compile(r'<div class="callout(?: [^"]*)?"[^>]*>(.{0,40})', re.S)


def test_ogni_callout_ha_il_suo_riquadro_interno():
    radice = Path(settings.BASE_DIR)
    template = [p for p in radice.glob("**/templates/**/*.html")
                if not {".venv", "node_modules", "static"} & set(p.relative_to(radice).parts)]
    trovati, senza = [], []
    for percorso in template:
        for m in CALLOUT.finditer(percorso.read_text(encoding="utf-8")):
            trovati.append(percorso)
            if not m.group(1).startswith('<div class="callout-inner">'):
                senza.append(f"{percorso.relative_to(radice)}: {m.group(0)[:80]}")
    assert len(trovati) > 20  # the templates were found
    assert not senza, senza
