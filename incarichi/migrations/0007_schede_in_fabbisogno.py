"""The scheda and the CCNL rate of an incarico now live in `fabbisogno` (issue #20,
`fabbisogno` 0001, which took over their tables): the foreign keys point there and `incarichi`
forgets the two models. State only: the columns and their foreign keys stay as they are.

After `procedure` 0009, so that no foreign key is left pointing to a model deleted here."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('fabbisogno', '0001_initial'),
        ('incarichi', '0006_incompatibilita_come_dati'),
        ('procedure', '0009_scheda_in_fabbisogno'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='incarico',
                    name='scheda',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='incarichi', to='fabbisogno.schedaprogettuale', verbose_name='scheda progettuale'),
                ),
                migrations.AlterField(
                    model_name='incarico',
                    name='tariffa',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='fabbisogno.tariffaoraria', verbose_name='tariffa CCNL'),
                ),
                migrations.DeleteModel(
                    name='SchedaProgettuale',
                ),
                migrations.DeleteModel(
                    name='TariffaOraria',
                ),
            ],
            database_operations=[],
        ),
    ]
