"""The network's pages: public programme and feeds, member pages, forms that refuse bad input."""

import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from verdensmaal.accounts.models import User
from verdensmaal.audit.models import AuditEntry
from verdensmaal.network.forms import enquiry_ticket
from verdensmaal.network.models import (
    Enquiry,
    Invoice,
    Meeting,
    MeetingRegistration,
    Membership,
    Participant,
    Season,
    SeasonRegistration,
)

LOADED_AT = datetime(2020, 9, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def demo(db, reference):
    from verdensmaal.portal.demo import demo_load

    # Loaded on 1 September 2020, the demo season is the announcement's own, 2020-21.
    with mock.patch("django.utils.timezone.now", return_value=LOADED_AT):
        demo_load(with_data=False)
    return Season.objects.get(is_demo=True)


def _client(username) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _state():
    return (
        Season.objects.values_list("base_price", flat=True)[0],
        SeasonRegistration.objects.count(),
        Invoice.objects.count(),
        Meeting.objects.count(),
        Enquiry.objects.count(),
        AuditEntry.objects.count(),
    )


def test_public_programme_lists_the_six_meetings_in_danish(client, demo):
    page = client.get("/network/").content.decode()
    assert page.count('href="/network/meetings/') == 6
    assert "Fra verdensmål til vores mål" in page
    assert "29. oktober 2020" in page
    assert "13:00–16:00" in page


def test_meeting_page_hides_the_link_and_materials_from_the_public(client, demo):
    online = demo.meetings.get(format="online", starts_at__date=date(2020, 11, 30))
    page = client.get(f"/network/meetings/{online.pk}/").content.decode()
    assert "Christian Friis Bach" in page
    assert online.online_url not in page
    member_page = _client("redaktoer").get(f"/network/meetings/{online.pk}/").content.decode()
    assert online.online_url in member_page


def test_calendar_feed_has_six_events_on_the_announced_dates(client, demo):
    response = client.get(f"/network/seasons/{demo.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [e.decoded("dtstart").date() for e in events] == [
        date(2020, 10, 29),
        date(2020, 11, 30),
        date(2021, 1, 28),
        date(2021, 3, 16),
        date(2021, 5, 4),
        date(2021, 6, 10),
    ]
    assert all(e.decoded("dtstart").strftime("%H:%M") == "13:00" for e in events)


def test_participant_feed_by_secret_token(client, demo):
    dorte = Participant.objects.get(name="Dorte Deltager (demo)")
    meeting = demo.meetings.first()
    meeting.registrations.create(participant=dorte, status="registered")
    response = client.get(f"/network/calendar/{dorte.calendar_token}.ics")
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1
    assert client.get("/network/calendar/not-a-token.ics").status_code == 404


def test_member_directory_is_for_logged_in_members_only(client, demo):
    assert client.get(f"/network/seasons/{demo.pk}/directory/").status_code == 302
    page = _client("deltager").get(f"/network/seasons/{demo.pk}/directory/").content.decode()
    assert "Hans Holm (demo)" in page
    assert "Vera Vestergaard (demo)" not in page  # not registered for the season


def test_member_sees_a_quote_before_confirming_and_prices_are_frozen(demo):
    editor = _client("redaktoer")
    membership = Membership.objects.get(season=demo, organisation__name="Vejle Kommune")
    ids = list(
        Participant.objects.filter(organisation=membership.organisation).values_list(
            "pk", flat=True
        )
    )
    preview = editor.post(f"/network/memberships/{membership.pk}/register/", {"participants": ids})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "21.875,00 kr." in text and "7.500,00 kr." in text  # money the Danish way
    assert not SeasonRegistration.objects.filter(membership=membership).exists()
    expected = re.search(r'name="expected_total" value="([^"]+)"', text).group(1)
    response = editor.post(
        f"/network/memberships/{membership.pk}/register/",
        {"participants": ids, "expected_total": expected, "confirm": "1"},
    )
    assert response.status_code == 302
    prices = SeasonRegistration.objects.filter(membership=membership).values_list(
        "price", flat=True
    )
    assert sorted(prices) == [Decimal("7500.00"), Decimal("10000.00")]


def test_editor_cannot_register_for_another_member(demo):
    membership = Membership.objects.get(season=demo, organisation__name="Herning Kommune")
    before = _state()
    response = _client("redaktoer").post(
        f"/network/memberships/{membership.pk}/register/", {"participants": [1], "confirm": "1"}
    )
    assert response.status_code == 403
    assert _state() == before


def test_negative_price_gets_a_message_and_changes_nothing(demo):
    before = _state()
    response = _client("sekretariat").post(
        f"/network/seasons/{demo.pk}/edit/",
        {
            "name": "2020-21",
            "title_da": "X",
            "starts_on": "2020-08-01",
            "ends_on": "2021-07-31",
            "base_price": "-5",
            "further_discount": "0.25",
            "vat_rate": "0.25",
            "payment_days": "30",
        },
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert _state() == before


def test_secretariat_creates_a_meeting_in_danish_time(demo):
    response = _client("sekretariat").post(
        f"/network/seasons/{demo.pk}/meetings/new/",
        {
            "title_da": "Ekstra møde",
            "day": "2021-03-28",
            "start_time": "13:00",
            "end_time": "16:00",
            "format": "hybrid",
            "city": "Aarhus",
            "online_url": "https://meet.example.org/x",
            "capacity": "20",
            "speakers": "Ane Ahl; Direktør; Aarhus Kommune",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title_da="Ekstra møde")
    # 28 March 2021 is the day summer time starts: 13:00 CEST is 11:00 UTC.
    assert meeting.starts_at == datetime(2021, 3, 28, 11, 0, tzinfo=UTC)
    assert str(meeting.speakers.get()) == "Ane Ahl, Direktør, Aarhus Kommune"


def test_malformed_meeting_form_changes_nothing(demo):
    before = _state()
    response = _client("sekretariat").post(
        f"/network/seasons/{demo.pk}/meetings/new/",
        {
            "title_da": "Uden link",
            "day": "2021-03-28",
            "start_time": "02:30",
            "end_time": "16:00",
            "format": "online",
        },
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert _state() == before


def test_forged_post_without_csrf_token_is_refused(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="sekretariat"))
    membership = Membership.objects.get(season=demo, organisation__name="Herning Kommune")
    before = _state()
    assert client.post(f"/network/memberships/{membership.pk}/invoice/").status_code == 403
    assert _state() == before


def test_invoice_issue_pdf_xml_list_and_csv(demo):
    secretariat = _client("sekretariat")
    membership = Membership.objects.get(season=demo, organisation__name="Herning Kommune")
    confirm = secretariat.post(f"/network/memberships/{membership.pk}/invoice/")
    assert confirm.status_code == 200 and not Invoice.objects.exists()
    response = secretariat.post(f"/network/memberships/{membership.pk}/invoice/", {"confirm": "1"})
    invoice = Invoice.objects.get()
    assert response["Location"] == f"/network/invoices/{invoice.pk}/"
    pdf = secretariat.get(f"/network/invoices/{invoice.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xml = secretariat.get(f"/network/invoices/{invoice.pk}/xml/").content
    assert b'<cbc:EndpointID schemeID="0088">5798000000049</cbc:EndpointID>' in xml
    listing = secretariat.get("/network/invoices/").content.decode()
    assert invoice.number in listing
    exported = secretariat.get("/network/invoices/export.csv").content.decode("utf-8-sig")
    assert exported.splitlines()[1].startswith(f"{invoice.number};invoice;")
    # Members see their own invoice, not others'; participants none.
    assert _client("redaktoer").get(f"/network/invoices/{invoice.pk}/").status_code == 403
    assert _client("redaktoer").get("/network/invoices/").status_code == 403


def test_enquiry_needs_the_form_ticket_and_lands_in_the_inbox(client, demo):
    page = client.get("/network/enquiry/")
    assert page.status_code == 200
    data = {
        "organisation_name": "Odder Kommune",
        "name": "Ole",
        "email": "ole@example.org",
        "message": "Må vi være med?",
    }
    assert client.post("/network/enquiry/", data).status_code == 403
    assert client.post("/network/enquiry/", {**data, "ticket": "forged"}).status_code == 403
    bad = client.post("/network/enquiry/", {**data, "email": "nope", "ticket": enquiry_ticket()})
    assert bad.status_code == 200 and not Enquiry.objects.exists()
    assert client.post("/network/enquiry/", {**data, "ticket": enquiry_ticket()}).status_code == 302
    inbox = _client("sekretariat").get("/network/enquiries/").content.decode()
    assert "Odder Kommune" in inbox
    assert _client("redaktoer").get("/network/enquiries/").status_code == 403


def test_tasks_page_and_form(demo):
    secretariat = _client("sekretariat")
    owner = User.objects.get(username="sekretariat")
    response = secretariat.post(
        "/network/tasks/new/",
        {
            "title": "Book lokale",
            "owner": owner.pk,
            "status": "open",
            "due_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert "Book lokale" in secretariat.get("/network/tasks/").content.decode()


def test_participant_export_json_and_erasure_page(demo):
    hans = Participant.objects.get(name="Hans Holm (demo)")
    data = json.loads(
        _client("sekretariat").get(f"/network/participants/{hans.pk}/export.json").content
    )
    assert data["participant"]["name"] == "Hans Holm (demo)"
    assert (
        _client("redaktoer").get(f"/network/participants/{hans.pk}/export.json").status_code == 403
    )
    assert _client("redaktoer").post(f"/network/participants/{hans.pk}/erase/").status_code == 403
    response = _client("sekretariat").post(f"/network/participants/{hans.pk}/erase/")
    assert response.status_code == 302
    hans.refresh_from_db()
    assert hans.erased_at is not None and hans.email == ""


def test_every_page_renders_for_the_secretariat_and_the_editor(demo):
    from verdensmaal.network import services

    secretariat_user = User.objects.get(username="sekretariat")
    membership = Membership.objects.get(season=demo, organisation__name="Herning Kommune")
    invoice = services.invoice_issue(actor=secretariat_user, membership=membership)
    credit = services.credit_note_issue(actor=secretariat_user, invoice=invoice, reason="Test")
    meeting = demo.meetings.first()
    hans = Participant.objects.get(name="Hans Holm (demo)")
    task = services.task_create(
        actor=secretariat_user, title="T", owner=secretariat_user, due_on=date(2030, 1, 1)
    )
    pages = [
        "/network/",
        f"/network/seasons/{demo.pk}/",
        "/network/seasons/new/",
        f"/network/seasons/{demo.pk}/edit/",
        f"/network/seasons/{demo.pk}/members/",
        f"/network/seasons/{demo.pk}/members/add/",
        f"/network/seasons/{demo.pk}/directory/",
        f"/network/seasons/{demo.pk}/meetings/new/",
        f"/network/meetings/{meeting.pk}/",
        f"/network/meetings/{meeting.pk}/edit/",
        f"/network/meetings/{meeting.pk}/materials/add/",
        f"/network/meetings/{meeting.pk}/attendance/",
        "/network/memberships/",
        f"/network/memberships/{membership.pk}/",
        f"/network/organisations/{hans.organisation_id}/participants/",
        f"/network/organisations/{hans.organisation_id}/participants/new/",
        f"/network/participants/{hans.pk}/",
        "/network/invoices/",
        "/network/invoices/?status=credited",
        f"/network/invoices/{invoice.pk}/",
        f"/network/invoices/{credit.pk}/",
        f"/network/invoices/{credit.pk}/pdf/",
        "/network/tasks/",
        "/network/tasks/new/",
        f"/network/tasks/{task.pk}/",
        "/network/enquiry/",
        "/network/enquiries/",
    ]
    client = _client("sekretariat")
    for url in pages:
        assert client.get(url).status_code == 200, url
    vejle = Membership.objects.get(season=demo, organisation__name="Vejle Kommune")
    editor = _client("redaktoer")
    for url in [
        f"/network/memberships/{vejle.pk}/",
        "/network/memberships/",
        f"/network/organisations/{vejle.organisation_id}/participants/",
        f"/network/organisations/{vejle.organisation_id}/participants/new/",
    ]:
        assert editor.get(url).status_code == 200, url


def test_materials_are_uploaded_by_the_secretariat_and_read_by_members(demo, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    meeting = demo.meetings.first()
    upload = SimpleUploadedFile("slides.pdf", b"%PDF-1.4 slides", content_type="application/pdf")
    response = _client("sekretariat").post(
        f"/network/meetings/{meeting.pk}/materials/add/", {"title": "Slides", "file": upload}
    )
    assert response.status_code == 302
    material = meeting.materials.get()
    download = _client("deltager").get(f"/network/materials/{material.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 slides"
    assert Client().get(f"/network/materials/{material.pk}/").status_code == 302
    assert (
        _client("redaktoer")
        .post(f"/network/meetings/{meeting.pk}/materials/add/", {"title": "X"})
        .status_code
        == 403
    )


def test_attendance_page_records_who_attended(demo):
    meeting = demo.meetings.first()
    hans = Participant.objects.get(name="Hans Holm (demo)")
    registration = meeting.registrations.create(participant=hans, status="registered")
    response = _client("sekretariat").post(
        f"/network/meetings/{meeting.pk}/attendance/",
        {"registration": registration.pk, "attended": "yes"},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attendance_recorded_by.username == "sekretariat"
    assert registration.attendance_method == "secretariat"


def test_issuing_an_invoice_asks_for_confirmation_first(demo):
    """An invoice is final; a new user issued one by a single click."""
    secretariat = _client("sekretariat")
    membership = Membership.objects.get(season=demo, organisation__name="Herning Kommune")
    page = secretariat.post(f"/network/memberships/{membership.pk}/invoice/")
    text = page.content.decode()
    assert "Dorte Deltager (demo)" in text and 'name="confirm"' in text
    assert not Invoice.objects.exists()
    assert (
        _client("redaktoer").post(f"/network/memberships/{membership.pk}/invoice/").status_code
        == 403
    )


def test_the_demo_season_is_the_current_one_with_meetings_to_come(reference):
    """A new user saw only past meetings: the demo season moves with today."""
    from verdensmaal.portal.demo import demo_load

    today = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=today):
        demo_load(with_data=False)
    season = Season.objects.get(is_demo=True)
    assert (season.name, season.starts_on) == ("2026-27", date(2026, 8, 1))
    days = [m.starts_at.date() for m in season.meetings.order_by("starts_at")]
    assert days[0] == date(2026, 10, 29) and days[-1] == date(2027, 6, 10)
    assert sum(m.starts_at > today for m in season.meetings.all()) >= 5
    demo_load(with_data=False)  # again, on another day: the season keeps its dates
    assert Season.objects.get(is_demo=True).starts_on == date(2026, 8, 1)


def test_a_participant_sees_their_own_registrations_and_calendar_link(demo):
    """The page with a participant's calendar link gave the participant themself a 403."""
    dorte = Participant.objects.get(name="Dorte Deltager (demo)")
    client = _client("deltager")
    page = client.get(f"/network/participants/{dorte.pk}/")
    assert page.status_code == 200
    assert str(dorte.calendar_token) in page.content.decode()
    assert client.get(f"/network/participants/{dorte.pk}/export.json").status_code == 200
    other = Participant.objects.get(name="Hans Holm (demo)")
    assert client.get(f"/network/participants/{other.pk}/").status_code == 403
    programme = client.get(f"/network/seasons/{demo.pk}/").content.decode()
    assert f"/network/participants/{dorte.pk}/" in programme


def test_the_programme_marks_the_meetings_a_participant_is_registered_for(demo):
    meeting = demo.meetings.order_by("starts_at").last()
    dorte = Participant.objects.get(name="Dorte Deltager (demo)")
    MeetingRegistration.objects.create(meeting=meeting, participant=dorte, status="registered")
    page = _client("deltager").get(f"/network/seasons/{demo.pk}/").content.decode()
    assert page.count("du er tilmeldt") == 1


def test_the_kept_programme_never_shows_a_participants_registrations_to_a_colleague(demo):
    """The programme is kept for each kind of reader and their own registrations (audit.pages):
    a colleague of the same organisation and role gets neither the badge nor the link."""
    from verdensmaal.accounts.services import user_create

    meeting = demo.meetings.order_by("starts_at").last()
    dorte = Participant.objects.get(name="Dorte Deltager (demo)")
    MeetingRegistration.objects.create(meeting=meeting, participant=dorte, status="registered")
    deltager = User.objects.get(username="deltager")
    user_create(
        actor=None, username="kollega", email="kollega@example.org", password="secret-password-1",
        role=deltager.role, organisation=deltager.organisation,
    )  # fmt: skip
    url = f"/network/seasons/{demo.pk}/"
    assert _client("deltager").get(url).content.decode().count("du er tilmeldt") == 1

    page = _client("kollega").get(url).content.decode()

    assert "du er tilmeldt" not in page and f"/network/participants/{dorte.pk}/" not in page
    assert _client("deltager").get(url).content.decode().count("du er tilmeldt") == 1


def test_a_past_meeting_shows_no_registration_form(demo):
    meeting = demo.meetings.order_by("starts_at").first()  # 2020: long over
    page = _client("redaktoer2").get(f"/network/meetings/{meeting.pk}/").content.decode()
    assert (
        "meeting-register" not in page
        and 'action="/network/meetings/' not in page.split("Tilmelding")[-1].split("</form>")[0]
    ) or "Mødet er slut" in page


def test_a_member_of_no_member_organisation_is_told_why_they_cannot_register(reference, demo):
    from verdensmaal.accounts.services import organisation_create, user_create
    from verdensmaal.areas.models import Area

    secretariat = User.objects.get(username="sekretariat")
    odense = organisation_create(
        actor=secretariat, name="Odense Kommune", kind="municipality",
        area=Area.objects.get(code="461"),
    )  # fmt: skip
    user_create(
        actor=secretariat, username="odense", email="o@example.org",
        password="secret-password-1", role="participant", organisation=odense,
    )  # fmt: skip
    meeting = demo.meetings.order_by("starts_at").last()
    with mock.patch("django.utils.timezone.now", return_value=LOADED_AT):
        page = _client("odense").get(f"/network/meetings/{meeting.pk}/").content.decode()
    assert "ikke medlem af netværket i denne sæson" in page


def test_the_calendar_name_does_not_repeat_the_season(demo):
    """A season titled "Verdensmålsnetværk 2020-21" gave the calendar "... 2020-21 2020-21"."""
    from verdensmaal.network import selectors

    demo.title_da = "Verdensmålsnetværk 2020-21"
    feed = selectors.season_calendar(demo, base_url="https://example.org")
    assert "2020-21 2020-21" not in feed and "X-WR-CALNAME:Verdensmålsnetværk 2020-21" in feed
    demo.title_da = "Verdensmålsnetværk for kommuner"
    assert "X-WR-CALNAME:Verdensmålsnetværk for kommuner 2020-21" in selectors.season_calendar(
        demo, base_url="https://example.org"
    )
