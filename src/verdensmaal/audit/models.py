from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

# Labels are looked up at display time so that the stored entry stays language-neutral.
ACTION_LABELS = {
    "accounts.organisation.created": _("Organisation created"),
    "accounts.organisation.updated": _("Organisation updated"),
    "accounts.user.created": _("User created"),
    "catalogue.target.translated": _("Target translated"),
    "catalogue.indicator.created": _("Indicator created"),
    "catalogue.indicator.updated": _("Indicator updated"),
    "data.import.applied": _("Data import applied"),
    "data.uploads.pruned": _("Unused uploads deleted"),
    "dashboards.settings.updated": _("Progress settings changed"),
    "frameworks.framework.created": _("Framework created"),
    "frameworks.framework.updated": _("Framework changed"),
    "frameworks.priority.created": _("Priority added"),
    "frameworks.priority.updated": _("Priority changed"),
    "frameworks.priority.deleted": _("Priority removed"),
    "frameworks.local_target.created": _("Local target created"),
    "frameworks.local_target.updated": _("Local target changed"),
    "frameworks.action.created": _("Action created"),
    "frameworks.action.updated": _("Action changed"),
    "frameworks.milestone.created": _("Milestone added"),
    "frameworks.milestone.updated": _("Milestone changed"),
    "frameworks.milestone.deleted": _("Milestone removed"),
    "frameworks.partner.created": _("Partner added"),
    "frameworks.partner.updated": _("Partner changed"),
    "frameworks.partner.deleted": _("Partner removed"),
    "frameworks.progress_update.created": _("Progress update added"),
    "frameworks.progress_update.updated": _("Progress update changed"),
    "frameworks.progress_update.deleted": _("Progress update removed"),
    "frameworks.factor.created": _("Driver or barrier added"),
    "frameworks.factor.updated": _("Driver or barrier changed"),
    "frameworks.factor.deleted": _("Driver or barrier removed"),
    "frameworks.strategy.created": _("Strategy added"),
    "frameworks.strategy.updated": _("Strategy changed"),
    "frameworks.strategy.deleted": _("Strategy removed"),
    "network.season.created": _("Season created"),
    "network.season.updated": _("Season updated"),
    "network.membership.created": _("Member added to season"),
    "network.participant.created": _("Participant added"),
    "network.participant.exported": _("Participant's data exported"),
    "network.participant.erased": _("Participant's data erased"),
    "network.season_registration.created": _("Participant registered for season"),
    "network.meeting.created": _("Meeting created"),
    "network.meeting.updated": _("Meeting updated"),
    "network.meeting.invitations_sent": _("Meeting invitations sent"),
    "network.material.added": _("Meeting material added"),
    "network.meeting_registration.created": _("Registered for meeting"),
    "network.meeting_registration.cancelled": _("Meeting registration cancelled"),
    "network.meeting_registration.promoted": _("Moved from waiting list to seat"),
    "network.attendance.recorded": _("Attendance recorded"),
    "network.invoice.issued": _("Invoice issued"),
    "network.invoice.credited": _("Credit note issued"),
    "network.invoice.paid": _("Invoice marked as paid"),
    "network.task.created": _("Task created"),
    "network.task.updated": _("Task updated"),
    "network.enquiry.received": _("Enquiry received"),
    "network.enquiry.handled": _("Enquiry handled"),
}


ADMIN_LABELS = {
    "added": _("Added in the back office"),
    "changed": _("Changed in the back office"),
    "deleted": _("Deleted in the back office"),
}


class AuditEntry(models.Model):
    """One change made by someone: append-only, written in the same transaction as the change."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def label(self) -> str:
        if self.action.startswith("admin."):
            verb = self.action.rsplit(".", 1)[1]
            return str(ADMIN_LABELS.get(verb, self.action))
        return str(ACTION_LABELS.get(self.action, self.action))
