"""Cases, observations and data needs are written on their own pages, where every change is
permission-checked and audit-logged; the back office only looks."""

from django.contrib import admin

from verdensmaal.audit.admin import ReadOnlyAdmin

from .models import Case, DataNeed, FieldObservation, RevisionNotice


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["title_da", "organisation", "started_on", "sharing", "is_demo", "created_at"]
    list_filter = ["sharing", "is_demo"]
    search_fields = ["title_da", "title_en", "organisation__name"]


@admin.register(FieldObservation)
class FieldObservationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "meeting", "organisation", "sharing", "created_at"]
    list_filter = ["sharing"]


@admin.register(DataNeed)
class DataNeedAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "level", "status", "created_at"]
    list_filter = ["status", "level"]
    search_fields = ["title", "organisation__name"]


@admin.register(RevisionNotice)
class RevisionNoticeAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "created_at", "data_import"]
