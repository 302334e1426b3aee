from django import template

register = template.Library()


@register.simple_block_tag(takes_context=True)
def conferma(context, content, id, *, apri, titolo, pulsante, azione=None, modulo=None, chiave="",
             apri_classe="btn-outline-primary", classe="btn-primary", nascosto=""):
    """A button that opens a dialog asking to confirm an action; the body says what follows.

    The dialog's button posts to `azione` (a form of its own) or submits the page's form whose
    id is `modulo` (what the person wrote goes with it). «Annulla» only closes the dialog.
    `chiave` tells apart the dialogs of a list (one per row); `nascosto` completes the button's
    name for screen readers («Rimuovi» + the row).
    """
    pagina = context.template.engine.get_template("portale/_conferma.html")
    with context.push(conferma={
        "id": f"{id}-{chiave}" if chiave != "" else id, "apri": apri, "apri_classe": apri_classe,
        "nascosto": nascosto,
        "titolo": titolo, "testo": content, "pulsante": pulsante, "classe": classe,
        "azione": azione, "modulo": modulo,
    }):
        return pagina.render(context)
