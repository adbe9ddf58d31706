"""The audit action codes of this app (see verdensmaal.audit.actions)."""

from django.utils.translation import gettext_lazy as _

from verdensmaal.audit.actions import AuditAction

TOKEN_CREATED = AuditAction("api.token.created", _("API token created"))
TOKEN_REVOKED = AuditAction("api.token.revoked", _("API token revoked"))
