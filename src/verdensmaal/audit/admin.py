from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.forms.models import model_to_dict

from .actions import admin_action
from .models import AuditEntry
from .services import diff, log_action


class ReadOnlyMixin:
    """The back office only looks: these records are written on the product's own pages, where
    every write is permission-checked and audit-logged (or, for the log itself, never)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The log is append-only: readable in the back office, never changed there."""

    list_display = ["created_at", "actor", "label", "object_repr", "organisation"]
    list_filter = ["action"]
    search_fields = ["object_repr", "action"]
    date_hierarchy = "created_at"


def _organisation(obj):
    """The organisation an object belongs to, for filtering the log by organisation."""
    organisation_model = apps.get_model("accounts", "Organisation")
    if isinstance(obj, organisation_model):
        return obj
    related = getattr(obj, "organisation", None)
    return related if isinstance(related, organisation_model) else None


def _logged(request, obj, verb: str, changes: dict) -> None:
    with transaction.atomic():  # joins the admin's own transaction where there is one
        log_action(
            actor=request.user,
            action=admin_action(obj._meta.label_lower, verb),
            obj=obj,
            organisation=_organisation(obj),
            changes=changes,
        )


# Never written to the log: a password hash is a secret, hashed or not.
SECRET_FIELDS = ("password",)


class AuditedModelAdmin(admin.ModelAdmin):
    """The back office writes through Django's admin; every such write lands in our log too."""

    def log_addition(self, request, obj, message):
        _logged(request, obj, "added", diff({}, model_to_dict(obj, exclude=SECRET_FIELDS)))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        _logged(request, obj, "changed", {"message": str(message)})
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            values = model_to_dict(obj, exclude=SECRET_FIELDS)
            _logged(request, obj, "deleted", diff(values, dict.fromkeys(values)))
        return super().log_deletions(request, queryset)
