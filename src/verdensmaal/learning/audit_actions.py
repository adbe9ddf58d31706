"""The audit action codes of this app (see verdensmaal.audit.actions)."""

from django.utils.translation import gettext_lazy as _

from verdensmaal.audit.actions import AuditAction

CASE_CREATED = AuditAction("learning.case.created", _("Case created"))
CASE_UPDATED = AuditAction("learning.case.updated", _("Case changed"))
CASE_DELETED = AuditAction("learning.case.deleted", _("Case removed"))
CASE_MATERIAL_ADDED = AuditAction("learning.case_material.added", _("Material added to a case"))
CASE_MATERIAL_DELETED = AuditAction(
    "learning.case_material.deleted", _("Material removed from a case")
)
OBSERVATION_CREATED = AuditAction("learning.observation.created", _("Field observation added"))
OBSERVATION_UPDATED = AuditAction("learning.observation.updated", _("Field observation changed"))
OBSERVATION_DELETED = AuditAction("learning.observation.deleted", _("Field observation removed"))
DATA_NEED_CREATED = AuditAction("learning.data_need.created", _("Data need recorded"))
DATA_NEED_UPDATED = AuditAction("learning.data_need.updated", _("Data need changed"))
DATA_NEED_SUPPORTED = AuditAction("learning.data_need.supported", _("Data need supported"))
DATA_NEED_UNSUPPORTED = AuditAction(
    "learning.data_need.unsupported", _("Support of a data need withdrawn")
)
REVISION_NOTICES_RECORDED = AuditAction(
    "learning.revision_notices.recorded", _("Revision notices recorded")
)
