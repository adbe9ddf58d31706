"""Frameworks are edited on their own pages, where every change is version-checked and
audit-logged; the back office only looks."""

from django.contrib import admin

from verdensmaal.audit.admin import ReadOnlyAdmin

from .models import Action, Framework, LocalTarget


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["title_da", "organisation", "start_year", "end_year", "sharing", "is_demo"]
    list_filter = ["sharing", "is_demo"]
    search_fields = ["title_da", "title_en", "organisation__name"]


@admin.register(LocalTarget)
class LocalTargetAdmin(ReadOnlyAdmin):
    list_display = ["title_da", "framework", "indicator", "baseline_year", "target_year", "status"]
    list_filter = ["status"]
    search_fields = ["title_da", "title_en", "indicator__code"]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["title_da", "framework", "status", "budget", "start_date", "end_date"]
    list_filter = ["status"]
    search_fields = ["title_da", "title_en", "owner"]
