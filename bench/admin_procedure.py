"""A ModelAdmin of ProceduraSelezione for the benchmark's comparison (bench.procedure_staff).

The portal does not register procedure in the technical admin (they change only through the
services); the benchmark compares the staff list with what a plain admin changelist of the
same rows costs: the same columns and order, 20 rows a page like the staff list, filters on
fase, tipologia and istituto, search on the oggetto. Registered only by bench.urls, and only
when the project has not registered the model itself.
"""

from django.contrib import admin

from procedure.models import ProceduraSelezione


class ProceduraSelezioneAdmin(admin.ModelAdmin):
    list_display = ["id", "oggetto", "stato", "data_apertura", "data_chiusura", "istituto"]
    list_filter = ["stato", "tipologia_incarico", "istituto"]
    search_fields = ["oggetto"]
    list_select_related = ["istituto"]
    ordering = ["-aggiornata_il", "-id"]
    list_per_page = 20


REGISTRATA_DAL_BENCHMARK = not admin.site.is_registered(ProceduraSelezione)
if REGISTRATA_DAL_BENCHMARK:
    admin.site.register(ProceduraSelezione, ProceduraSelezioneAdmin)
