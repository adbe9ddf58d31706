from django.contrib import admin

from .models import ProgressSettings


@admin.register(ProgressSettings)
class ProgressSettingsAdmin(admin.ModelAdmin):
    list_display = ["default_method", "base_year", "updated_at"]
