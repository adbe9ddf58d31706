"""Writes for the network: one function per use case, permission-checked and audit-logged.

Invoice numbers are allocated inside the issuing transaction from a counter row locked with
``select_for_update`` (pretix allocates its numbers the same way): a failed issue rolls the counter
back with everything else, so the series has no gaps, and two issues at the same moment wait for
each other instead of taking the same number.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verdensmaal.audit.models import AuditEntry
from verdensmaal.audit.services import diff, log_action
from verdensmaal.core.permissions import (
    can_edit_organisation,
    ensure_can_edit_organisation,
    ensure_secretariat,
)

from . import ical, ubl
from .models import (
    Enquiry,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    Material,
    Meeting,
    MeetingRegistration,
    Membership,
    Participant,
    Season,
    SeasonRegistration,
    SentReminder,
    Speaker,
    Task,
)
from .pricing import participant_prices, round_ore
from .selectors import invoice_document, meeting_for_ical, season_quote

CHECK_IN_OPENS_BEFORE = timedelta(minutes=30)
MEETING_REMINDER_BEFORE = timedelta(days=7)
TASK_REMINDER_DAYS = 2
ERASED_NAME = "#{pk}"  # what an erased participant's name becomes; shown as "Erased participant"


def _changes(obj, fields=None, exclude=("id",)) -> dict:
    return diff({}, model_to_dict(obj, fields=fields, exclude=list(exclude)))


# --- seasons, members, participants ------------------------------------------------------------


def season_create(*, actor, **fields) -> Season:
    ensure_secretariat(actor)
    with transaction.atomic():
        season = Season(**fields)
        season.full_clean()
        season.save()
        log_action(
            actor=actor, action="network.season.created", obj=season, changes=_changes(season)
        )
    return season


def season_update(*, actor, season: Season, **fields) -> Season:
    """Change a season; registrations keep the prices they were made at."""
    ensure_secretariat(actor)
    with transaction.atomic():
        season = Season.objects.select_for_update().get(pk=season.pk)
        before = model_to_dict(season)
        for field, value in fields.items():
            setattr(season, field, value)
        season.full_clean()
        season.save()
        changes = diff(before, {field: getattr(season, field) for field in fields})
        if changes:
            log_action(actor=actor, action="network.season.updated", obj=season, changes=changes)
    return season


def membership_create(*, actor, season: Season, organisation, **fields) -> Membership:
    ensure_secretariat(actor)
    with transaction.atomic():
        membership = Membership(season=season, organisation=organisation, **fields)
        membership.full_clean()
        membership.save()
        log_action(
            actor=actor,
            action="network.membership.created",
            obj=membership,
            organisation=organisation,
            changes=_changes(membership),
        )
    return membership


def participant_create(*, actor, organisation, **fields) -> Participant:
    """Add a participant to an organisation; an editor may add them only to their own."""
    ensure_can_edit_organisation(actor, organisation)
    with transaction.atomic():
        participant = Participant(organisation=organisation, **fields)
        participant.full_clean()
        participant.save()
        log_action(
            actor=actor,
            action="network.participant.created",
            obj=participant,
            organisation=organisation,
            changes=_changes(participant, fields=["name", "role", "organisation"]),
        )
    return participant


def season_registrations_create(
    *, actor, membership: Membership, participants, expected_total: Decimal | None = None
) -> list[SeasonRegistration]:
    """Register participants for the season at the prices of the quote, frozen on each one.

    ``expected_total`` is the gross total of the quote the member confirmed; when the price rule
    has changed since, nothing is registered and the member is asked to look at the new quote.
    """
    ensure_can_edit_organisation(actor, membership.organisation)
    participants = list(participants)
    if not participants:
        raise ValidationError(_("Choose at least one participant."))
    with transaction.atomic():
        # The lock serialises registrations for one member, so positions and prices are exact.
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("season", "organisation")
            .get(pk=membership.pk)
        )
        season = membership.season
        taken = set(membership.registrations.values_list("participant_id", flat=True))
        for participant in participants:
            if participant.organisation_id != membership.organisation_id:
                raise ValidationError(
                    _("%(name)s does not belong to %(organisation)s.")
                    % {"name": participant.name, "organisation": membership.organisation}
                )
            if participant.erased_at is not None:
                raise ValidationError(_("An erased participant cannot be registered."))
            if participant.pk in taken:
                raise ValidationError(
                    _("%(name)s is already registered for the season.") % {"name": participant.name}
                )
        existing = len(taken)
        quote = season_quote(membership, len(participants))
        if expected_total is not None and quote.gross_total != expected_total:
            raise ValidationError(
                _("The prices have changed since the quote was shown. Please look at it again.")
            )
        prices = participant_prices(
            existing + len(participants),
            base_price=season.base_price,
            further_discount=season.further_discount,
        )[existing:]
        registrations = []
        for offset, (participant, price) in enumerate(zip(participants, prices, strict=True)):
            registration = SeasonRegistration(
                membership=membership,
                participant=participant,
                position=existing + offset + 1,
                price=price,
                vat_rate=season.vat_rate,
                registered_by=actor,
            )
            registration.full_clean()
            registration.save()
            log_action(
                actor=actor,
                action="network.season_registration.created",
                obj=registration,
                organisation=membership.organisation,
                changes={
                    "participant": [None, participant.pk],
                    "position": [None, registration.position],
                    "price": [None, str(price)],
                    "vat_rate": [None, str(season.vat_rate)],
                },
            )
            registrations.append(registration)
    return registrations


# --- meetings -----------------------------------------------------------------------------------

SCHEDULE_FIELDS = ("starts_at", "ends_at", "format", "venue", "address", "city", "online_url")


def meeting_create(*, actor, season: Season, speakers=(), **fields) -> Meeting:
    """Create a meeting; ``speakers`` is a sequence of dicts with name, title and organisation."""
    ensure_secretariat(actor)
    with transaction.atomic():
        meeting = Meeting(season=season, **fields)
        meeting.full_clean()
        meeting.save()
        for order, speaker in enumerate(speakers):
            item = Speaker(meeting=meeting, order=order, **speaker)
            item.full_clean()
            item.save()
        log_action(
            actor=actor,
            action="network.meeting.created",
            obj=meeting,
            changes={
                **_changes(meeting, exclude=("id", "agenda", "minutes", "sequence")),
                "speakers": [None, "; ".join(str(s) for s in meeting.speakers.all())],
            },
        )
    return meeting


def meeting_update(*, actor, meeting: Meeting, speakers=None, **fields) -> Meeting:
    """Change a meeting; a change of time or place raises the calendar revision."""
    ensure_secretariat(actor)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        before = model_to_dict(meeting)
        for field, value in fields.items():
            setattr(meeting, field, value)
        if any(before[field] != getattr(meeting, field) for field in SCHEDULE_FIELDS):
            meeting.sequence += 1
        meeting.full_clean()
        meeting.save()
        changes = diff(before, {field: getattr(meeting, field) for field in fields})
        if speakers is not None:
            old = "; ".join(str(s) for s in meeting.speakers.all())
            meeting.speakers.all().delete()
            for order, speaker in enumerate(speakers):
                item = Speaker(meeting=meeting, order=order, **speaker)
                item.full_clean()
                item.save()
            new = "; ".join(str(s) for s in meeting.speakers.all())
            if old != new:
                changes["speakers"] = [old, new]
        if changes:
            log_action(actor=actor, action="network.meeting.updated", obj=meeting, changes=changes)
    return meeting


def material_add(*, actor, meeting: Meeting, title: str, file) -> Material:
    ensure_secretariat(actor)
    with transaction.atomic():
        material = Material(meeting=meeting, title=title, file=file, uploaded_by=actor)
        material.full_clean()
        material.save()
        log_action(
            actor=actor,
            action="network.material.added",
            obj=material,
            changes={"meeting": [None, meeting.pk], "title": [None, title]},
        )
    return material


def _ensure_can_act_for(actor, participant: Participant) -> None:
    """The participant themself, their organisation's editor, or the secretariat."""
    own = actor.is_authenticated and participant.user_id is not None
    if not (
        (own and participant.user_id == actor.pk)
        or can_edit_organisation(actor, participant.organisation)
    ):
        raise PermissionDenied


def meeting_register(*, actor, meeting: Meeting, participant: Participant) -> MeetingRegistration:
    """Register a season participant for a meeting; when the venue is full they wait."""
    _ensure_can_act_for(actor, participant)
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
            action="network.meeting_registration.created",
            obj=registration,
            organisation=participant.organisation,
            changes={"status": [old_status or None, registration.status]},
        )
    return registration


def meeting_registration_cancel(*, actor, registration: MeetingRegistration) -> MeetingRegistration:
    """Cancel a registration; the first on the waiting list takes the seat and is told so."""
    _ensure_can_act_for(actor, registration.participant)
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
            action="network.meeting_registration.cancelled",
            obj=registration,
            organisation=registration.participant.organisation,
            changes={"status": [old_status, registration.status]},
        )
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
                    action="network.meeting_registration.promoted",
                    obj=promoted,
                    organisation=promoted.participant.organisation,
                    changes={"status": ["waiting", "registered"]},
                )
                message = seat_message(promoted)
                if message is not None:
                    transaction.on_commit(message.send)
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
            action="network.attendance.recorded",
            obj=registration,
            organisation=registration.participant.organisation,
            changes={"attended": [before is not None, attended], "method": [None, method]},
        )
    return registration


# --- e-mail -------------------------------------------------------------------------------------


def _organizer() -> ical.Attendee:
    return ical.Attendee(name=_network_name(), email=settings.DEFAULT_FROM_EMAIL)


def _network_name() -> str:
    return getattr(settings, "VERDENSMAAL_NETWORK_NAME", "Verdensmålsnetværk for kommuner")


def _site_url() -> str:
    return getattr(settings, "VERDENSMAAL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def invitation_message(meeting: Meeting, participant: Participant, *, dtstamp: datetime):
    """The invitation to one meeting, in the participant's language, with an .ics attachment."""
    if not participant.email:
        return None
    with translation.override(participant.language):
        context = {
            "meeting": meeting,
            "participant": participant,
            "network_name": _network_name(),
            "meeting_url": _site_url() + meeting.get_absolute_url(),
        }
        subject = render_to_string("network/email/invitation_subject.txt", context).strip()
        body = render_to_string("network/email/invitation_body.txt", context)
        calendar = ical.meeting_invitation(
            meeting_for_ical(meeting, base_url=_site_url()),
            dtstamp=dtstamp,
            organizer=_organizer(),
            attendees=[ical.Attendee(name=participant.name, email=participant.email)],
        )
    message = EmailMessage(subject=subject, body=body, to=[participant.email])
    message.attach("invitation.ics", calendar, "text/calendar; method=REQUEST")
    return message


def seat_message(registration: MeetingRegistration):
    participant = registration.participant
    if not participant.email:
        return None
    with translation.override(participant.language):
        context = {
            "meeting": registration.meeting,
            "participant": participant,
            "meeting_url": _site_url() + registration.meeting.get_absolute_url(),
        }
        subject = render_to_string("network/email/seat_subject.txt", context).strip()
        body = render_to_string("network/email/seat_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=[participant.email])


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
            action="network.meeting.invitations_sent",
            obj=meeting,
            changes={"recipients": [None, len(messages)], "sequence": [None, meeting.sequence]},
        )
        for message in messages:
            transaction.on_commit(message.send)
    return len(messages)


# --- invoices -----------------------------------------------------------------------------------


DEFAULT_SELLER = {
    # Placeholder seller for demo and development; set VERDENSMAAL_INVOICE_SELLER in production.
    "name": "Verdensmålsnetværkets sekretariat (demo)",
    "street": "Eksempelvej 1",
    "postcode": "1050",
    "city": "København K",
    "cvr": "12345678",
    "ean": "5798009999993",
    "contact_name": "Netværkssekretariatet",
    "contact_email": "faktura@verdensmaal.local",
    "bank_registration": "1234",
    "bank_account": "0001234567",
}


def invoice_seller() -> dict:
    return dict(getattr(settings, "VERDENSMAAL_INVOICE_SELLER", DEFAULT_SELLER))


def _allocate_number(year: int) -> str:
    """The next number of ``year``'s series; the counter row stays locked until commit."""
    counter, _created = InvoiceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{year}-{counter.last_number:04d}"


def _check_document(invoice: Invoice) -> None:
    try:
        invoice_document(invoice)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            _("The invoice cannot be made as an electronic invoice: %(error)s") % {"error": error}
        ) from error


@dataclass(frozen=True)
class _Line:
    description: str
    participant_name: str
    registration: SeasonRegistration | None
    net: Decimal
    vat_rate: Decimal


def _save_document(*, invoice: Invoice, lines: list[_Line]) -> Invoice:
    net_total = vat_total = Decimal("0.00")
    invoice.net_total = invoice.vat_total = invoice.gross_total = Decimal("0.00")
    rows = []
    for position, line in enumerate(lines, start=1):
        vat = round_ore(line.net * line.vat_rate)
        rows.append(
            InvoiceLine(
                position=position,
                description=line.description,
                participant_name=line.participant_name,
                registration=line.registration,
                net=line.net,
                vat_rate=line.vat_rate,
                vat=vat,
                gross=line.net + vat,
            )
        )
    # The totals are those of the e-invoice (EN 16931: VAT per rate on the summed net amounts).
    totals = ubl.document_totals(
        ubl.InvoiceLine(
            line_id=str(row.position),
            name=row.description,
            quantity=Decimal(1),
            unit_price=row.net,
            vat_percent=row.vat_rate * 100,
        )
        for row in rows
    )
    net_total, vat_total = totals.tax_exclusive_amount, totals.tax_amount
    invoice.net_total, invoice.vat_total = net_total, vat_total
    invoice.gross_total = totals.payable_amount
    invoice.full_clean(exclude=["number"])
    invoice.number = _allocate_number(invoice.issue_date.year)
    invoice.full_clean()
    invoice.save()
    for row in rows:
        row.invoice = invoice
        row.full_clean()
        row.save()
    invoice._prefetched_objects_cache = {}
    _check_document(invoice)
    return invoice


def invoice_issue(*, actor, membership: Membership, language: str = "da") -> Invoice:
    """Invoice the member's registrations for the season that are not invoiced yet.

    The invoice's texts are written in ``language`` (Danish unless the buyer reads English).
    """
    ensure_secretariat(actor)
    if language not in ("da", "en"):
        raise ValidationError(_("An invoice is written in Danish or English."))
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("season", "organisation")
            .get(pk=membership.pk)
        )
        registrations = list(
            membership.registrations.filter(invoice__isnull=True)
            .select_related("participant")
            .order_by("position")
        )
        if not registrations:
            raise ValidationError(_("There is nothing to invoice: every registration is invoiced."))
        organisation, season = membership.organisation, membership.season
        missing = [
            str(label)
            for field, label in (
                ("cvr", _("CVR number")),
                ("ean", _("EAN number")),
                ("street", _("street address")),
                ("postcode", _("postcode")),
                ("city", _("city")),
            )
            if not getattr(organisation, field)
        ]
        if missing:
            raise ValidationError(
                _("%(organisation)s lacks details the invoice needs: %(missing)s.")
                % {"organisation": organisation, "missing": ", ".join(missing)}
            )
        now = timezone.now()
        today = timezone.localdate(now)
        invoice = Invoice(
            kind=Invoice.Kind.INVOICE,
            membership=membership,
            issued_at=now,
            issue_date=today,
            due_date=today + timedelta(days=season.payment_days),
            issued_by=actor,
            language=language,
            season_name=season.name,
            period_start=season.starts_on,
            period_end=season.ends_on,
            buyer_name=organisation.name,
            buyer_street=organisation.street,
            buyer_postcode=organisation.postcode,
            buyer_city=organisation.city,
            buyer_cvr=organisation.cvr,
            buyer_ean=organisation.ean,
            buyer_reference=membership.invoice_reference,
            seller=invoice_seller(),
        )
        with translation.override(invoice.language):
            lines = [
                _Line(
                    description=_registration_line_text(registration, season),
                    participant_name=registration.participant.name,
                    registration=registration,
                    net=registration.price,
                    vat_rate=registration.vat_rate,
                )
                for registration in registrations
            ]
        invoice = _save_document(invoice=invoice, lines=lines)
        SeasonRegistration.objects.filter(pk__in=[r.pk for r in registrations]).update(
            invoice=invoice
        )
        log_action(
            actor=actor,
            action="network.invoice.issued",
            obj=invoice,
            organisation=organisation,
            changes={
                "number": [None, invoice.number],
                "lines": [None, len(lines)],
                "net_total": [None, str(invoice.net_total)],
                "vat_total": [None, str(invoice.vat_total)],
                "gross_total": [None, str(invoice.gross_total)],
            },
        )
    return invoice


def _registration_line_text(registration: SeasonRegistration, season: Season) -> str:
    if registration.position == 1:
        return _("Participation in the network %(season)s, first participant") % {
            "season": season.name
        }
    return _("Participation in the network %(season)s, further participant") % {
        "season": season.name
    }


def credit_note_issue(*, actor, invoice: Invoice, reason: str) -> Invoice:
    """Credit an invoice in full; its registrations may then be invoiced again."""
    ensure_secretariat(actor)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the credit note."))
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.is_credit_note:
            raise ValidationError(_("A credit note cannot be credited."))
        if Invoice.objects.filter(corrects=invoice).exists():
            raise ValidationError(_("The invoice is already credited."))
        now = timezone.now()
        today = timezone.localdate(now)
        fields = model_to_dict(
            invoice,
            exclude=[
                "id",
                "number",
                "kind",
                "corrects",
                "issued_at",
                "issue_date",
                "due_date",
                "issued_by",
                "note",
                "paid_at",
                "paid_recorded_by",
                "membership",
            ],
        )
        credit_note = Invoice(
            **fields,
            kind=Invoice.Kind.CREDIT_NOTE,
            membership=invoice.membership,
            corrects=invoice,
            issued_at=now,
            issue_date=today,
            due_date=today,
            issued_by=actor,
            note=reason.strip(),
        )
        lines = [
            _Line(
                description=line.description,
                participant_name=line.participant_name,
                registration=line.registration,
                net=line.net,
                vat_rate=line.vat_rate,
            )
            for line in invoice.lines.select_related("registration").order_by("position")
        ]
        credit_note = _save_document(invoice=credit_note, lines=lines)
        released = SeasonRegistration.objects.filter(invoice=invoice).update(invoice=None)
        log_action(
            actor=actor,
            action="network.invoice.credited",
            obj=credit_note,
            organisation=invoice.membership.organisation,
            changes={
                "number": [None, credit_note.number],
                "corrects": [None, invoice.number],
                "gross_total": [None, str(credit_note.gross_total)],
                "released_registrations": [None, released],
            },
        )
    return credit_note


def invoice_mark_paid(*, actor, invoice: Invoice) -> Invoice:
    ensure_secretariat(actor)
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.status != "issued":
            raise ValidationError(_("Only an issued, unpaid invoice can be marked as paid."))
        invoice.paid_at = timezone.now()
        invoice.paid_recorded_by = actor
        invoice.save(update_fields=["paid_at", "paid_recorded_by"])
        log_action(
            actor=actor,
            action="network.invoice.paid",
            obj=invoice,
            organisation=invoice.membership.organisation,
            changes={"paid_at": [None, invoice.paid_at.isoformat()]},
        )
    return invoice


# --- follow-up: tasks, reminders, enquiries -------------------------------------------------------


def task_create(*, actor, **fields) -> Task:
    ensure_secretariat(actor)
    with transaction.atomic():
        task = Task(**fields)
        task.full_clean()
        task.save()
        log_action(actor=actor, action="network.task.created", obj=task, changes=_changes(task))
    return task


def task_update(*, actor, task: Task, **fields) -> Task:
    ensure_secretariat(actor)
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        before = model_to_dict(task)
        for field, value in fields.items():
            setattr(task, field, value)
        task.full_clean()
        task.save()
        changes = diff(before, {field: getattr(task, field) for field in fields})
        if changes:
            log_action(actor=actor, action="network.task.updated", obj=task, changes=changes)
    return task


def enquiry_submit(*, actor, **fields) -> Enquiry:
    """A prospective member's enquiry; anyone may send one, it lands in the secretariat's inbox."""
    with transaction.atomic():
        enquiry = Enquiry(**fields)
        enquiry.full_clean()
        enquiry.save()
        log_action(
            actor=actor,
            action="network.enquiry.received",
            obj=enquiry,
            changes={"organisation_name": [None, enquiry.organisation_name]},
        )
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
            action="network.enquiry.handled",
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
        participant = registration.participant
        with translation.override(participant.language):
            context = {
                "meeting": registration.meeting,
                "participant": participant,
                "meeting_url": _site_url() + registration.meeting.get_absolute_url(),
            }
            message = EmailMessage(
                subject=render_to_string(
                    "network/email/meeting_reminder_subject.txt", context
                ).strip(),
                body=render_to_string("network/email/meeting_reminder_body.txt", context),
                to=[participant.email],
            )
        key = f"meeting:{registration.meeting_id}:participant:{participant.pk}"
        sent["meetings"] += _remind(key, message)
    today = timezone.localdate(now)
    tasks = (
        Task.objects.exclude(status=Task.Status.DONE)
        .filter(due_on__gte=today, due_on__lte=today + timedelta(days=TASK_REMINDER_DAYS))
        .exclude(owner__email="")
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    for task in tasks:
        with translation.override(task.owner.language):
            context = {"task": task, "task_url": _site_url() + "/network/tasks/"}
            message = EmailMessage(
                subject=render_to_string(
                    "network/email/task_reminder_subject.txt", context
                ).strip(),
                body=render_to_string("network/email/task_reminder_body.txt", context),
                to=[task.owner.email],
            )
        sent["tasks"] += _remind(f"task:{task.pk}:due:{task.due_on.isoformat()}", message)
    return sent


# --- personal data --------------------------------------------------------------------------------


def participant_export(*, actor, participant: Participant) -> dict:
    """All the network holds about a participant, as JSON-ready data; the export is logged."""
    ensure_can_edit_organisation(actor, participant.organisation)
    data = {
        "participant": {
            "id": participant.pk,
            "name": participant.name,
            "title": participant.title,
            "organisation": participant.organisation.name,
            "role": participant.role,
            "email": participant.email,
            "language": participant.language,
            "directory_consent": participant.directory_consent,
            "user": participant.user.username if participant.user else None,
            "created_at": participant.created_at.isoformat(),
            "erased_at": participant.erased_at.isoformat() if participant.erased_at else None,
        },
        "season_registrations": [
            {
                "season": registration.membership.season.name,
                "position": registration.position,
                "price_excl_vat": str(registration.price),
                "vat_rate": str(registration.vat_rate),
                "registered_at": registration.created_at.isoformat(),
            }
            for registration in participant.season_registrations.select_related(
                "membership__season"
            ).order_by("pk")
        ],
        "meeting_registrations": [
            {
                "meeting": str(registration.meeting),
                "starts_at": registration.meeting.starts_at.isoformat(),
                "status": registration.status,
                "attended_at": registration.attended_at.isoformat()
                if registration.attended_at
                else None,
                "attendance_method": registration.attendance_method,
            }
            for registration in participant.meeting_registrations.select_related(
                "meeting"
            ).order_by("pk")
        ],
        "invoice_lines": [
            {"invoice": line.invoice.number, "description": line.description, "net": str(line.net)}
            for line in InvoiceLine.objects.filter(registration__participant=participant)
            .select_related("invoice")
            .order_by("pk")
        ],
    }
    with transaction.atomic():
        log_action(
            actor=actor,
            action="network.participant.exported",
            obj=participant,
            organisation=participant.organisation,
        )
    return data


def participant_erase(*, actor, participant: Participant) -> Participant:
    """Redact a participant everywhere; invoices keep their numbers, lines and totals."""
    ensure_secretariat(actor)
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.erased_at is not None:
            raise ValidationError(_("The participant is already erased."))
        placeholder = ERASED_NAME.format(pk=participant.pk)
        old_email = participant.email
        participant.name = placeholder
        participant.title = ""
        participant.email = ""
        participant.directory_consent = False
        participant.user = None
        participant.calendar_token = uuid.uuid4()
        participant.erased_at = timezone.now()
        participant.full_clean()
        participant.save()
        InvoiceLine.objects.filter(registration__participant=participant).update(
            participant_name=placeholder
        )
        if old_email:
            SentReminder.objects.filter(recipient=old_email).update(recipient="")
        _redact_audit(participant, placeholder)
        log_action(
            actor=actor,
            action="network.participant.erased",
            obj=participant,
            organisation=participant.organisation,
        )
    return participant


def _redact_audit(participant: Participant, placeholder: str) -> None:
    from django.contrib.contenttypes.models import ContentType

    targets = [
        (Participant, [participant.pk]),
        (SeasonRegistration, participant.season_registrations.values_list("pk", flat=True)),
        (MeetingRegistration, participant.meeting_registrations.values_list("pk", flat=True)),
    ]
    for model, pks in targets:
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in pks],
        ).update(object_repr=placeholder, changes={})
