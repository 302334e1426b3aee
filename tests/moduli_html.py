"""The forms of an HTML page as a person's browser would submit them (shared by the access
sweep, which posts valid bodies as outsiders, and the hostile-input test)."""

from html.parser import HTMLParser


class _Moduli(HTMLParser):
    """The forms of a page: method, action, fields (name → value as the page fills them), and
    whether the form sits in a dialog (an action that asks for confirmation first)."""

    def __init__(self):
        super().__init__()
        self.moduli, self._corrente, self._select, self._textarea = [], None, None, None
        self._div = []  # one flag per open <div>: is it a dialog?

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div":
            self._div.append(a.get("role") == "dialog")
        if tag == "form":
            self._corrente = {"method": (a.get("method") or "get").lower(),
                              "action": a.get("action") or "", "campi": {}, "invio": None,
                              "nel_dialogo": any(self._div),
                              "tipi": {}, "opzioni": {}, "lunghezze": {}, "obbligatori": set()}
            self.moduli.append(self._corrente)
            return
        modulo = self._corrente
        if tag == "option" and modulo is not None and self._select:
            # a browser sends the selected option, or the first one
            modulo["opzioni"][self._select].append(a.get("value") or "")
            if "selected" in a or len(modulo["opzioni"][self._select]) == 1:
                modulo["campi"][self._select] = a.get("value") or ""
            return
        if modulo is None or not a.get("name"):
            return
        nome = a["name"]
        if (a.get("maxlength") or "").isdigit():
            modulo["lunghezze"][nome] = int(a["maxlength"])
        if "required" in a:
            modulo["obbligatori"].add(nome)
        if tag == "input":
            tipo = (a.get("type") or "text").lower()
            modulo["tipi"].setdefault(nome, tipo)
            if tipo == "file":
                return
            if tipo == "submit":
                modulo["invio"] = modulo["invio"] or (nome, a.get("value") or "")
            elif tipo in ("checkbox", "radio"):
                if "checked" in a or nome not in modulo["campi"]:
                    modulo["campi"][nome] = a.get("value") or "on"
            else:
                modulo["campi"][nome] = a.get("value") or ""
        elif tag == "button" and (a.get("type") or "submit") == "submit":
            modulo["invio"] = modulo["invio"] or (nome, a.get("value") or "")
        elif tag == "select":
            self._select = nome
            modulo["campi"].setdefault(nome, "")
            modulo["tipi"][nome] = "select"
            modulo["opzioni"][nome] = []
        elif tag == "textarea":
            self._textarea = nome
            modulo["campi"][nome] = ""
            modulo["tipi"][nome] = "textarea"

    def handle_data(self, data):
        if self._textarea and self._corrente:
            self._corrente["campi"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "div" and self._div:
            self._div.pop()
        elif tag == "form":
            self._corrente = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def moduli_della_pagina(html: str) -> list[dict]:
    lettore = _Moduli()
    lettore.feed(html)
    return lettore.moduli
