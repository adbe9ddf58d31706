"""The audit action codes of this app (see verdensmaal.audit.actions)."""

from django.utils.translation import gettext_lazy as _

from verdensmaal.audit.actions import AuditAction

ORGANISATION_CREATED = AuditAction("accounts.organisation.created", _("Organisation created"))
ORGANISATION_UPDATED = AuditAction("accounts.organisation.updated", _("Organisation updated"))
USER_CREATED = AuditAction("accounts.user.created", _("User created"))
