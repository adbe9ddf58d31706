from django.contrib import admin

from verdensmaal.audit.admin import AuditedModelAdmin

from .models import ProgressSettings


@admin.register(ProgressSettings)
class ProgressSettingsAdmin(AuditedModelAdmin):
    list_display = ["default_method", "base_year", "updated_at"]
