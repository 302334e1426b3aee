from django.contrib import admin

from .models import Strumento, VersioneStrumento


class VersioneInline(admin.TabularInline):
    model = VersioneStrumento
    extra = 0
    can_delete = False
    fields = ["numero", "nome_file", "dimensione", "sha256", "caricata_da", "caricata_il", "download"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Strumento)
class StrumentoAdmin(admin.ModelAdmin):
    """Read-only view for the technical staff: strumenti change through the portal's services."""

    list_display = ["titolo", "categoria", "visibilita", "istituto", "download", "aggiornato_il",
                    "ritirato_il"]
    list_filter = ["categoria", "visibilita", ("istituto", admin.EmptyFieldListFilter)]
    search_fields = ["titolo", "descrizione", "istituto__denominazione"]
    inlines = [VersioneInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
