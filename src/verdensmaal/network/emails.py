"""The network's e-mails: one builder renders a message's subject and body in the recipient's
language; the functions below choose the template, the context and the attachments."""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from . import ical
from .models import Meeting, MeetingRegistration, Participant, Task
from .selectors import meeting_for_ical

DEFAULT_NETWORK_NAME = "Verdensmålsnetværk for kommuner"


def network_name() -> str:
    return getattr(settings, "VERDENSMAAL_NETWORK_NAME", DEFAULT_NETWORK_NAME)


def site_url() -> str:
    return getattr(settings, "VERDENSMAAL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def message(
    template: str, context: dict, *, to: str, language: str, attachments=()
) -> EmailMessage:
    """``network/email/<template>_subject.txt`` and ``_body.txt`` rendered in ``language``;
    ``attachments`` are (file name, content, MIME type)."""
    with translation.override(language):
        subject = render_to_string(f"network/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"network/email/{template}_body.txt", context)
    email = EmailMessage(subject=subject, body=body, to=[to])
    for name, content, mimetype in attachments:
        email.attach(name, content, mimetype)
    return email


def _meeting_context(meeting: Meeting, participant: Participant) -> dict:
    return {
        "meeting": meeting,
        "participant": participant,
        "network_name": network_name(),
        "meeting_url": site_url() + meeting.get_absolute_url(),
    }


def invitation_message(meeting: Meeting, participant: Participant, *, dtstamp: datetime):
    """The invitation to one meeting, in the participant's language, with an .ics attachment."""
    if not participant.email:
        return None
    with translation.override(participant.language):
        calendar = ical.meeting_invitation(
            meeting_for_ical(meeting, base_url=site_url()),
            dtstamp=dtstamp,
            organizer=ical.Attendee(name=network_name(), email=settings.DEFAULT_FROM_EMAIL),
            attendees=[ical.Attendee(name=participant.name, email=participant.email)],
        )
    return message(
        "invitation",
        _meeting_context(meeting, participant),
        to=participant.email,
        language=participant.language,
        attachments=[("invitation.ics", calendar, "text/calendar; method=REQUEST")],
    )


def seat_message(registration: MeetingRegistration):
    """A participant on the waiting list got a seat."""
    participant = registration.participant
    if not participant.email:
        return None
    return message(
        "seat",
        _meeting_context(registration.meeting, participant),
        to=participant.email,
        language=participant.language,
    )


def meeting_reminder_message(registration: MeetingRegistration) -> EmailMessage:
    participant = registration.participant
    return message(
        "meeting_reminder",
        _meeting_context(registration.meeting, participant),
        to=participant.email,
        language=participant.language,
    )


def task_reminder_message(task: Task) -> EmailMessage:
    return message(
        "task_reminder",
        {"task": task, "task_url": site_url() + "/network/tasks/"},
        to=task.owner.email,
        language=task.owner.language,
    )
