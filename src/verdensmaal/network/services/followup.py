"""Follow-up between meetings: the secretariat's tasks, reminders, and enquiries from
prospective members."""

from datetime import date, datetime, timedelta
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verdensmaal.audit.services import audited_create, audited_update, log_action
from verdensmaal.core.permissions import ensure_secretariat

from .. import audit_actions
from ..emails import enquiry_receipt_message, meeting_reminder_message, task_reminder_message
from ..models import Enquiry, MeetingRegistration, SentReminder, Task
from ..reminders import registered_reminders
from ._base import checked

MEETING_REMINDER_BEFORE = timedelta(days=7)
TASK_REMINDER_DAYS = 2


class TaskFields(TypedDict, total=False):
    title: str
    owner: object
    due_on: date
    status: str
    meeting: object
    membership: object
    notes: str


class EnquiryFields(TypedDict, total=False):
    organisation_name: str
    name: str
    email: str
    phone: str
    message: str


def task_create(*, actor, **fields: Unpack[TaskFields]) -> Task:
    ensure_secretariat(actor)
    return audited_create(
        actor=actor, obj=Task(**checked(fields, TaskFields)), action=audit_actions.TASK_CREATED
    )


def task_update(*, actor, task: Task, **fields: Unpack[TaskFields]) -> Task:
    ensure_secretariat(actor)
    return audited_update(
        actor=actor,
        obj=task,
        values=checked(fields, TaskFields),
        action=audit_actions.TASK_UPDATED,
    )


def enquiry_submit(*, actor, **fields: Unpack[EnquiryFields]) -> Enquiry:
    """A prospective member's enquiry; anyone may send one, it lands in the secretariat's inbox."""
    enquiry = Enquiry(**checked(fields, EnquiryFields))
    with transaction.atomic():
        audited_create(
            actor=actor,
            obj=enquiry,
            action=audit_actions.ENQUIRY_RECEIVED,
            changes={"organisation_name": [None, enquiry.organisation_name]},
        )
        receipt = enquiry_receipt_message(enquiry, language=translation.get_language() or "da")
        transaction.on_commit(receipt.send)
    return enquiry


def enquiry_mark_handled(*, actor, enquiry: Enquiry) -> Enquiry:
    ensure_secretariat(actor)
    with transaction.atomic():
        enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        if enquiry.handled_at is not None:
            raise ValidationError(_("The enquiry is already handled."))
        enquiry.handled_at = timezone.now()
        enquiry.handled_by = actor
        enquiry.save(update_fields=["handled_at", "handled_by", "updated_at"])
        log_action(
            actor=actor,
            action=audit_actions.ENQUIRY_HANDLED,
            obj=enquiry,
            changes={"handled_at": [None, enquiry.handled_at.isoformat()]},
        )
    return enquiry


def _remind(key: str, message: EmailMessage) -> bool:
    """Record the reminder under ``key`` and send it after commit; False if it was sent before."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(key=key, recipient=message.to[0])
            transaction.on_commit(message.send)
    except IntegrityError:
        return False
    return True


def reminders_send(*, now: datetime | None = None) -> dict[str, int]:
    """Send the reminders that are due and were never sent: run it as often as you like."""
    now = now or timezone.now()
    sent = {"meetings": 0, "tasks": 0}
    registrations = (
        MeetingRegistration.objects.filter(
            status=MeetingRegistration.Status.REGISTERED,
            meeting__starts_at__gt=now,
            meeting__starts_at__lte=now + MEETING_REMINDER_BEFORE,
            participant__erased_at__isnull=True,
        )
        .exclude(participant__email="")
        .select_related("meeting", "participant")
        .order_by("meeting__starts_at", "pk")
    )
    for registration in registrations:
        key = f"meeting:{registration.meeting_id}:participant:{registration.participant_id}"
        sent["meetings"] += _remind(key, meeting_reminder_message(registration))
    today = timezone.localdate(now)
    tasks = (
        Task.objects.exclude(status=Task.Status.DONE)
        .filter(due_on__gte=today, due_on__lte=today + timedelta(days=TASK_REMINDER_DAYS))
        .exclude(owner__email="")
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    for task in tasks:
        key = f"task:{task.pk}:due:{task.due_on.isoformat()}"
        sent["tasks"] += _remind(key, task_reminder_message(task))
    for name, send in registered_reminders().items():  # those of the apps above (reminders.py)
        sent[name] = send(now=now, remind=_remind)
    return sent
