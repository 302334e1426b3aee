from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.spid.aggiornamento import registra, scarica
from accounts.spid.models import GestoreIdentita
from accounts.spid.registro import MetadataNonValidi


class Command(BaseCommand):
    help = ("Registra un gestore dell'identità SAML dai suoi metadata (file o indirizzo https): "
            "eIDAS, le credenziali del Ministero o un altro IdP. Si può ripetere per aggiornarlo.")

    def add_arguments(self, parser):
        parser.add_argument("--tipo", required=True, choices=GestoreIdentita.Tipo.values)
        parser.add_argument("--metadata", required=True, help="percorso del file o indirizzo https")
        parser.add_argument("--nome", default="", help="nome mostrato nella scelta del gestore")
        parser.add_argument("--logo", default="", help="indirizzo https o file in static/spid/idp/")
        parser.add_argument("--ambiente", default="produzione", choices=GestoreIdentita.Ambiente.values)
        parser.add_argument("--disattiva", action="store_true", help="registra ma non offrire all'accesso")
        parser.add_argument("--timeout", type=float, default=10.0)

    def handle(self, *args, tipo, metadata, nome, logo, ambiente, disattiva, timeout, **options):
        try:
            if metadata.startswith("https://"):
                contenuto, url = scarica(metadata, timeout), metadata
            else:
                contenuto, url = Path(metadata).read_bytes(), ""
            gestore = registra(contenuto, tipo=tipo, nome=nome, logo=logo, ambiente=ambiente,
                               url_metadata=url)
        except (OSError, MetadataNonValidi, ValueError) as errore:
            raise CommandError(f"Metadata non utilizzabili: {errore}") from errore
        if disattiva and gestore.attivo:
            gestore.attivo = False
            gestore.save(update_fields=["attivo", "aggiornato_il"])
        stato = "attivo" if gestore.attivo else "non attivo"
        self.stdout.write(f"Registrato {gestore} – {gestore.entity_id} ({stato})")
