from django.shortcuts import render


def vietato(request, exception=None):
    messaggio = str(exception) if exception and str(exception) else (
        "Non hai i permessi per aprire questa pagina."
    )
    return render(request, "403.html", {"messaggio": messaggio}, status=403)
