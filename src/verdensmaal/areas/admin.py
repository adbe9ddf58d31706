from django.contrib import admin

from verdensmaal.audit.admin import AuditedModelAdmin

from .models import Area, PeerGroup


@admin.register(Area)
class AreaAdmin(AuditedModelAdmin):
    list_display = ["code", "name_da", "name_en", "kind", "parent"]
    list_filter = ["kind", "parent"]
    search_fields = ["code", "name_da", "name_en"]


@admin.register(PeerGroup)
class PeerGroupAdmin(AuditedModelAdmin):
    list_display = ["name_da", "name_en"]
    filter_horizontal = ["municipalities"]
