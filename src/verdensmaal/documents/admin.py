"""Documents are added and screened on their own pages, where every change is permission-checked
and audit-logged; the back office only looks (the queue's failed jobs and their errors, say)."""

from django.contrib import admin

from verdensmaal.audit.admin import ReadOnlyAdmin

from .models import Document, Job


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "source", "status", "method", "sharing", "created_at"]
    list_filter = ["status", "source", "sharing"]
    search_fields = ["title", "filename", "organisation__name"]
    exclude = ["result", "passages"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "status", "progress_done", "progress_total", "attempts",
                    "created_at", "finished_at", "worker"]  # fmt: skip
    list_filter = ["status", "kind"]
    search_fields = ["kind", "error"]
