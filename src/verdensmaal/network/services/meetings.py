"""Meetings: the programme, materials, registrations with a waiting list, attendance and
invitations."""

from datetime import datetime, timedelta
from typing import TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verdensmaal.audit.services import audited_create, audited_update, log_action, new_values
from verdensmaal.core.permissions import ensure_secretariat

from .. import audit_actions
from ..emails import (
    cancellation_message,
    invitation_message,
    registration_message,
    seat_message,
)
from ..models import Material, Meeting, MeetingRegistration, Participant, SeasonRegistration
from ..models import Site as SiteModel
from ..models import Speaker as SpeakerModel
from ._base import checked, ensure_can_act_for

CHECK_IN_OPENS_BEFORE = timedelta(minutes=30)
# A change of any of these raises the meeting's calendar revision (iCalendar SEQUENCE).
SCHEDULE_FIELDS = ("starts_at", "ends_at", "format", "venue", "address", "city", "online_url")


class MeetingFields(TypedDict, total=False):
    starts_at: datetime
    ends_at: datetime
    title_da: str
    title_en: str
    format: str
    venue: str
    address: str
    city: str
    online_url: str
    capacity: int | None
    agenda: str
    minutes: str
    kind: str
    host: object
    programme: str


class Speaker(TypedDict, total=False):
    name: str
    title: str
    organisation: str


class Site(TypedDict, total=False):
    name: str
    address: str
    description: str


def _speakers_set(meeting: Meeting, speakers) -> None:
    """Replace the meeting's speakers."""
    meeting.speakers.all().delete()
    for order, speaker in enumerate(speakers):
        item = SpeakerModel(meeting=meeting, order=order, **checked(speaker, Speaker))
        item.full_clean()
        item.save()


def _sites_set(meeting: Meeting, sites) -> None:
    """Make the field visit's sites these, in this order: a site keeps its identity (and what was
    observed there) as long as its name stays; a site left out is removed."""
    existing = {site.name: site for site in meeting.sites.all()}
    names = [checked(site, Site)["name"].strip() for site in sites]
    if len(set(names)) != len(names):
        raise ValidationError({"sites": _("Name each site once.")})
    meeting.sites.exclude(name__in=names).delete()
    for order, site in enumerate(sites):
        item = existing.get(site["name"].strip()) or SiteModel(meeting=meeting)
        item.name = site["name"].strip()
        item.address = site.get("address", "")
        item.description = site.get("description", "")
        item.order = order
        item.full_clean()
        item.save()


def meeting_create(
    *,
    actor,
    season,
    speakers: list[Speaker] = (),
    sites: list[Site] = (),
    **fields: Unpack[MeetingFields],
) -> Meeting:
    """Create a meeting with its speakers (name, title and organisation of each) and, for a
    field visit, its sites (name, address and what to see of each)."""
    ensure_secretariat(actor)

    def after_save(meeting: Meeting) -> None:
        _speakers_set(meeting, speakers)
        _sites_set(meeting, sites)

    return audited_create(
        actor=actor,
        obj=Meeting(season=season, **checked(fields, MeetingFields)),
        action=audit_actions.MEETING_CREATED,
        after_save=after_save,
        changes=lambda meeting: {
            **new_values(meeting, exclude=("id", "agenda", "minutes", "sequence", "programme")),
            "speakers": [None, _speaker_text(meeting)],
            **({"sites": [None, _site_text(meeting)]} if sites else {}),
        },
    )


def _speaker_text(meeting: Meeting) -> str:
    return "; ".join(str(s) for s in meeting.speakers.all())


def _site_text(meeting: Meeting) -> str:
    return "; ".join(str(s) for s in meeting.sites.all())


def meeting_update(
    *,
    actor,
    meeting: Meeting,
    speakers: list[Speaker] | None = None,
    sites: list[Site] | None = None,
    **fields: Unpack[MeetingFields],
) -> Meeting:
    """Change a meeting (``speakers=None`` and ``sites=None`` keep them); a change of time or
    place raises the calendar revision."""
    ensure_secretariat(actor)
    fields = checked(fields, MeetingFields)

    def check(current: Meeting) -> None:
        if any(
            field in fields and fields[field] != getattr(current, field)
            for field in SCHEDULE_FIELDS
        ):
            current.sequence += 1

    def state(current: Meeting) -> dict:
        values = {field: getattr(current, field) for field in fields}
        if speakers is not None:
            values["speakers"] = _speaker_text(current)
        if sites is not None:
            values["sites"] = _site_text(current)
        return values

    def save(current: Meeting) -> None:
        current.save()
        if speakers is not None:
            _speakers_set(current, speakers)
        if sites is not None:
            _sites_set(current, sites)

    return audited_update(
        actor=actor,
        obj=meeting,
        values=fields,
        action=audit_actions.MEETING_UPDATED,
        check=check,
        state=state,
        save=save,
    )


def material_add(*, actor, meeting: Meeting, title: str, file) -> Material:
    ensure_secretariat(actor)
    return audited_create(
        actor=actor,
        obj=Material(meeting=meeting, title=title, file=file, uploaded_by=actor),
        action=audit_actions.MATERIAL_ADDED,
        changes={"meeting": [None, meeting.pk], "title": [None, title]},
    )


def meeting_register(*, actor, meeting: Meeting, participant: Participant) -> MeetingRegistration:
    """Register a season participant for a meeting; when the venue is full they wait."""
    ensure_can_act_for(actor, participant)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.ends_at <= timezone.now():
            raise ValidationError(_("The meeting is over."))
        if not SeasonRegistration.objects.filter(
            participant=participant, membership__season_id=meeting.season_id
        ).exists():
            raise ValidationError(
                _("%(name)s is not registered for the season.") % {"name": participant.name}
            )
        registration = MeetingRegistration.objects.filter(
            meeting=meeting, participant=participant
        ).first() or MeetingRegistration(meeting=meeting, participant=participant)
        old_status = registration.status
        if old_status in (
            MeetingRegistration.Status.REGISTERED,
            MeetingRegistration.Status.WAITING,
        ):
            raise ValidationError(
                _("%(name)s is already registered for the meeting.") % {"name": participant.name}
            )
        seats_taken = meeting.registrations.filter(
            status=MeetingRegistration.Status.REGISTERED
        ).count()
        full = meeting.capacity is not None and seats_taken >= meeting.capacity
        registration.status = (
            MeetingRegistration.Status.WAITING if full else MeetingRegistration.Status.REGISTERED
        )
        registration.full_clean()
        registration.save()
        log_action(
            actor=actor,
            action=audit_actions.MEETING_REGISTRATION_CREATED,
            obj=registration,
            organisation=participant.organisation,
            changes={"status": [old_status or None, registration.status]},
        )
        _send_on_commit(registration_message(registration, dtstamp=timezone.now()))
    return registration


def _send_on_commit(message) -> None:
    """Send ``message`` (if there is one: a participant without an e-mail gets none) once the
    change it tells of is saved."""
    if message is not None:
        transaction.on_commit(message.send)


def meeting_registration_cancel(*, actor, registration: MeetingRegistration) -> MeetingRegistration:
    """Cancel a registration; the first on the waiting list takes the seat and is told so."""
    ensure_can_act_for(actor, registration.participant)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=registration.meeting_id)
        registration = MeetingRegistration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == MeetingRegistration.Status.CANCELLED:
            raise ValidationError(_("The registration is already cancelled."))
        old_status = registration.status
        registration.status = MeetingRegistration.Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        log_action(
            actor=actor,
            action=audit_actions.MEETING_REGISTRATION_CANCELLED,
            obj=registration,
            organisation=registration.participant.organisation,
            changes={"status": [old_status, registration.status]},
        )
        _send_on_commit(cancellation_message(registration, dtstamp=timezone.now()))
        if old_status == MeetingRegistration.Status.REGISTERED:
            promoted = (
                meeting.registrations.filter(status=MeetingRegistration.Status.WAITING)
                .select_related("participant")
                .order_by("created_at", "pk")
                .first()
            )
            if promoted is not None:
                promoted.status = MeetingRegistration.Status.REGISTERED
                promoted.save(update_fields=["status", "updated_at"])
                log_action(
                    actor=actor,
                    action=audit_actions.MEETING_REGISTRATION_PROMOTED,
                    obj=promoted,
                    organisation=promoted.participant.organisation,
                    changes={"status": ["waiting", "registered"]},
                )
                _send_on_commit(seat_message(promoted))
    return registration


def attendance_record(*, actor, registration: MeetingRegistration, attended: bool = True):
    ensure_secretariat(actor)
    return _attendance_set(
        actor=actor,
        registration=registration,
        attended=attended,
        method=MeetingRegistration.Method.SECRETARIAT,
    )


def meeting_check_in(*, actor, meeting: Meeting) -> MeetingRegistration:
    """A participant checks themself in to an online meeting while it is on."""
    participant = getattr(actor, "participant", None) if actor.is_authenticated else None
    if participant is None:
        raise PermissionDenied
    if not meeting.is_online:
        raise ValidationError(_("Self check-in is only for online meetings."))
    now = timezone.now()
    if not meeting.starts_at - CHECK_IN_OPENS_BEFORE <= now <= meeting.ends_at:
        raise ValidationError(
            _("Check-in opens 30 minutes before the meeting and closes at its end.")
        )
    registration = MeetingRegistration.objects.filter(
        meeting=meeting, participant=participant, status=MeetingRegistration.Status.REGISTERED
    ).first()
    if registration is None:
        raise ValidationError(_("You are not registered for this meeting."))
    return _attendance_set(
        actor=actor,
        registration=registration,
        attended=True,
        method=MeetingRegistration.Method.SELF,
    )


def _attendance_set(*, actor, registration, attended: bool, method: str) -> MeetingRegistration:
    with transaction.atomic():
        registration = MeetingRegistration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != MeetingRegistration.Status.REGISTERED:
            raise ValidationError(_("Only a registered participant can attend."))
        before = registration.attended_at
        if attended and registration.attended_at is None:
            registration.attended_at = timezone.now()
            registration.attendance_method = method
            registration.attendance_recorded_by = actor
        elif not attended:
            registration.attended_at = None
            registration.attendance_method = ""
            registration.attendance_recorded_by = actor
        else:
            return registration
        registration.save()
        log_action(
            actor=actor,
            action=audit_actions.ATTENDANCE_RECORDED,
            obj=registration,
            organisation=registration.participant.organisation,
            changes={"attended": [before is not None, attended], "method": [None, method]},
        )
    return registration


def meeting_invitations_send(*, actor, meeting: Meeting) -> int:
    """Invite every participant registered for the meeting's season; returns how many."""
    ensure_secretariat(actor)
    participants = (
        Participant.objects.filter(
            season_registrations__membership__season_id=meeting.season_id, erased_at__isnull=True
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    stamp = timezone.now()
    messages = [
        invitation_message(meeting, participant, dtstamp=stamp) for participant in participants
    ]
    with transaction.atomic():
        log_action(
            actor=actor,
            action=audit_actions.MEETING_INVITATIONS_SENT,
            obj=meeting,
            changes={"recipients": [None, len(messages)], "sequence": [None, meeting.sequence]},
        )
        for message in messages:
            transaction.on_commit(message.send)
    return len(messages)
