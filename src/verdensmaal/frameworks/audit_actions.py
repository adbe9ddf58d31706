"""The audit action codes of this app (see verdensmaal.audit.actions)."""

from django.utils.translation import gettext_lazy as _

from verdensmaal.audit.actions import AuditAction

FRAMEWORK_CREATED = AuditAction("frameworks.framework.created", _("Framework created"))
FRAMEWORK_UPDATED = AuditAction("frameworks.framework.updated", _("Framework changed"))
PRIORITY_CREATED = AuditAction("frameworks.priority.created", _("Priority added"))
PRIORITY_UPDATED = AuditAction("frameworks.priority.updated", _("Priority changed"))
PRIORITY_DELETED = AuditAction("frameworks.priority.deleted", _("Priority removed"))
LOCAL_TARGET_CREATED = AuditAction("frameworks.local_target.created", _("Local target created"))
LOCAL_TARGET_UPDATED = AuditAction("frameworks.local_target.updated", _("Local target changed"))
ACTION_CREATED = AuditAction("frameworks.action.created", _("Action created"))
ACTION_UPDATED = AuditAction("frameworks.action.updated", _("Action changed"))
ACTION_GOALS_CONFIRMED = AuditAction(
    "frameworks.action.goals_confirmed", _("Action's goals confirmed")
)
MILESTONE_CREATED = AuditAction("frameworks.milestone.created", _("Milestone added"))
MILESTONE_UPDATED = AuditAction("frameworks.milestone.updated", _("Milestone changed"))
MILESTONE_DELETED = AuditAction("frameworks.milestone.deleted", _("Milestone removed"))
PARTNER_CREATED = AuditAction("frameworks.partner.created", _("Partner added"))
PARTNER_UPDATED = AuditAction("frameworks.partner.updated", _("Partner changed"))
PARTNER_DELETED = AuditAction("frameworks.partner.deleted", _("Partner removed"))
PROGRESS_UPDATE_CREATED = AuditAction(
    "frameworks.progress_update.created", _("Progress update added")
)
PROGRESS_UPDATE_UPDATED = AuditAction(
    "frameworks.progress_update.updated", _("Progress update changed")
)
PROGRESS_UPDATE_DELETED = AuditAction(
    "frameworks.progress_update.deleted", _("Progress update removed")
)
FACTOR_CREATED = AuditAction("frameworks.factor.created", _("Driver or barrier added"))
FACTOR_UPDATED = AuditAction("frameworks.factor.updated", _("Driver or barrier changed"))
FACTOR_DELETED = AuditAction("frameworks.factor.deleted", _("Driver or barrier removed"))
STRATEGY_CREATED = AuditAction("frameworks.strategy.created", _("Strategy added"))
STRATEGY_UPDATED = AuditAction("frameworks.strategy.updated", _("Strategy changed"))
STRATEGY_DELETED = AuditAction("frameworks.strategy.deleted", _("Strategy removed"))
FRAMEWORK_PUBLISHED = AuditAction("frameworks.framework.published", _("Framework published"))
FRAMEWORK_PARTS_PUBLISHED = AuditAction(
    "frameworks.framework.parts_published", _("Framework's parts published")
)
FRAMEWORK_WITHDRAWN = AuditAction(
    "frameworks.framework.withdrawn", _("Framework withdrawn from the public")
)
