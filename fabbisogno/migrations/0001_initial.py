"""The need leaves `incarichi` for its own app (issue #20): the CCNL rates and the schede
progettuali keep their rows, their ids and their content types. Nothing is copied.

- State: the two models are declared here exactly as `incarichi` left them after its 0006, on
  the same tables; then `procedure` 0009 and `incarichi` 0007 point their foreign keys here
  (state only: a foreign key follows the table, not its name) and `incarichi` forgets them.
- Tables: renamed after the new app (`AlterModelTable`, and the index of the schede with
  `RenameIndex`), so that the database reads as the code does. On PostgreSQL a rename is a
  change of the catalogue: no row is rewritten, the lock lasts an instant. Sequences and
  constraints keep their old names, harmlessly (Django finds them by introspection).
- Content types: the rows of the two models take the new app_label and keep their id, so the
  permissions and every generic key to a scheda (`portale.Evento`, `portale.Protocollo`) still
  resolve. A fresh database has none yet: post_migrate creates them under `fabbisogno`.

Depends on the last migrations of `incarichi` and `procedure` before the split: on a fresh
database the tables are created by `incarichi` 0001 and must have reached their final shape
before they move, and `procedure` 0006 reads the schede (the project of each procedure) under
their old name.
"""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

MODELLI = ("tariffaoraria", "schedaprogettuale")


def _sposta_tipi(apps, da: str, a: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for modello in MODELLI:
        if not ContentType.objects.filter(app_label=da, model=modello).exists():
            continue  # a fresh database: post_migrate creates it under its app
        # After a migration back and forth, post_migrate may have created the other one in
        # between, holding only its default permissions: it gives way (a generic key to it
        # would stop the deletion: Evento protects its content type).
        ContentType.objects.filter(app_label=a, model=modello).delete()
        ContentType.objects.filter(app_label=da, model=modello).update(app_label=a)


def verso_fabbisogno(apps, schema_editor):
    _sposta_tipi(apps, "incarichi", "fabbisogno")


def verso_incarichi(apps, schema_editor):
    _sposta_tipi(apps, "fabbisogno", "incarichi")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0002_user_indirizzo'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('incarichi', '0006_incompatibilita_come_dati'),
        ('procedure', '0008_prorogamalfunzionamento'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='TariffaOraria',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('descrizione', models.CharField(max_length=200, verbose_name='descrizione')),
                        ('importo_orario', models.DecimalField(decimal_places=2, max_digits=8, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='compenso orario lordo dipendente (€)')),
                        ('aliquota_oneri_stato', models.DecimalField(decimal_places=4, default=Decimal('0.3270'), help_text='INPDAP 24,20% + IRAP 8,50%: lordo stato = lordo dipendente × 1,327', max_digits=6, verbose_name='oneri a carico dello Stato')),
                        ('valida_dal', models.DateField(verbose_name='valida dal')),
                        ('valida_al', models.DateField(blank=True, null=True, verbose_name='valida fino al')),
                        ('riferimento', models.CharField(blank=True, max_length=200, verbose_name='riferimento normativo')),
                    ],
                    options={
                        'verbose_name': 'tariffa oraria CCNL',
                        'verbose_name_plural': 'tariffe orarie CCNL',
                        'ordering': ['-importo_orario', 'descrizione'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('valida_al__isnull', True), ('valida_al__gte', models.F('valida_dal')), _connector='OR'), name='tariffa_periodo_coerente')],
                        'db_table': 'incarichi_tariffaoraria',
                    },
                ),
                migrations.CreateModel(
                    name='SchedaProgettuale',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('stato', models.CharField(choices=[('bozza', 'In Bozza'), ('conclusa', 'Conclusa')], default='bozza', max_length=10, verbose_name='fase')),
                        ('titolo', models.CharField(max_length=200, verbose_name='titolo')),
                        ('descrizione', models.TextField(blank=True, verbose_name='descrizione e obiettivi')),
                        ('tipologia_incarico', models.CharField(blank=True, choices=[('esperto', 'Esperto'), ('tutor', 'Tutor'), ('progettista', 'Progettista'), ('collaudatore', 'Collaudatore'), ('figura_aggiuntiva', 'Figura aggiuntiva'), ('formatore', 'Formatore'), ('altro', 'Altro')], max_length=20, verbose_name='tipologia di incarico')),
                        ('fonte_finanziamento', models.CharField(blank=True, choices=[('pnrr', 'PNRR'), ('pn_fse', 'PN Scuola e competenze – FSE+'), ('pn_fesr', 'PN Scuola e competenze – FESR'), ('fis', "Fondo dell'istituzione scolastica (FIS/MOF)"), ('programma_annuale', 'Programma annuale (fondi di bilancio)'), ('enti', 'Contributi di enti, famiglie o privati'), ('altro', 'Altro')], max_length=20, verbose_name='fonte di finanziamento')),
                        ('cup', models.CharField(blank=True, max_length=15, validators=[django.core.validators.RegexValidator('^[A-Z][0-9]{2}[A-Z0-9]{12}$', 'Il CUP è di 15 caratteri: una lettera, due cifre, poi lettere e cifre (es. D34D22000350006).')], verbose_name='CUP')),
                        ('destinatari', models.CharField(blank=True, max_length=300, verbose_name='destinatari')),
                        ('data_inizio', models.DateField(blank=True, null=True, verbose_name='inizio del periodo')),
                        ('data_fine', models.DateField(blank=True, null=True, verbose_name='fine del periodo')),
                        ('ore_previste', models.PositiveIntegerField(blank=True, null=True, verbose_name='ore previste')),
                        ('tariffa_manuale', models.DecimalField(blank=True, decimal_places=2, help_text='Per gli esperti esterni: compenso orario omnicomprensivo', max_digits=8, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='oppure compenso orario inserito (€)')),
                        ('creata_il', models.DateTimeField(auto_now_add=True)),
                        ('aggiornata_il', models.DateTimeField(auto_now=True)),
                        ('conclusa_il', models.DateTimeField(blank=True, null=True)),
                        ('creata_da', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('istituto', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='schede', to='accounts.istituto')),
                        ('referente', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='schede_referente', to=settings.AUTH_USER_MODEL, verbose_name='referente di progetto')),
                        ('tariffa', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='fabbisogno.tariffaoraria', verbose_name='tariffa oraria CCNL')),
                    ],
                    options={
                        'verbose_name': 'scheda progettuale',
                        'verbose_name_plural': 'schede progettuali',
                        'ordering': ['-aggiornata_il', '-id'],
                        'indexes': [models.Index(fields=['istituto', 'stato', '-aggiornata_il'], name='incarichi_s_istitut_0e11de_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('stato__in', ['bozza', 'conclusa'])), name='scheda_stato_valido')],
                        'db_table': 'incarichi_schedaprogettuale',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='tariffaoraria', table=None),
        migrations.AlterModelTable(name='schedaprogettuale', table=None),
        migrations.RenameIndex(
            model_name='schedaprogettuale',
            new_name='fabbisogno__istitut_9de99c_idx',
            old_name='incarichi_s_istitut_0e11de_idx',
        ),
        migrations.RunPython(verso_fabbisogno, verso_incarichi),
    ]
