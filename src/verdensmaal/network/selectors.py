"""Reads for the network: programme, quotes, directory, calendar feeds and invoice documents.

The calendar files (``ical``, with the icalendar library) and the invoice documents (``ubl``, with
lxml) are imported by the functions that build them: the apps above read the current season here
after every applied import of data, and a calendar or an invoice is asked for far more rarely.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verdensmaal.core.permissions import is_secretariat

from .models import (
    Invoice,
    Meeting,
    MeetingRegistration,
    Membership,
    Participant,
    Season,
    SeasonRegistration,
)
from .pricing import Quote, participant_prices, vat_breakdown

if TYPE_CHECKING:
    from . import ical, ubl

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def current_season() -> Season | None:
    """The season running today, else the next one, else the latest."""
    today = timezone.localdate()
    return (
        Season.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
        or Season.objects.filter(starts_on__gt=today).order_by("starts_on").first()
        or Season.objects.order_by("-starts_on").first()
    )


def season_meetings(season: Season) -> QuerySet[Meeting]:
    return (
        season.meetings.prefetch_related("speakers")
        .annotate(
            seats_taken=Count(
                "registrations",
                filter=Q(registrations__status=MeetingRegistration.Status.REGISTERED),
            )
        )
        .order_by("starts_at", "pk")
    )


def season_quote(membership: Membership, new_participants: int) -> Quote:
    """What ``new_participants`` more participants would cost the member now, per participant.

    The member's participants already registered count: the second one gets the discount even
    when registered later. The lines are those of the new participants only.
    """
    season = Season.objects.get(pk=membership.season_id)  # the rule in force now
    existing = membership.registrations.count()
    prices = participant_prices(
        existing + new_participants,
        base_price=season.base_price,
        further_discount=season.further_discount,
    )[existing:]
    return vat_breakdown(prices, vat_rate=season.vat_rate)


def membership_registrations(membership: Membership) -> QuerySet[SeasonRegistration]:
    return membership.registrations.select_related("participant", "invoice").order_by("position")


def uninvoiced_registrations(membership: Membership) -> list[SeasonRegistration]:
    return list(
        membership.registrations.filter(invoice__isnull=True)
        .select_related("participant")
        .order_by("position")
    )


def invoice_quote(registrations: list[SeasonRegistration]) -> Quote | None:
    """The lines and totals an invoice of these registrations will carry (their frozen prices)."""
    if not registrations:
        return None
    return vat_breakdown([r.price for r in registrations], vat_rate=registrations[0].vat_rate)


def registrable_participants(membership: Membership) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(organisation=membership.organisation, erased_at__isnull=True)
        .exclude(season_registrations__membership=membership)
        .order_by("name")
    )


def memberships_for(user) -> QuerySet[Membership]:
    """The memberships ``user`` may manage: all for the secretariat, their own for an editor."""
    queryset = Membership.objects.select_related("season", "organisation")
    if is_secretariat(user):
        return queryset
    if user.is_authenticated and user.is_editor and user.organisation_id:
        return queryset.filter(organisation_id=user.organisation_id)
    return queryset.none()


def member_directory(season: Season) -> QuerySet[Participant]:
    """Participants of the season who agreed to appear in the directory."""
    return (
        Participant.objects.filter(
            season_registrations__membership__season=season,
            directory_consent=True,
            erased_at__isnull=True,
        )
        .select_related("organisation")
        .distinct()
        .order_by("organisation__name", "name")
    )


def can_see_member_pages(user) -> bool:
    return bool(user.is_authenticated and (is_secretariat(user) or user.organisation_id))


def participant_for(user) -> Participant | None:
    if not user.is_authenticated:
        return None
    return Participant.objects.filter(user=user, erased_at__isnull=True).first()


def meeting_registrations_visible_to(user, meeting: Meeting) -> QuerySet[MeetingRegistration]:
    queryset = meeting.registrations.select_related("participant__organisation").exclude(
        status=MeetingRegistration.Status.CANCELLED
    )
    if is_secretariat(user):
        return queryset
    if user.is_authenticated and user.is_editor:
        return queryset.filter(participant__organisation_id=user.organisation_id)
    if user.is_authenticated:
        return queryset.filter(participant__user=user)
    return queryset.none()


def participants_who_may_register(user, meeting: Meeting) -> QuerySet[Participant]:
    """Season participants ``user`` may register for ``meeting`` and who are not registered."""
    queryset = Participant.objects.filter(
        season_registrations__membership__season_id=meeting.season_id, erased_at__isnull=True
    ).exclude(
        meeting_registrations__meeting=meeting,
        meeting_registrations__status__in=[
            MeetingRegistration.Status.REGISTERED,
            MeetingRegistration.Status.WAITING,
        ],
    )
    if is_secretariat(user):
        return queryset.select_related("organisation").order_by("organisation__name", "name")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_editor:
        return queryset.filter(organisation_id=user.organisation_id).order_by("name")
    return queryset.filter(user=user)


def registration_obstacle(user, meeting: Meeting) -> str:
    """Why ``user`` can register no one for ``meeting`` ("" when someone can be registered, or
    nothing needs saying): "over", "not_member" (their organisation is not a member this season),
    "not_registered" (they are not registered for the season) or "all_registered"."""
    if meeting.ends_at <= timezone.now():
        return "over"
    if not user.is_authenticated or participants_who_may_register(user, meeting).exists():
        return ""
    if is_secretariat(user):
        return "all_registered"
    organisation_id = getattr(user, "organisation_id", None)
    if not Membership.objects.filter(
        season_id=meeting.season_id, organisation_id=organisation_id
    ).exists():
        return "not_member"
    own = participant_for(user)
    if not user.is_editor and (
        own is None
        or not own.season_registrations.filter(membership__season_id=meeting.season_id).exists()
    ):
        return "not_registered"
    return "all_registered"


def own_meeting_statuses(user, season: Season) -> dict[int, str]:
    """The status of ``user``'s own registration for each meeting of ``season`` (by meeting id)."""
    own = participant_for(user)
    if own is None:
        return {}
    return dict(
        MeetingRegistration.objects.filter(participant=own, meeting__season=season)
        .exclude(status=MeetingRegistration.Status.CANCELLED)
        .values_list("meeting_id", "status")
    )


def own_registrations(user, season_id: int) -> tuple:
    """What of ``user`` alone the season's programme shows: their participant page and the status
    of each of their registrations (by meeting id), as plain values."""
    own = participant_for(user)
    if own is None:
        return ()
    statuses = (
        MeetingRegistration.objects.filter(participant=own, meeting__season_id=season_id)
        .exclude(status=MeetingRegistration.Status.CANCELLED)
        .values_list("meeting_id", "status")
        .order_by("meeting_id")
    )
    return (own.pk, *statuses)


# --- calendar -------------------------------------------------------------------------------------


def meeting_for_ical(meeting: Meeting, *, base_url: str) -> ical.Meeting:
    from . import ical

    lines = [str(speaker) for speaker in meeting.speakers.all()]
    description = ""
    if lines:
        description = _("Speakers: %(speakers)s") % {"speakers": "; ".join(lines)}
    return ical.Meeting(
        uid=meeting.uid,
        title=str(meeting.localised("title")),
        start=meeting.starts_at,
        end=meeting.ends_at,
        location=meeting.location if meeting.is_physical else "",
        online_url=meeting.online_url if meeting.is_online else "",
        description=description,
        url=base_url + meeting.get_absolute_url(),
        sequence=meeting.sequence,
    )


def _stamp(meetings) -> datetime:
    # The last change of the meetings, so that the same programme always gives the same file.
    return max((meeting.updated_at for meeting in meetings), default=EPOCH)


def season_calendar(season: Season, *, base_url: str) -> str:
    from . import ical

    meetings = list(season.meetings.prefetch_related("speakers"))
    return ical.calendar_feed(
        [meeting_for_ical(meeting, base_url=base_url) for meeting in meetings],
        dtstamp=_stamp(meetings),
        name=season.title if season.name in season.title else f"{season.title} {season.name}",
    )


def participant_calendar(participant: Participant, *, base_url: str) -> str:
    """The meetings the participant is registered for or waiting for, in their language."""
    from . import ical

    meetings = list(
        Meeting.objects.filter(
            registrations__participant=participant,
            registrations__status__in=[
                MeetingRegistration.Status.REGISTERED,
                MeetingRegistration.Status.WAITING,
            ],
        )
        .prefetch_related("speakers")
        .distinct()
    )
    with translation.override(participant.language):
        return ical.calendar_feed(
            [meeting_for_ical(meeting, base_url=base_url) for meeting in meetings],
            dtstamp=_stamp(meetings),
            name=_("My network meetings"),
        )


# --- invoices -------------------------------------------------------------------------------------


def invoices(status: str = "") -> QuerySet[Invoice]:
    queryset = Invoice.objects.select_related("membership__organisation", "corrects", "credit_note")
    if status == "paid":
        queryset = queryset.filter(kind=Invoice.Kind.INVOICE, paid_at__isnull=False)
    elif status == "credited":
        queryset = queryset.filter(kind=Invoice.Kind.INVOICE, credit_note__isnull=False)
    elif status == "issued":
        queryset = queryset.filter(
            kind=Invoice.Kind.INVOICE, paid_at__isnull=True, credit_note__isnull=True
        )
    elif status == "credit_note":
        queryset = queryset.filter(kind=Invoice.Kind.CREDIT_NOTE)
    return queryset.order_by("-issue_date", "-number")


def _party(
    *,
    name,
    street,
    postcode,
    city,
    cvr,
    ean,
    vat_registered=False,
    contact_name="",
    contact_email="",
) -> ubl.Party:
    from . import ubl

    return ubl.Party(
        name=name,
        address=ubl.Address(street=street, city=city, postal_code=postcode),
        cvr=cvr,
        gln=ean,
        vat_registered=vat_registered,
        contact_name=contact_name,
        contact_email=contact_email,
    )


def invoice_document(invoice: Invoice) -> ubl.Invoice | ubl.CreditNote:
    """The Peppol BIS 3.0 document of an issued invoice, built from its snapshot alone."""
    from . import ubl

    seller_data = invoice.seller
    seller = _party(
        name=seller_data["name"],
        street=seller_data["street"],
        postcode=seller_data["postcode"],
        city=seller_data["city"],
        cvr=seller_data["cvr"],
        ean=seller_data["ean"],
        vat_registered=True,
        contact_name=seller_data.get("contact_name", ""),
        contact_email=seller_data.get("contact_email", ""),
    )
    buyer = _party(
        name=invoice.buyer_name,
        street=invoice.buyer_street,
        postcode=invoice.buyer_postcode,
        city=invoice.buyer_city,
        cvr=invoice.buyer_cvr,
        ean=invoice.buyer_ean,
    )
    lines = tuple(
        ubl.InvoiceLine(
            line_id=str(line.position),
            name=line.description,
            description=line.participant_name,
            quantity=Decimal(1),
            unit_price=line.net,
            vat_percent=(line.vat_rate * 100).normalize(),
        )
        for line in invoice.lines.order_by("position")
    )
    payment_means = ubl.PaymentMeans(
        code="42",
        branch_id=seller_data["bank_registration"],
        account_id=seller_data["bank_account"],
        account_name=seller_data["name"],
    )
    common = {
        "number": invoice.number,
        "issue_date": invoice.issue_date,
        "seller": seller,
        "buyer": buyer,
        "buyer_reference": invoice.buyer_reference,
        "lines": lines,
        "period": (invoice.period_start, invoice.period_end),
        "note": invoice.note,
    }
    with translation.override(invoice.language):
        if invoice.is_credit_note:
            return ubl.CreditNote(
                **common,
                corrected_invoice_number=invoice.corrects.number,
                corrected_invoice_issue_date=invoice.corrects.issue_date,
                payment_terms=_("The amount is credited to your account."),
                payment_means=payment_means,
            )
        return ubl.Invoice(
            **common,
            due_date=invoice.due_date,
            payment_means=payment_means,
            payment_terms=_("Net %(days)s days")
            % {"days": (invoice.due_date - invoice.issue_date).days},
        )


def invoice_xml(invoice: Invoice) -> bytes:
    from . import ubl

    document = invoice_document(invoice)
    if isinstance(document, ubl.CreditNote):
        return ubl.credit_note_xml(document)
    return ubl.invoice_xml(document)


def invoice_pdf(invoice: Invoice) -> bytes:
    from weasyprint import HTML

    with translation.override(invoice.language):
        html = render_to_string(
            "network/invoice_pdf.html",
            {
                "invoice": invoice,
                "lines": invoice.lines.order_by("position"),
                "seller": invoice.seller,
            },
        )
    return HTML(string=html).write_pdf()


def invoice_csv_rows(queryset) -> list[list[str]]:
    """Rows for the bookkeeping export: Danish decimal comma, one row per invoice or credit note."""

    def money(amount: Decimal) -> str:
        return format(amount, "f").replace(".", ",")

    rows = [
        [
            "number",
            "kind",
            "issue_date",
            "due_date",
            "buyer",
            "cvr",
            "ean",
            "reference",
            "season",
            "net",
            "vat",
            "gross",
            "status",
            "corrects",
            "paid_at",
        ]
    ]
    for invoice in queryset:
        sign = -1 if invoice.is_credit_note else 1
        rows.append(
            [
                invoice.number,
                invoice.kind,
                invoice.issue_date.isoformat(),
                invoice.due_date.isoformat(),
                invoice.buyer_name,
                invoice.buyer_cvr,
                invoice.buyer_ean,
                invoice.buyer_reference,
                invoice.season_name,
                money(sign * invoice.net_total),
                money(sign * invoice.vat_total),
                money(sign * invoice.gross_total),
                invoice.status,
                invoice.corrects.number if invoice.corrects else "",
                timezone.localtime(invoice.paid_at).date().isoformat() if invoice.paid_at else "",
            ]
        )
    return rows


# --- the secretariat's desk and a participant's own ------------------------------------------


def open_tasks() -> QuerySet:
    from .models import Task

    return (
        Task.objects.exclude(status=Task.Status.DONE)
        .select_related("owner", "meeting", "membership__organisation")
        .order_by("due_on", "pk")
    )


def unhandled_enquiries() -> QuerySet:
    from .models import Enquiry

    return Enquiry.objects.filter(handled_at__isnull=True).order_by("created_at")


def upcoming_meeting_registrations(participant: Participant) -> QuerySet[MeetingRegistration]:
    return (
        participant.meeting_registrations.filter(meeting__ends_at__gt=timezone.now())
        .exclude(status=MeetingRegistration.Status.CANCELLED)
        .select_related("meeting")
        .order_by("meeting__starts_at")
    )


def seasons() -> QuerySet[Season]:
    return Season.objects.order_by("-starts_on", "pk")


def season(pk: int) -> Season | None:
    return Season.objects.filter(pk=pk).first()


def meeting(pk: int) -> Meeting | None:
    """One meeting with its speakers and the number of seats taken."""
    return (
        Meeting.objects.prefetch_related("speakers")
        .annotate(
            seats_taken=Count(
                "registrations",
                filter=Q(registrations__status=MeetingRegistration.Status.REGISTERED),
            )
        )
        .filter(pk=pk)
        .first()
    )
