from django.contrib import admin

from .models import GlobalIndicator, Goal, Target


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name_da", "name_en", "colour"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["code", "goal", "title_da", "title_en"]
    list_filter = ["goal"]
    search_fields = ["code", "title_da", "title_en"]


@admin.register(GlobalIndicator)
class GlobalIndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "target", "title_en"]
    search_fields = ["code", "title_da", "title_en"]
