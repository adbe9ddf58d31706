from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from verdensmaal.audit.admin import AuditedModelAdmin

from .models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "area", "cvr", "ean", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "cvr", "ean"]
    autocomplete_fields = ["area"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    list_display = ["username", "email", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "organisation"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Network"), {"fields": ("role", "organisation", "language")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Network"), {"fields": ("email", "role", "organisation", "language")}),
    )
