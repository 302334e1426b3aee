from django.core.management.base import BaseCommand

from portale import demo


class Command(BaseCommand):
    help = "Carica (o aggiorna) i dati dimostrativi: istituti, persone e ruoli. Idempotente."

    def handle(self, *args, **options):
        conteggi = demo.carica()
        self.stdout.write(self.style.SUCCESS(
            f"Dati dimostrativi pronti: {conteggi['istituti']} istituti, "
            f"{conteggi['persone']} persone, {conteggi['ruoli']} ruoli."
        ))
        self.stdout.write("\nIdentità di prova (pulsante «Entra con SPID» → «SPID Test»):")
        for riga in demo.descrizione_identita():
            self.stdout.write(f"  - {riga}")
