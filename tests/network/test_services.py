"""The network's services: registrations with frozen prices, meetings, invoices, follow-up, privacy.

Data is made through the services, as users make it.
"""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.utils import timezone, translation
from lxml import etree

from verdensmaal.audit.models import AuditEntry
from verdensmaal.network import selectors, services
from verdensmaal.network.models import (
    Invoice,
    InvoiceCounter,
    MeetingRegistration,
    SeasonRegistration,
    SentReminder,
)

D = Decimal
NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the msgids), whatever the Danish catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def season(secretariat):
    return services.season_create(
        actor=secretariat,
        name="2030-31",
        title_da="Verdensmålsnetværk",
        starts_on=date(2030, 8, 1),
        ends_on=date(2031, 7, 31),
        base_price=D("10000.00"),
        further_discount=D("0.25"),
        vat_rate=D("0.25"),
    )


@pytest.fixture
def vejle_member(secretariat, season, vejle):
    from verdensmaal.accounts.services import organisation_update

    organisation_update(
        actor=secretariat, organisation=vejle, street="Skolegade 1", postcode="7100", city="Vejle"
    )
    vejle.refresh_from_db()
    return services.membership_create(
        actor=secretariat, season=season, organisation=vejle, invoice_reference="PO-4711"
    )


def _participant(actor, organisation, name, **extra):
    fields = {"role": "strategist", "email": f"{name.split()[0].lower()}@example.org"}
    fields.update(extra)
    return services.participant_create(actor=actor, organisation=organisation, name=name, **fields)


@pytest.fixture
def two(editor, vejle_member):
    return [
        _participant(editor, vejle_member.organisation, "Anna Andersen", directory_consent=True),
        _participant(editor, vejle_member.organisation, "Bo Berg", language="en"),
    ]


@pytest.fixture
def registered(editor, vejle_member, two):
    return services.season_registrations_create(
        actor=editor, membership=vejle_member, participants=two
    )


@pytest.fixture
def meeting(secretariat, season):
    start = timezone.now() + timedelta(days=3)
    return services.meeting_create(
        actor=secretariat,
        season=season,
        title_da="Fra verdensmål til vores mål",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        format="physical",
        city="Vejle",
        capacity=1,
        speakers=[{"name": "Niels", "title": "Direktør", "organisation": "Vejle Kommune"}],
    )


# --- registrations and prices ---------------------------------------------------------------------


def test_quote_and_registration_freeze_the_announced_prices(editor, vejle_member, two):
    quote = selectors.season_quote(vejle_member, 2)
    assert [line.net for line in quote.lines] == [D("10000.00"), D("7500.00")]
    assert (quote.net_total, quote.vat_total, quote.gross_total) == (
        D("17500.00"),
        D("4375.00"),
        D("21875.00"),
    )
    registrations = services.season_registrations_create(
        actor=editor, membership=vejle_member, participants=two, expected_total=D("21875.00")
    )
    assert [(r.position, r.price) for r in registrations] == [(1, D("10000.00")), (2, D("7500.00"))]
    entry = AuditEntry.objects.filter(action="network.season_registration.created").first()
    assert entry.actor == editor


def test_a_later_price_change_does_not_change_existing_registrations(
    secretariat, editor, season, vejle_member, registered
):
    services.season_update(actor=secretariat, season=season, base_price=D("20000.00"))
    prices = list(SeasonRegistration.objects.order_by("position").values_list("price", flat=True))
    assert prices == [D("10000.00"), D("7500.00")]
    third = _participant(editor, vejle_member.organisation, "Cai Carlsen")
    assert selectors.season_quote(vejle_member, 1).lines[0].net == D("15000.00")
    (registration,) = services.season_registrations_create(
        actor=editor, membership=vejle_member, participants=[third]
    )
    assert (registration.position, registration.price) == (3, D("15000.00"))


def test_registration_refuses_a_stale_quote(secretariat, editor, season, vejle_member, two):
    services.season_update(actor=secretariat, season=season, base_price=D("12000.00"))
    with pytest.raises(ValidationError, match="changed since the quote"):
        services.season_registrations_create(
            actor=editor, membership=vejle_member, participants=two, expected_total=D("21875.00")
        )
    assert not SeasonRegistration.objects.exists()


def test_an_editor_registers_only_for_their_own_organisation(
    secretariat, season, herning, vejle_member, two
):
    from verdensmaal.accounts.services import user_create

    other = user_create(
        actor=None,
        username="herning-editor",
        email="h@example.org",
        password="secret-password-1",
        role="editor",
        organisation=herning,
    )
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.season_registrations_create(actor=other, membership=vejle_member, participants=two)
    with pytest.raises(PermissionDenied):
        _participant(other, vejle_member.organisation, "Eve Evil")
    assert AuditEntry.objects.count() == before
    herning_member = services.membership_create(
        actor=secretariat, season=season, organisation=herning, invoice_reference="x"
    )
    with pytest.raises(ValidationError, match="does not belong to"):
        services.season_registrations_create(
            actor=secretariat, membership=herning_member, participants=two
        )


def test_negative_price_is_refused(secretariat, season):
    with pytest.raises(ValidationError) as error:
        services.season_update(actor=secretariat, season=season, base_price=D("-1.00"))
    assert "base_price" in error.value.error_dict
    season.refresh_from_db()
    assert season.base_price == D("10000.00")


# --- meetings -------------------------------------------------------------------------------------


def test_capacity_waiting_list_and_promotion_with_e_mail(
    secretariat, editor, meeting, registered, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = (r.participant for r in registered)
    seat = services.meeting_register(actor=editor, meeting=meeting, participant=first)
    waiting = services.meeting_register(actor=editor, meeting=meeting, participant=second)
    assert (seat.status, waiting.status) == ("registered", "waiting")
    with pytest.raises(ValidationError, match="already registered"):
        services.meeting_register(actor=editor, meeting=meeting, participant=second)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_registration_cancel(actor=editor, registration=seat)
    waiting.refresh_from_db()
    assert waiting.status == "registered"
    assert mailoutbox[-1].to == [second.email]
    assert "You have a seat" in mailoutbox[-1].subject  # Bo reads English


def test_only_season_participants_may_register_for_meetings(editor, meeting, vejle_member):
    outsider = _participant(editor, vejle_member.organisation, "Dan Dahl")
    with pytest.raises(ValidationError, match="not registered for the season"):
        services.meeting_register(actor=editor, meeting=meeting, participant=outsider)


def test_attendance_is_recorded_with_who_recorded_it(secretariat, editor, meeting, registered):
    registration = services.meeting_register(
        actor=editor, meeting=meeting, participant=registered[0].participant
    )
    with pytest.raises(PermissionDenied):
        services.attendance_record(actor=editor, registration=registration)
    registration = services.attendance_record(actor=secretariat, registration=registration)
    assert registration.attended_at is not None
    assert registration.attendance_recorded_by == secretariat
    assert registration.attendance_method == MeetingRegistration.Method.SECRETARIAT


def test_self_check_in_for_online_meetings_only_while_on(secretariat, editor, season, registered):
    from verdensmaal.accounts.services import user_create

    participant = registered[0].participant
    user = user_create(
        actor=None,
        username="anna",
        email="anna@example.org",
        password="secret-password-1",
        role="participant",
        organisation=participant.organisation,
    )
    participant.user = user
    participant.save()
    start = timezone.now() + timedelta(minutes=10)
    online = services.meeting_create(
        actor=secretariat,
        season=season,
        title_da="Online",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        format="online",
        online_url="https://meet.example.org/1",
    )
    services.meeting_register(actor=user, meeting=online, participant=participant)
    registration = services.meeting_check_in(actor=user, meeting=online)
    assert registration.attendance_method == "self"
    assert registration.attendance_recorded_by == user
    later = online.starts_at + timedelta(days=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        pytest.raises(ValidationError, match="Check-in opens"),
    ):
        services.meeting_check_in(actor=user, meeting=online)


def test_meeting_change_of_time_raises_the_calendar_revision(secretariat, meeting):
    meeting = services.meeting_update(
        actor=secretariat, meeting=meeting, starts_at=meeting.starts_at + timedelta(hours=1)
    )
    assert meeting.sequence == 1
    meeting = services.meeting_update(actor=secretariat, meeting=meeting, agenda="Velkomst")
    assert meeting.sequence == 1


def test_invitations_carry_an_ics_request(
    secretariat, meeting, registered, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        count = services.meeting_invitations_send(actor=secretariat, meeting=meeting)
    assert count == 2 == len(mailoutbox)
    name, content, mimetype = mailoutbox[0].attachments[0]
    assert name == "invitation.ics"
    assert mimetype.startswith("text/calendar")
    assert "METHOD:REQUEST" in content
    assert "TZID=Europe/Copenhagen" in content


# --- invoices -------------------------------------------------------------------------------------


def test_invoice_issue_snapshots_the_buyer_and_numbers_without_gaps(
    secretariat, vejle_member, registered
):
    invoice = services.invoice_issue(actor=secretariat, membership=vejle_member)
    year = timezone.localdate().year
    assert invoice.number == f"{year}-0001"
    assert (invoice.buyer_name, invoice.buyer_cvr, invoice.buyer_ean, invoice.buyer_reference) == (
        "Vejle Kommune",
        "29189900",
        "5798000000018",
        "PO-4711",
    )
    assert (invoice.net_total, invoice.vat_total, invoice.gross_total) == (
        D("17500.00"),
        D("4375.00"),
        D("21875.00"),
    )
    lines = list(invoice.lines.order_by("position"))
    assert [(line.participant_name, line.net, line.vat, line.gross) for line in lines] == [
        ("Anna Andersen", D("10000.00"), D("2500.00"), D("12500.00")),
        ("Bo Berg", D("7500.00"), D("1875.00"), D("9375.00")),
    ]
    # A change of the buyer afterwards does not change the issued invoice.
    from verdensmaal.accounts.services import organisation_update

    organisation_update(actor=secretariat, organisation=vejle_member.organisation, city="Andeby")
    invoice.refresh_from_db()
    assert invoice.buyer_city == "Vejle"
    with pytest.raises(ValidationError, match="nothing to invoice"):
        services.invoice_issue(actor=secretariat, membership=vejle_member)
    assert InvoiceCounter.objects.get(year=year).last_number == 1
    entry = AuditEntry.objects.get(action="network.invoice.issued")
    assert entry.changes["number"] == [None, invoice.number]
    with pytest.raises(ProtectedError):
        invoice.delete()
    invoice.buyer_name = "Changed"
    with pytest.raises(ValueError, match="never changed"):
        invoice.save()


def test_invoice_xml_is_addressed_to_the_buyers_ean(secretariat, vejle_member, registered):
    invoice = services.invoice_issue(actor=secretariat, membership=vejle_member)
    root = etree.fromstring(selectors.invoice_xml(invoice))
    buyer = root.find("cac:AccountingCustomerParty/cac:Party", NS)
    endpoint = buyer.find("cbc:EndpointID", NS)
    assert (endpoint.text, endpoint.get("schemeID")) == ("5798000000018", "0088")
    assert root.findtext("cbc:BuyerReference", namespaces=NS) == "PO-4711"
    assert root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS) == "21875.00"


def test_invoice_pdf(secretariat, vejle_member, registered):
    invoice = services.invoice_issue(actor=secretariat, membership=vejle_member)
    pdf = selectors.invoice_pdf(invoice)
    assert pdf.startswith(b"%PDF")


def test_a_buyer_without_ean_gets_a_clear_message_and_nothing_changes(
    secretariat, season, herning, editor
):
    membership = services.membership_create(
        actor=secretariat, season=season, organisation=herning, invoice_reference="x"
    )
    person = _participant(secretariat, herning, "Hans Holm")
    services.season_registrations_create(
        actor=secretariat, membership=membership, participants=[person]
    )
    with pytest.raises(ValidationError, match="EAN"):
        services.invoice_issue(actor=secretariat, membership=membership)
    assert not Invoice.objects.exists()
    assert not InvoiceCounter.objects.filter(last_number__gt=0).exists()
    with pytest.raises(PermissionDenied):
        services.invoice_issue(actor=editor, membership=membership)


def test_credit_note_corrects_an_invoice_and_releases_its_registrations(
    secretariat, vejle_member, registered
):
    invoice = services.invoice_issue(actor=secretariat, membership=vejle_member)
    with pytest.raises(ValidationError):
        services.credit_note_issue(actor=secretariat, invoice=invoice, reason=" ")
    credit_note = services.credit_note_issue(
        actor=secretariat, invoice=invoice, reason="Wrong reference"
    )
    year = timezone.localdate().year
    assert credit_note.number == f"{year}-0002"
    assert credit_note.corrects == invoice
    assert credit_note.gross_total == invoice.gross_total
    invoice.refresh_from_db()
    assert invoice.status == "credited"
    with pytest.raises(ValidationError, match="already credited"):
        services.credit_note_issue(actor=secretariat, invoice=invoice, reason="again")
    with pytest.raises(ValidationError):
        services.invoice_mark_paid(actor=secretariat, invoice=invoice)
    root = etree.fromstring(selectors.invoice_xml(credit_note))
    assert root.tag.endswith("CreditNote")
    reissued = services.invoice_issue(actor=secretariat, membership=vejle_member)
    assert reissued.number == f"{year}-0003"
    assert reissued.gross_total == D("21875.00")


def test_invoice_list_status_and_bookkeeping_csv(secretariat, vejle_member, registered):
    invoice = services.invoice_issue(actor=secretariat, membership=vejle_member)
    assert invoice.status == "issued"
    services.invoice_mark_paid(actor=secretariat, invoice=invoice)
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    assert list(selectors.invoices("paid")) == [invoice]
    assert list(selectors.invoices("issued")) == []
    rows = selectors.invoice_csv_rows(selectors.invoices())
    text = io.StringIO()
    csv.writer(text, delimiter=";").writerows(rows)
    assert rows[1][0] == invoice.number
    assert rows[1][9:12] == ["17500,00", "4375,00", "21875,00"]
    assert rows[1][12] == "paid"


# --- follow-up ------------------------------------------------------------------------------------


def test_send_reminders_never_sends_the_same_reminder_twice(
    secretariat, editor, meeting, registered, mailoutbox, django_capture_on_commit_callbacks
):
    services.meeting_register(actor=editor, meeting=meeting, participant=registered[0].participant)
    services.task_create(
        actor=secretariat,
        title="Book venue",
        owner=secretariat,
        due_on=timezone.localdate() + timedelta(days=1),
        meeting=meeting,
    )
    services.task_create(
        actor=secretariat,
        title="Later",
        owner=secretariat,
        due_on=timezone.localdate() + timedelta(days=30),
    )
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
        call_command("send_reminders", stdout=io.StringIO())
    assert sorted(message.to[0] for message in mailoutbox) == [
        "anna@example.org",
        "sekretariat@example.org",
    ]
    assert SentReminder.objects.count() == 2


def test_enquiry_lands_in_the_inbox_and_is_handled(secretariat):
    from django.contrib.auth.models import AnonymousUser

    enquiry = services.enquiry_submit(
        actor=AnonymousUser(),
        organisation_name="Odder Kommune",
        name="Ole",
        email="ole@example.org",
        message="Må vi være med?",
    )
    services.enquiry_mark_handled(actor=secretariat, enquiry=enquiry)
    with pytest.raises(ValidationError):
        services.enquiry_mark_handled(actor=secretariat, enquiry=enquiry)


# --- personal data --------------------------------------------------------------------------------


def test_export_then_erase_keeps_invoice_numbers_and_totals(
    secretariat, editor, vejle_member, registered
):
    anna = registered[0].participant
    invoice = services.invoice_issue(actor=secretariat, membership=vejle_member)
    data = services.participant_export(actor=editor, participant=anna)
    assert data["participant"]["email"] == "anna@example.org"
    assert data["invoice_lines"][0]["invoice"] == invoice.number
    with pytest.raises(PermissionDenied):
        services.participant_erase(actor=editor, participant=anna)
    services.participant_erase(actor=secretariat, participant=anna)
    anna.refresh_from_db()
    assert (anna.name, anna.email, anna.title) == (f"#{anna.pk}", "", "")
    invoice.refresh_from_db()
    assert (invoice.number, invoice.gross_total) == (
        f"{timezone.localdate().year}-0001",
        D("21875.00"),
    )
    assert invoice.lines.get(position=1).participant_name == f"#{anna.pk}"
    assert b"Anna" not in selectors.invoice_xml(invoice)
    assert not AuditEntry.objects.filter(object_repr__contains="Anna").exists()
    assert "Anna" not in str(list(AuditEntry.objects.values_list("changes", flat=True)))
    assert anna not in selectors.member_directory(vejle_member.season)
    with pytest.raises(ValidationError, match="already erased"):
        services.participant_erase(actor=secretariat, participant=anna)


def test_issue_date_follows_copenhagen_time(secretariat, vejle_member, registered):
    # 23:30 UTC on 31 December is already 1 January in Copenhagen: the new year's series.
    moment = datetime(2030, 12, 31, 23, 30, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        invoice = services.invoice_issue(actor=secretariat, membership=vejle_member)
    assert invoice.issue_date == date(2031, 1, 1)
    assert invoice.number == "2031-0001"


def test_registering_and_cancelling_write_a_confirmation_with_the_calendar_file(
    editor, meeting, registered, mailoutbox, django_capture_on_commit_callbacks
):
    """Registering for a meeting or cancelling wrote no e-mail; each now confirms, in the
    participant's language, with the .ics that puts the meeting in (or takes it out of) the
    calendar."""
    bo = registered[1].participant  # Bo reads English
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.meeting_register(actor=editor, meeting=meeting, participant=bo)
    (confirmation,) = mailoutbox
    assert confirmation.to == [bo.email] and confirmation.subject.startswith("You are registered")
    name, content, mimetype = confirmation.attachments[0]
    assert (name, mimetype) == ("invitation.ics", "text/calendar; method=REQUEST")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_registration_cancel(actor=editor, registration=registration)
    cancellation = mailoutbox[-1]
    assert cancellation.subject.startswith("Registration cancelled")
    name, content, mimetype = cancellation.attachments[0]
    assert mimetype == "text/calendar; method=CANCEL" and "STATUS:CANCELLED" in content


def test_a_season_registration_is_confirmed_to_each_participant(
    editor, vejle_member, two, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.season_registrations_create(
            actor=editor, membership=vejle_member, participants=two
        )
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects[two[0].email].startswith("Du er tilmeldt")  # Anna reads Danish
    assert subjects[two[1].email].startswith("You are registered")
    assert "/network/calendar/" in mailoutbox[0].body


def test_an_enquiry_is_acknowledged_in_the_language_it_was_written_in(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.enquiry_submit(
            actor=AnonymousUser(), organisation_name="Odense Kommune", name="Ole Olsen",
            email="ole@example.org", message="Hvordan bliver vi medlem?",
        )  # fmt: skip
    (receipt,) = mailoutbox
    assert receipt.to == ["ole@example.org"] and "received your enquiry" in receipt.subject
    assert "Hvordan bliver vi medlem?" in receipt.body
