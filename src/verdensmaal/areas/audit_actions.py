"""The audit action codes of this app (see verdensmaal.audit.actions)."""

from django.utils.translation import gettext_lazy as _

from verdensmaal.audit.actions import AuditAction

PEER_GROUP_SAVED = AuditAction("areas.peer_group.saved", _("Peer group saved"))
