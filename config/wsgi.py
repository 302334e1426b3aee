import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# In production, no start without collectstatic (otherwise every page is a 500).
from config.statici import verifica_manifest_statici  # noqa: E402

verifica_manifest_statici()
