from django.contrib import admin

from .models import RispostaPredefinita, Ticket


@admin.register(RispostaPredefinita)
class RispostaPredefinitaAdmin(admin.ModelAdmin):
    """Canned replies: written here by the technical staff, picked in the reply form."""

    list_display = ["titolo", "tipologia", "attiva", "ordine"]
    list_editable = ["attiva", "ordine"]
    list_filter = ["attiva", "tipologia"]
    search_fields = ["titolo", "testo"]
    fields = ["titolo", "tipologia", "testo", "attiva", "ordine"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["help_texts"] = {"testo": (
            "{nome}, {codice} e {giorni_riapertura} diventano il nome del richiedente, l'Id del "
            "ticket e i giorni entro cui il richiedente può riaprirlo.")}
        return super().get_form(request, obj, **kwargs)


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Read-only: tickets change only through the portal's services (events, notices)."""

    list_display = ["codice", "oggetto", "tipologia", "stato", "richiedente", "assegnato_a",
                    "creato_il"]
    list_filter = ["stato", "tipologia"]
    search_fields = ["codice", "oggetto", "richiedente__cognome", "richiedente__codice_fiscale"]
    list_select_related = ["richiedente", "assegnato_a"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
