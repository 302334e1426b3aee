"""Small but real office files for the demo strumenti (they open in Word and LibreOffice).

Only the minimal parts each format requires; text is XML-escaped.
"""

import io
import zipfile
from xml.sax.saxutils import escape

XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def _zip(membri: list[tuple[str, str]]) -> bytes:
    uscita = io.BytesIO()
    with zipfile.ZipFile(uscita, "w") as archivio:
        for nome, testo in membri:
            info = zipfile.ZipInfo(nome, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if nome == "mimetype" else zipfile.ZIP_DEFLATED
            archivio.writestr(info, testo.encode("utf-8"))
    return uscita.getvalue()


def docx(titolo: str, paragrafi: list[str]) -> bytes:
    """A Word document: the title in bold, then one paragraph per item ("• " for bullets)."""
    def paragrafo(testo, grassetto=False):
        stile = "<w:rPr><w:b/><w:sz w:val=\"32\"/></w:rPr>" if grassetto else ""
        return (f"<w:p><w:r>{stile}<w:t xml:space=\"preserve\">{escape(testo)}</w:t></w:r></w:p>")

    corpo = paragrafo(titolo, True) + "".join(paragrafo(p) for p in paragrafi)
    return _zip([
        ("[Content_Types].xml", XML +
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
         'officedocument.wordprocessingml.document.main+xml"/></Types>'),
        ("_rels/.rels", XML +
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        ("word/document.xml", XML +
         '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
         f"<w:body>{corpo}</w:body></w:document>"),
    ])


def _colonna(indice: int) -> str:
    lettere = ""
    indice += 1
    while indice:
        indice, resto = divmod(indice - 1, 26)
        lettere = chr(65 + resto) + lettere
    return lettere


def xlsx(righe: list[list]) -> bytes:
    """A one-sheet workbook; strings are inline, numbers numeric, "=…" formulas computed on
    open, ("=…", value) formulas with their value already there (a viewer that does not
    recalculate showed an empty column)."""
    celle = []
    for r, riga in enumerate(righe, start=1):
        valori = []
        for c, valore in enumerate(riga):
            rif = f"{_colonna(c)}{r}"
            if isinstance(valore, tuple):
                formula, calcolato = valore
                valori.append(f'<c r="{rif}"><f>{escape(formula[1:])}</f><v>{calcolato}</v></c>')
            elif isinstance(valore, int | float):
                valori.append(f'<c r="{rif}"><v>{valore}</v></c>')
            elif isinstance(valore, str) and valore.startswith("="):
                valori.append(f'<c r="{rif}"><f>{escape(valore[1:])}</f></c>')
            elif valore not in (None, ""):
                valori.append(f'<c r="{rif}" t="inlineStr"><is><t>{escape(str(valore))}</t></is></c>')
        celle.append(f'<row r="{r}">{"".join(valori)}</row>')
    return _zip([
        ("[Content_Types].xml", XML +
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
         'officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
         'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        ("_rels/.rels", XML +
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        ("xl/workbook.xml", XML +
         '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
         '<sheets><sheet name="Foglio1" sheetId="1" r:id="rId1"/></sheets>'
         '<calcPr fullCalcOnLoad="1"/></workbook>'),
        ("xl/_rels/workbook.xml.rels", XML +
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        ("xl/worksheets/sheet1.xml", XML +
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         f'<sheetData>{"".join(celle)}</sheetData></worksheet>'),
    ])


def odt(titolo: str, paragrafi: list[str]) -> bytes:
    """An OpenDocument text: a heading, then one paragraph per item."""
    corpo = (f'<text:h text:outline-level="1">{escape(titolo)}</text:h>'
             + "".join(f"<text:p>{escape(p)}</text:p>" for p in paragrafi))
    return _zip([
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml", XML +
         '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
         'manifest:version="1.2">'
         '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
         'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
         '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
         "</manifest:manifest>"),
        ("content.xml", XML +
         '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
         'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
         f"<office:body><office:text>{corpo}</office:text></office:body></office:document-content>"),
    ])
