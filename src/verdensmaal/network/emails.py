"""The network's e-mails: one builder renders a message's subject and body in the recipient's
language; the functions below choose the template, the context and the attachments."""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from . import ical
from .models import Enquiry, Meeting, MeetingRegistration, Participant, SeasonRegistration, Task
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


def _organizer() -> ical.Attendee:
    return ical.Attendee(name=network_name(), email=settings.DEFAULT_FROM_EMAIL)


def _calendar_file(meeting: Meeting, participant: Participant, *, dtstamp, cancel=False):
    """The meeting as an .ics attachment for the participant: a request, or a cancellation."""
    with translation.override(participant.language):
        event = meeting_for_ical(meeting, base_url=site_url())
        attendee = ical.Attendee(name=participant.name, email=participant.email)
        if cancel:
            text = ical.meeting_cancellation(
                event, dtstamp=dtstamp, organizer=_organizer(), attendee=attendee
            )
            return ("cancellation.ics", text, "text/calendar; method=CANCEL")
        text = ical.meeting_invitation(
            event, dtstamp=dtstamp, organizer=_organizer(), attendees=[attendee]
        )
        return ("invitation.ics", text, "text/calendar; method=REQUEST")


def invitation_message(meeting: Meeting, participant: Participant, *, dtstamp: datetime):
    """The invitation to one meeting, in the participant's language, with an .ics attachment."""
    if not participant.email:
        return None
    return message(
        "invitation",
        _meeting_context(meeting, participant),
        to=participant.email,
        language=participant.language,
        attachments=[_calendar_file(meeting, participant, dtstamp=dtstamp)],
    )


def registration_message(registration: MeetingRegistration, *, dtstamp: datetime):
    """The confirmation of a registration for a meeting (a seat, or a place on the waiting list),
    with the meeting for the calendar when there is a seat."""
    participant = registration.participant
    if not participant.email:
        return None
    seated = registration.status == MeetingRegistration.Status.REGISTERED
    attachments = (
        [_calendar_file(registration.meeting, participant, dtstamp=dtstamp)] if seated else []
    )
    return message(
        "registered" if seated else "waiting",
        _meeting_context(registration.meeting, participant),
        to=participant.email,
        language=participant.language,
        attachments=attachments,
    )


def cancellation_message(registration: MeetingRegistration, *, dtstamp: datetime):
    """The confirmation of a cancelled registration, taking the meeting out of the calendar."""
    participant = registration.participant
    if not participant.email:
        return None
    return message(
        "cancelled",
        _meeting_context(registration.meeting, participant),
        to=participant.email,
        language=participant.language,
        attachments=[
            _calendar_file(registration.meeting, participant, dtstamp=dtstamp, cancel=True)
        ],
    )


def season_registration_message(registration: SeasonRegistration):
    """The confirmation of a registration for a season, with the programme to subscribe to."""
    participant = registration.participant
    if not participant.email:
        return None
    season = registration.membership.season
    return message(
        "season_registered",
        {
            "participant": participant,
            "season": season,
            "network_name": network_name(),
            "programme_url": site_url() + season.get_absolute_url(),
            "calendar_url": f"{site_url()}/network/calendar/{participant.calendar_token}.ics",
        },
        to=participant.email,
        language=participant.language,
    )


def enquiry_receipt_message(enquiry: Enquiry, *, language: str):
    """The receipt of an enquiry, in the language the form was sent in, with a copy of it."""
    return message(
        "enquiry_received",
        {"enquiry": enquiry, "network_name": network_name()},
        to=enquiry.email,
        language=language,
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
