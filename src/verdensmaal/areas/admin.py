from django.contrib import admin

from .models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name_da", "name_en", "kind", "parent"]
    list_filter = ["kind", "parent"]
    search_fields = ["code", "name_da", "name_en"]
