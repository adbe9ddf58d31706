"""Writes for the network: one function per use case, permission-checked and audit-logged.

By use case: ``seasons`` (seasons, members, participants, season registrations), ``meetings``
(programme, materials, meeting registrations, attendance, invitations), ``invoices`` (invoices and
credit notes), ``followup`` (tasks, reminders, enquiries) and ``personal_data`` (export and
erasure). The e-mails they send are built in ``network.emails``.
"""

from .followup import (
    MEETING_REMINDER_BEFORE,
    TASK_REMINDER_DAYS,
    enquiry_mark_handled,
    enquiry_submit,
    reminders_send,
    task_create,
    task_update,
)
from .invoices import (
    DEFAULT_SELLER,
    credit_note_issue,
    invoice_issue,
    invoice_mark_paid,
    invoice_seller,
)
from .meetings import (
    CHECK_IN_OPENS_BEFORE,
    attendance_record,
    material_add,
    meeting_check_in,
    meeting_create,
    meeting_invitations_send,
    meeting_register,
    meeting_registration_cancel,
    meeting_update,
)
from .personal_data import ERASED_NAME, participant_erase, participant_export
from .seasons import (
    membership_create,
    participant_create,
    season_create,
    season_registrations_create,
    season_update,
)

__all__ = [
    "CHECK_IN_OPENS_BEFORE",
    "DEFAULT_SELLER",
    "ERASED_NAME",
    "MEETING_REMINDER_BEFORE",
    "TASK_REMINDER_DAYS",
    "attendance_record",
    "credit_note_issue",
    "enquiry_mark_handled",
    "enquiry_submit",
    "invoice_issue",
    "invoice_mark_paid",
    "invoice_seller",
    "material_add",
    "meeting_check_in",
    "meeting_create",
    "meeting_invitations_send",
    "meeting_register",
    "meeting_registration_cancel",
    "meeting_update",
    "membership_create",
    "participant_create",
    "participant_erase",
    "participant_export",
    "reminders_send",
    "season_create",
    "season_registrations_create",
    "season_update",
    "task_create",
    "task_update",
]
