"""The audit action codes of this app (see verdensmaal.audit.actions)."""

from django.utils.translation import gettext_lazy as _

from verdensmaal.audit.actions import AuditAction

DOCUMENT_CREATED = AuditAction("documents.document.created", _("Document added for screening"))
DOCUMENT_UPDATED = AuditAction("documents.document.updated", _("Screened document changed"))
DOCUMENT_DELETED = AuditAction("documents.document.deleted", _("Screened document removed"))
DOCUMENT_QUEUED = AuditAction("documents.document.queued", _("Document queued for screening"))
DOCUMENT_SCREENED = AuditAction("documents.document.screened", _("Document screened"))
DOCUMENT_FAILED = AuditAction("documents.document.failed", _("Document could not be screened"))
DOCUMENT_STRATEGY_LINKED = AuditAction(
    "documents.document.strategy_linked", _("Screened document linked to a strategy")
)
