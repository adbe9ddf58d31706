from verdensmaal.audit.services import audited_update
from verdensmaal.core.permissions import ensure_secretariat

from . import audit_actions
from .models import ProgressSettings


def progress_settings_update(*, actor, default_method: str, base_year: int) -> ProgressSettings:
    """The secretariat chooses the network's default progress method and base year."""
    ensure_secretariat(actor)
    return audited_update(
        actor=actor,
        obj=ProgressSettings.current(),
        values={"default_method": default_method, "base_year": base_year},
        action=audit_actions.SETTINGS_UPDATED,
    )
