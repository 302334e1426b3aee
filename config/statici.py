"""Start-up guard: in production the static files must have been collected.

With `CompressedManifestStaticFilesStorage` (DJANGO_ENV=production) every `{% static %}` looks
its file up in `STATIC_ROOT/staticfiles.json`; without it every page is a 500 («Missing
staticfiles manifest entry»). `config.wsgi` calls `verifica_manifest_statici()` when the
application is loaded (gunicorn, runserver), so the server refuses to start with a message
that says what to do instead of answering 500 to every visitor.
"""

from django.core.exceptions import ImproperlyConfigured

MESSAGGIO = ("Manca il manifest dei file statici ({percorso}): in produzione ogni pagina "
             "risponderebbe 500. Esegui python manage.py collectstatic --noinput (con le stesse "
             "variabili d'ambiente, STATIC_ROOT compreso) e riavvia il server.")


def manifest_mancante() -> str:
    """The path of the missing manifest, or '' (collected, or a storage without manifest)."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin
    from django.core.files.storage import storages

    archivio = storages["staticfiles"]
    if not isinstance(archivio, ManifestFilesMixin):
        return ""
    if archivio.manifest_storage.exists(archivio.manifest_name):
        return ""
    return archivio.manifest_storage.path(archivio.manifest_name)


def verifica_manifest_statici() -> None:
    percorso = manifest_mancante()
    if percorso:
        raise ImproperlyConfigured(MESSAGGIO.format(percorso=percorso))
