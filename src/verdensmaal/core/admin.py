"""The back office writes through Django's admin; every such write lands in our audit log too."""

from django.contrib import admin
from django.db import transaction
from django.forms.models import model_to_dict

from verdensmaal.audit.services import diff, log_action


def _organisation(obj):
    from verdensmaal.accounts.models import Organisation

    if isinstance(obj, Organisation):
        return obj
    related = getattr(obj, "organisation", None)
    return related if isinstance(related, Organisation) else None


def _logged(request, obj, verb: str, changes: dict) -> None:
    with transaction.atomic():  # joins the admin's own transaction where there is one
        log_action(
            actor=request.user,
            action=f"admin.{obj._meta.label_lower}.{verb}",
            obj=obj,
            organisation=_organisation(obj),
            changes=changes,
        )


class AuditedModelAdmin(admin.ModelAdmin):
    def log_addition(self, request, obj, message):
        _logged(request, obj, "added", diff({}, model_to_dict(obj)))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        _logged(request, obj, "changed", {"message": str(message)})
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            values = model_to_dict(obj)
            _logged(request, obj, "deleted", diff(values, dict.fromkeys(values)))
        return super().log_deletions(request, queryset)
