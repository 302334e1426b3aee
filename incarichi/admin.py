from django.contrib import admin

from .models import Incompatibilita


@admin.register(Incompatibilita)
class IncompatibilitaAdmin(admin.ModelAdmin):
    """The incompatibilities between roles of the same project, as data: the pair of art. 17
    (progettista e collaudatore) ships with migration 0006; the technical staff add others here,
    for every istituto or for one. Checked at the proposal (graduatorie) and at the conferimento
    (incarichi.services.incarichi)."""

    list_display = ["tipologia", "incompatibile_con", "istituto", "riferimento"]
    list_filter = ["tipologia", "incompatibile_con"]
    search_fields = ["riferimento", "istituto__denominazione", "istituto__codice_meccanografico"]
    list_select_related = ["istituto"]
    fields = ["tipologia", "incompatibile_con", "istituto", "riferimento"]
