"""Small helpers for views, shared by every app."""

from django.contrib import messages


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
    campo = next((nome for nome in form.errors if nome in form.fields), None)
    if campo:
        form.fields[campo].widget.attrs["autofocus"] = True
