import importlib

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Carica (o aggiorna) i dati dimostrativi di ogni app che ha un modulo demo.py, "
        "nell'ordine di INSTALLED_APPS. Idempotente."
    )

    def add_arguments(self, parser):
        parser.add_argument("--solo-identita", action="store_true",
                            help="Stampa soltanto le identità di prova, senza caricare nulla.")

    def handle(self, *args, **options):
        if options["solo_identita"]:
            return self._identita()
        # Each app owns its demo data; discovering them keeps portale free of imports of the
        # apps that depend on it (DESIGN.md §3).
        for app_config in apps.get_app_configs():
            nome_modulo = f"{app_config.name}.demo"
            try:
                modulo = importlib.import_module(nome_modulo)
            except ModuleNotFoundError as errore:
                if errore.name != nome_modulo:
                    raise
                continue
            esito = modulo.carica()
            descrizione = ", ".join(f"{valore} {chiave}" for chiave, valore in esito.items())
            self.stdout.write(self.style.SUCCESS(f"{app_config.verbose_name}: {descrizione}"))
        self.stdout.write("\nIdentità di prova («Entra con SPID» apre «SPID Test»):")
        self._identita()

    def _identita(self):
        from portale import demo

        for riga in demo.descrizione_identita():
            self.stdout.write(f"  - {riga}")
