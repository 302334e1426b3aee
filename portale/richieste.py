"""Small helpers for views, shared by every app."""


def dati_inviati(request) -> tuple:
    """(data, files) for a bound form on POST, (None, None) otherwise.

    `request.POST or None` leaves a form unbound when the POST body is empty, as it is for a
    confirmation-only action: the action silently does nothing. Bind on the method instead.
    """
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None
