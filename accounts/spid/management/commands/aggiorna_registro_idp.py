from django.core.management.base import BaseCommand

from accounts.spid.aggiornamento import aggiorna_cie, aggiorna_spid
from accounts.spid.models import GestoreIdentita


class Command(BaseCommand):
    help = ("Aggiorna il registro dei gestori dell'identità SPID e CIE dalle fonti ufficiali "
            "(registro AgID, metadata del Ministero dell'Interno) o, se non raggiungibili, dalla "
            "copia distribuita con il portale.")

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=5.0,
                            help="secondi di attesa per ciascuna fonte ufficiale (predefinito 5)")
        parser.add_argument("--solo-file", action="store_true",
                            help="usa soltanto la copia distribuita con il portale")

    def handle(self, *args, timeout, solo_file, **options):
        esiti = [aggiorna_spid(timeout=timeout, solo_file=solo_file),
                 *aggiorna_cie(timeout=timeout, solo_file=solo_file)]
        for esito in esiti:
            fonte = GestoreIdentita.Fonte(esito.fonte).label
            riga = (f"{esito.tipo.upper()} {esito.ambiente}: {esito.voci} gestori, {esito.attive} attivi "
                    f"({fonte})")
            if esito.errore:
                riga += f" – fonte ufficiale non raggiungibile: {esito.errore}"
            self.stdout.write(riga)
