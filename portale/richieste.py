"""Small helpers for views, shared by every app."""


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
