from django.contrib import admin

from verdensmaal.audit.admin import AuditedModelAdmin

from .models import SimilarityIndicator


@admin.register(SimilarityIndicator)
class SimilarityIndicatorAdmin(AuditedModelAdmin):
    """The secretariat chooses the indicators that make municipalities similar, and their
    weights (every change is audit-logged)."""

    list_display = ["indicator", "weight"]
