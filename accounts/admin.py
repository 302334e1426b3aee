from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Istituto, Membership, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["cognome", "nome"]
    list_display = ["codice_fiscale", "cognome", "nome", "email", "is_superuser"]
    search_fields = ["codice_fiscale", "cognome", "nome", "email"]
    list_filter = ["is_superuser", "is_active"]
    fieldsets = [
        (None, {"fields": ["codice_fiscale", "password"]}),
        ("Dati anagrafici", {"fields": ["nome", "cognome", "data_nascita", "email", "pec", "telefono"]}),
        ("Permessi", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["codice_fiscale", "password1", "password2"]})]
    filter_horizontal = []


@admin.register(Istituto)
class IstitutoAdmin(admin.ModelAdmin):
    list_display = ["codice_meccanografico", "denominazione", "comune", "provincia", "regione"]
    search_fields = ["codice_meccanografico", "denominazione", "comune"]
    list_filter = ["regione"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "ruolo", "istituto", "valido_dal", "valido_al"]
    list_filter = ["ruolo"]
    search_fields = ["user__codice_fiscale", "user__cognome", "istituto__denominazione"]
    autocomplete_fields = ["user", "istituto"]
