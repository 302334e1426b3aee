"""The scheda of a procedure now lives in `fabbisogno` (issue #20, `fabbisogno` 0001): the
same table under its new name, so only the state changes; the column and its foreign key
stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('fabbisogno', '0001_initial'),
        ('procedure', '0008_prorogamalfunzionamento'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='proceduraselezione',
                    name='scheda',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='procedure', to='fabbisogno.schedaprogettuale', verbose_name='scheda progettuale'),
                ),
            ],
            database_operations=[],
        ),
    ]
