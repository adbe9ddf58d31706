"""The audit action codes of this app (see verdensmaal.audit.actions)."""

from django.utils.translation import gettext_lazy as _

from verdensmaal.audit.actions import AuditAction

IMPORT_APPLIED = AuditAction("data.import.applied", _("Data import applied"))
UPLOADS_PRUNED = AuditAction("data.uploads.pruned", _("Unused uploads deleted"))
