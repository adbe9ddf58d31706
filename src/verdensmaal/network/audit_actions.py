"""The audit action codes of this app (see verdensmaal.audit.actions)."""

from django.utils.translation import gettext_lazy as _

from verdensmaal.audit.actions import AuditAction

SEASON_CREATED = AuditAction("network.season.created", _("Season created"))
SEASON_UPDATED = AuditAction("network.season.updated", _("Season updated"))
MEMBERSHIP_CREATED = AuditAction("network.membership.created", _("Member added to season"))
PARTICIPANT_CREATED = AuditAction("network.participant.created", _("Participant added"))
PARTICIPANT_EXPORTED = AuditAction("network.participant.exported", _("Participant's data exported"))
PARTICIPANT_ERASED = AuditAction("network.participant.erased", _("Participant's data erased"))
SEASON_REGISTRATION_CREATED = AuditAction(
    "network.season_registration.created", _("Participant registered for season")
)
MEETING_CREATED = AuditAction("network.meeting.created", _("Meeting created"))
MEETING_UPDATED = AuditAction("network.meeting.updated", _("Meeting updated"))
MEETING_INVITATIONS_SENT = AuditAction(
    "network.meeting.invitations_sent", _("Meeting invitations sent")
)
MATERIAL_ADDED = AuditAction("network.material.added", _("Meeting material added"))
MEETING_REGISTRATION_CREATED = AuditAction(
    "network.meeting_registration.created", _("Registered for meeting")
)
MEETING_REGISTRATION_CANCELLED = AuditAction(
    "network.meeting_registration.cancelled", _("Meeting registration cancelled")
)
MEETING_REGISTRATION_PROMOTED = AuditAction(
    "network.meeting_registration.promoted", _("Moved from waiting list to seat")
)
ATTENDANCE_RECORDED = AuditAction("network.attendance.recorded", _("Attendance recorded"))
INVOICE_ISSUED = AuditAction("network.invoice.issued", _("Invoice issued"))
INVOICE_CREDITED = AuditAction("network.invoice.credited", _("Credit note issued"))
INVOICE_PAID = AuditAction("network.invoice.paid", _("Invoice marked as paid"))
TASK_CREATED = AuditAction("network.task.created", _("Task created"))
TASK_UPDATED = AuditAction("network.task.updated", _("Task updated"))
ENQUIRY_RECEIVED = AuditAction("network.enquiry.received", _("Enquiry received"))
ENQUIRY_HANDLED = AuditAction("network.enquiry.handled", _("Enquiry handled"))
