"""The CCNL hourly rates (tabelle 5 e 6 del CCNL 29/11/2007, importi in vigore) as data.

Values as in the school's contratto integrativo (seeds/003): docenti 38,50 €/h for extra
teaching hours and 19,25 €/h for other extra activities, assistenti amministrativi e tecnici
15,95 €/h, collaboratori scolastici 13,75 €/h; lordo stato = lordo dipendente × 1,327.
"""

import datetime
from decimal import Decimal

from django.db import migrations

TARIFFE = [
    ("Docenti – ore aggiuntive di insegnamento", Decimal("38.50")),
    ("Docenti – ore aggiuntive non di insegnamento (attività funzionali)", Decimal("19.25")),
    ("Assistenti amministrativi e tecnici – prestazioni aggiuntive", Decimal("15.95")),
    ("Collaboratori scolastici – prestazioni aggiuntive", Decimal("13.75")),
]


def carica(apps, schema_editor):
    TariffaOraria = apps.get_model("incarichi", "TariffaOraria")
    for descrizione, importo in TARIFFE:
        TariffaOraria.objects.get_or_create(
            descrizione=descrizione,
            defaults={
                "importo_orario": importo,
                "aliquota_oneri_stato": Decimal("0.3270"),
                "valida_dal": datetime.date(2018, 4, 19),
                "riferimento": "CCNL Comparto Scuola 29/11/2007, tabelle 5 e 6; CCNL 19/04/2018",
            },
        )


def rimuovi(apps, schema_editor):
    TariffaOraria = apps.get_model("incarichi", "TariffaOraria")
    TariffaOraria.objects.filter(descrizione__in=[d for d, _ in TARIFFE]).delete()


class Migration(migrations.Migration):
    dependencies = [("incarichi", "0001_initial")]
    operations = [migrations.RunPython(carica, rimuovi)]
