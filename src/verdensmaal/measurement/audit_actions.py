"""The audit action codes of this app (see verdensmaal.audit.actions)."""

from django.utils.translation import gettext_lazy as _

from verdensmaal.audit.actions import AuditAction

SETTINGS_UPDATED = AuditAction("dashboards.settings.updated", _("Progress settings changed"))
