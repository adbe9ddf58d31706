from django.contrib import admin

from verdensmaal.audit.admin import AuditedModelAdmin

from .models import GlobalIndicator, Goal, Target


@admin.register(Goal)
class GoalAdmin(AuditedModelAdmin):
    list_display = ["number", "name_da", "name_en", "colour"]


@admin.register(Target)
class TargetAdmin(AuditedModelAdmin):
    list_display = ["code", "goal", "title_da", "title_en"]
    list_filter = ["goal"]
    search_fields = ["code", "title_da", "title_en"]


@admin.register(GlobalIndicator)
class GlobalIndicatorAdmin(AuditedModelAdmin):
    list_display = ["code", "target", "title_en"]
    search_fields = ["code", "title_da", "title_en"]
