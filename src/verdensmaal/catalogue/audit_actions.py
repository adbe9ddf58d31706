"""The audit action codes of this app (see verdensmaal.audit.actions)."""

from django.utils.translation import gettext_lazy as _

from verdensmaal.audit.actions import AuditAction

TARGET_TRANSLATED = AuditAction("catalogue.target.translated", _("Target translated"))
INDICATOR_CREATED = AuditAction("catalogue.indicator.created", _("Indicator created"))
INDICATOR_UPDATED = AuditAction("catalogue.indicator.updated", _("Indicator updated"))
