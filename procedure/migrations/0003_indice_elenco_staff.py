from django.db import migrations, models


class Migration(migrations.Migration):
    """«Gestione procedure di selezione» reads a page of the istituto's rows in order."""

    dependencies = [
        ('procedure', '0002_indici_avvisi_pubblici'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='proceduraselezione',
            index=models.Index(fields=['istituto', '-aggiornata_il', '-id'], name='procedura_elenco_staff'),
        ),
    ]
