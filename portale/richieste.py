"""Small helpers for views, shared by every app."""

from django import forms
from django.contrib import messages

from .lingua import elenco


def dati_inviati(request) -> tuple:
    """(data, files) for a bound form on POST, (None, None) otherwise.

    `request.POST or None` leaves a form unbound when the POST body is empty, as it is for a
    confirmation-only action: the action silently does nothing. Bind on the method instead.
    """
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def errori_nel_form(form, errore) -> None:
    """Show a service's ValidationError on the form: each field's messages beside the field,
    the rest (and messages of fields the form does not have) at the top. Nothing typed is lost."""
    if hasattr(errore, "error_dict"):
        for campo, errori in errore.message_dict.items():
            form.add_error(campo if campo in form.fields else None, errori)
    else:
        form.add_error(None, errore.messages)


def segnala_da_correggere(request, form, messaggio: str) -> None:
    """A form shown again with its errors, far down a long page: say so at the top and bring
    the first field to correct into view (autofocus), so nothing looks as if it did nothing."""
    messages.error(request, messaggio)
    # the first on the page (the errors come in the order they were found)
    campo = next((nome for nome in form.fields if nome in form.errors), None)
    if campo:
        form.fields[campo].widget.attrs["autofocus"] = True
    _file_da_riscegliere(form)


def _file_da_riscegliere(form) -> None:
    """Valid files chosen in a form refused for another field: the browser forgets them, and
    the page would show an empty file field as if nothing had been chosen. Said by name
    beside the field (portale.documenti says it for the files refused with others)."""
    for nome, campo in form.fields.items():
        if nome in form.errors or not isinstance(campo, forms.FileField):
            continue
        scelti = form.cleaned_data.get(nome) if hasattr(form, "cleaned_data") else None
        scelti = scelti if isinstance(scelti, list | tuple) else [scelti] if scelti else []
        nomi = [f"«{getattr(f, 'nome', None) or getattr(f, 'name', '')}»" for f in scelti]
        if not nomi:
            continue
        if len(nomi) == 1:
            testo = (f"Il file {nomi[0]} era valido ma non è stato allegato, per gli errori "
                     "negli altri campi: sceglilo di nuovo.")
        else:
            testo = (f"I file {elenco(nomi)} erano validi ma non sono stati allegati, per gli "
                     "errori negli altri campi: sceglili di nuovo.")
        form.add_error(nome, testo)
