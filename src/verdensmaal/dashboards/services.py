from django.db import transaction

from verdensmaal.audit.services import diff, log_action
from verdensmaal.core.permissions import ensure_secretariat

from .models import ProgressSettings


def progress_settings_update(*, actor, default_method: str, base_year: int) -> ProgressSettings:
    """The secretariat chooses the network's default progress method and base year."""
    ensure_secretariat(actor)
    with transaction.atomic():
        settings = ProgressSettings.current()
        settings = ProgressSettings.objects.select_for_update().get(pk=settings.pk)
        before = {"default_method": settings.default_method, "base_year": settings.base_year}
        settings.default_method, settings.base_year = default_method, base_year
        settings.full_clean()
        settings.save()
        if changes := diff(before, {"default_method": default_method, "base_year": base_year}):
            log_action(
                actor=actor, action="dashboards.settings.updated", obj=settings, changes=changes
            )
    return settings
