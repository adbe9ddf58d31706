"""Calendar files for the network's meetings: the 2020-21 programme as a feed, and invitations.

The dates, themes and places come from the network announcement (shared/seed/
network-announcement-da.txt). The announcement gives no times: 13:00-16:00 local time is ASSUMED
for every meeting, and the online links and page URLs are placeholders.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from verdensmaal.network.ical import (
    COPENHAGEN,
    Attendee,
    Meeting,
    calendar_feed,
    copenhagen_vtimezone,
    meeting_invitation,
)

DTSTAMP = datetime(2020, 9, 1, 8, 0, tzinfo=UTC)

# (date, theme, speakers, place); place None = online.
PROGRAMME_2020_21 = [
    (
        date(2020, 10, 29),
        "Fra verdensmål til vores mål",
        "María A. Petrera, Manager, SDG Strategy & Innovation, Deloitte, og Lene Sternsdorf, "
        "klimakoordinator, Sønderborg Kommune",
        "København",
    ),
    (
        date(2020, 11, 30),
        "Tilblivelsen – ideerne og arkitekturen bag",
        "Christian Friis Bach, tidl. undergeneralsekretær i FN, tidl. minister for udvikling",
        None,
    ),
    (
        date(2021, 1, 28),
        "Verdensmålene – et bidrag til kvalificering af vores strategier og handlinger",
        "Niels Nybye Ågesen, kommunaldirektør, Vejle Kommune",
        "Vejle",
    ),
    (
        date(2021, 3, 16),
        "Verdensmålene – en operationalisering ind i en kommunal kontekst, drivers, barrierer "
        "og effekter",
        "Line Vind, chefkonsulent, Gladsaxe Kommune",
        None,
    ),
    (
        date(2021, 5, 4),
        "Interessenter, samskabelse – at udvikle resultater, kompetencer og kapacitet",
        "Henriette Kahré Freris, senior forretningsudvikler, SDG Business Booster Consultant, "
        "Erhvervshus Hovedstaden",
        None,
    ),
    (
        date(2021, 6, 10),
        "Dokumentation, måling, afrapportering og kommunikation",
        "Jette Søndergaard Hansen, strategisk programchef, Direktionssekretariatet, "
        "Herning Kommune",
        "Herning",
    ),
]


def programme_meetings() -> list[Meeting]:
    """The six meetings, with naive local start and end times (13:00-16:00, assumed)."""
    meetings = []
    for number, (day, theme, speakers, place) in enumerate(PROGRAMME_2020_21, start=1):
        meetings.append(
            Meeting(
                uid=f"network-2020-21-meeting-{number}@verdensmaal.example",
                title=theme,
                start=datetime(day.year, day.month, day.day, 13, 0),
                end=datetime(day.year, day.month, day.day, 16, 0),
                location=place or "",
                online_url="" if place else f"https://meet.example.org/verdensmaal-{number}",
                description=f"Oplæg: {speakers}",
                url=f"https://verdensmaal.example/network/meetings/{number}/",
            )
        )
    # Passed in reverse to show that the feed sorts them.
    return meetings[::-1]


def test_programme_feed_snapshot(snapshot):
    text = calendar_feed(
        programme_meetings(), dtstamp=DTSTAMP, name="Verdensmålsnetværk for kommuner 2020-21"
    )
    snapshot("programme-2020-21.ics", text.encode("utf-8"))


def test_programme_feed_has_six_events_on_the_announced_dates_in_order():
    calendar = Calendar.from_ical(calendar_feed(programme_meetings(), dtstamp=DTSTAMP))
    events = calendar.walk("VEVENT")
    assert len(events) == 6
    assert [event.decoded("dtstart").date() for event in events] == [
        day for day, *_ in PROGRAMME_2020_21
    ]
    assert [str(event["summary"]) for event in events] == [
        theme for _, theme, *_ in PROGRAMME_2020_21
    ]
    assert calendar["method"] == "PUBLISH"
    assert all(event.decoded("dtstamp") == DTSTAMP for event in events)


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (date(2020, 10, 29), 12),  # after the change to winter time on 25 October 2020: UTC+1
        (date(2020, 11, 30), 12),
        (date(2021, 1, 28), 12),
        (date(2021, 3, 16), 12),  # before the change to summer time on 28 March 2021
        (date(2021, 5, 4), 11),
        (date(2021, 6, 10), 11),  # summer time: UTC+2
    ],
)
def test_local_13_00_is_the_right_utc_time_across_dst(day, utc_hour):
    calendar = Calendar.from_ical(calendar_feed(programme_meetings(), dtstamp=DTSTAMP))
    (event,) = [e for e in calendar.walk("VEVENT") if e.decoded("dtstart").date() == day]
    start = event.decoded("dtstart")
    assert (start.hour, start.minute) == (13, 0)
    assert start.astimezone(UTC) == datetime(day.year, day.month, day.day, utc_hour, tzinfo=UTC)
    assert event["dtstart"].params["TZID"] == "Europe/Copenhagen"


def test_vtimezone_agrees_with_tzdata_hour_by_hour():
    # Read the VTIMEZONE we write back as a tzinfo and compare it with the tz database over the
    # programme's years, including the hours around each change.
    calendar = Calendar.from_ical(calendar_feed(programme_meetings(), dtstamp=DTSTAMP))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    from_file = vtimezone.to_tz(lookup_tzid=False)  # built from the file, not looked up by name
    moment = datetime(2020, 1, 1, tzinfo=UTC)
    while moment < datetime(2022, 1, 1, tzinfo=UTC):
        assert (
            moment.astimezone(from_file).utcoffset() == moment.astimezone(COPENHAGEN).utcoffset()
        ), moment
        moment += timedelta(hours=1)


def test_vtimezone_states_the_changes_in_the_offset_before_them():
    text = copenhagen_vtimezone().to_ical().decode()
    # RFC 5545 3.6.5: onset in local time of the observance being left: 02:00 CET, 03:00 CEST.
    assert "DTSTART:19960331T020000" in text
    assert "DTSTART:19961027T030000" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text


def test_naive_and_aware_times_give_the_same_file():
    naive = programme_meetings()
    aware = [
        dataclasses.replace(
            meeting,
            start=meeting.start.replace(tzinfo=COPENHAGEN).astimezone(UTC),
            end=meeting.end.replace(tzinfo=ZoneInfo("Europe/Copenhagen")),
        )
        for meeting in naive
    ]
    assert calendar_feed(naive, dtstamp=DTSTAMP) == calendar_feed(aware, dtstamp=DTSTAMP)


def test_output_is_stable_and_follows_rfc_5545_line_rules():
    first = calendar_feed(programme_meetings(), dtstamp=DTSTAMP)
    assert first == calendar_feed(list(reversed(programme_meetings())), dtstamp=DTSTAMP)
    assert first.endswith("\r\n")
    lines = first.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "\n" not in first.replace("\r\n", "")


def test_online_meeting_has_link_as_location_and_conference():
    calendar = Calendar.from_ical(calendar_feed(programme_meetings(), dtstamp=DTSTAMP))
    online = next(e for e in calendar.walk("VEVENT") if e.decoded("dtstart").day == 30)
    assert str(online["location"]) == "https://meet.example.org/verdensmaal-2"
    assert str(online["conference"]) == "https://meet.example.org/verdensmaal-2"
    physical = next(e for e in calendar.walk("VEVENT") if e.decoded("dtstart").day == 29)
    assert str(physical["location"]) == "København"
    assert "conference" not in physical


def test_single_invitation_is_a_request():
    meeting = programme_meetings()[-1]  # 29 October 2020
    text = meeting_invitation(
        meeting,
        dtstamp=DTSTAMP,
        organizer=Attendee(name="Netværkssekretariatet", email="netvaerk@example.dk"),
        attendees=[
            Attendee(name="Anna Andersen", email="anna@eksempelby.example.dk"),
            Attendee(name="Bo Berg", email="bo@eksempelby.example.dk"),
        ],
    )
    calendar = Calendar.from_ical(text)
    assert calendar["method"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == meeting.uid
    assert str(event["organizer"]) == "mailto:netvaerk@example.dk"
    attendees = event["attendee"]
    assert [str(a) for a in attendees] == [
        "mailto:anna@eksempelby.example.dk",
        "mailto:bo@eksempelby.example.dk",
    ]
    assert attendees[0].params["RSVP"] == "TRUE"
    assert attendees[0].params["CN"] == "Anna Andersen"
    assert event.decoded("dtstart").astimezone(UTC) == datetime(2020, 10, 29, 12, tzinfo=UTC)
    assert int(event["sequence"]) == 0
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_invitation_snapshot(snapshot):
    text = meeting_invitation(
        programme_meetings()[0],  # 10 June 2021, summer time
        dtstamp=DTSTAMP,
        organizer=Attendee(name="Netværkssekretariatet", email="netvaerk@example.dk"),
        attendees=[Attendee(name="Anna Andersen", email="anna@eksempelby.example.dk")],
    )
    snapshot("invitation-2021-06-10.ics", text.encode("utf-8"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end": datetime(2020, 10, 29, 12, 0)}, "must end after it starts"),
        ({"location": "", "online_url": ""}, "location or an online_url"),
        ({"uid": " "}, "uid"),
        # 02:30 on 25 October 2020 happened twice; on 29 March 2020 it did not happen at all.
        ({"start": datetime(2020, 10, 25, 2, 30)}, "ambiguous or does not exist"),
        ({"start": datetime(2020, 3, 29, 2, 30)}, "ambiguous or does not exist"),
    ],
)
def test_invalid_meetings_are_refused(changes, message):
    meeting = programme_meetings()[-1]
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(meeting, **changes)


def test_feed_refuses_naive_dtstamp_and_duplicate_uids():
    meetings = programme_meetings()
    with pytest.raises(ValueError, match="dtstamp"):
        calendar_feed(meetings, dtstamp=datetime(2020, 9, 1))
    with pytest.raises(ValueError, match="unique"):
        calendar_feed([meetings[0], meetings[0]], dtstamp=DTSTAMP)
    with pytest.raises(ValueError, match="attendee"):
        meeting_invitation(
            meetings[0],
            dtstamp=DTSTAMP,
            organizer=Attendee(name="S", email="s@example.dk"),
            attendees=[],
        )
