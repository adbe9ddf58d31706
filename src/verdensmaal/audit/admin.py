from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "label", "object_repr", "organisation"]
    list_filter = ["action"]
    search_fields = ["object_repr", "action"]
    date_hierarchy = "created_at"

    # The log is append-only: readable in the admin, never changed there.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
