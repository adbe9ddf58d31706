"""iCalendar (RFC 5545) files for the network's meetings: a feed, and a single invitation.

Times are written in local Copenhagen time with ``TZID=Europe/Copenhagen`` and a VTIMEZONE that
states the EU summer-time rule (since 1996: summer time from the last Sunday of March at 01:00 UTC
to the last Sunday of October at 01:00 UTC), so calendar clients show the meeting at the same wall
clock time the programme announces, on either side of a DST change. ``DTSTAMP`` is a UTC time.

The output is stable: the caller passes ``DTSTAMP`` (for example the time the programme was last
changed), and events are sorted by start time and UID, so the same meetings always give the same
text and a snapshot test can pin it.

:func:`calendar_feed` gives a ``METHOD:PUBLISH`` feed for subscription or download;
:func:`meeting_invitation` gives a ``METHOD:REQUEST`` object (iTIP, RFC 5546) for one meeting, to
attach to an invitation e-mail as ``text/calendar; method=REQUEST``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

__all__ = [
    "COPENHAGEN",
    "PRODID",
    "Attendee",
    "Meeting",
    "calendar_feed",
    "copenhagen_vtimezone",
    "meeting_invitation",
]

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
"""The zone in which the network's meetings take place and in which naive times are read."""

TZID = "Europe/Copenhagen"

PRODID = "-//Verdensmaal//Network meetings//DA"
"""RFC 5545 PRODID: identifies the product that wrote the file."""

# Denmark has followed the current EU summer-time rule since 1996, so a VTIMEZONE with these two
# yearly rules is exact from 1996 on (and until the EU changes the rule). DTSTART of each
# observance is the local time of the change in the offset in force before it (RFC 5545, 3.6.5):
# 02:00 CET in March, 03:00 CEST in October, both 01:00 UTC.
_RULES_START_YEAR = 1996


@dataclass(frozen=True)
class Meeting:
    """One network meeting.

    ``start`` and ``end`` are aware datetimes, or naive datetimes read as Europe/Copenhagen wall
    clock time. A meeting has a physical ``location``, an ``online_url`` (video link), or both.
    ``url`` is the meeting's page in the product; ``sequence`` is the iTIP revision number, raised
    each time a sent invitation is changed.
    """

    uid: str
    title: str
    start: datetime
    end: datetime
    location: str = ""
    online_url: str = ""
    description: str = ""
    url: str = ""
    sequence: int = 0

    def __post_init__(self) -> None:
        if not self.uid.strip():
            raise ValueError("uid must not be empty")
        if not self.title.strip():
            raise ValueError("title must not be empty")
        if not (self.location.strip() or self.online_url.strip()):
            raise ValueError(f"meeting {self.uid!r} needs a location or an online_url")
        if self.sequence < 0:
            raise ValueError(f"sequence must not be negative, got {self.sequence}")
        if _as_copenhagen(self.end, "end") <= _as_copenhagen(self.start, "start"):
            raise ValueError(f"meeting {self.uid!r} must end after it starts")

    @property
    def start_local(self) -> datetime:
        """The start as an aware datetime in Europe/Copenhagen."""
        return _as_copenhagen(self.start, "start")

    @property
    def end_local(self) -> datetime:
        """The end as an aware datetime in Europe/Copenhagen."""
        return _as_copenhagen(self.end, "end")


@dataclass(frozen=True)
class Attendee:
    """A person invited to a meeting (or its organizer): display name and e-mail address."""

    name: str
    email: str

    def __post_init__(self) -> None:
        if "@" not in self.email or any(char.isspace() for char in self.email):
            raise ValueError(f"not an e-mail address: {self.email!r}")


def _as_copenhagen(moment: datetime, name: str) -> datetime:
    """Return ``moment`` as an aware Copenhagen datetime; naive times are local wall clock."""
    if not isinstance(moment, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(moment).__name__}")
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        return moment.astimezone(COPENHAGEN)
    earlier = moment.replace(tzinfo=COPENHAGEN, fold=0)
    later = moment.replace(tzinfo=COPENHAGEN, fold=1)
    if earlier.utcoffset() != later.utcoffset():
        # The hour that is repeated (October) or skipped (March) at a DST change: the wall clock
        # time alone does not say which instant is meant, so refuse rather than guess.
        raise ValueError(
            f"{name} {moment.isoformat()} is ambiguous or does not exist in Europe/Copenhagen "
            "(DST change); pass an aware datetime"
        )
    return earlier


def copenhagen_vtimezone() -> Timezone:
    """Return the VTIMEZONE component for Europe/Copenhagen (EU summer-time rule, 1996 on)."""
    timezone = Timezone()
    timezone.add("tzid", TZID)
    daylight = TimezoneDaylight()
    daylight.add("dtstart", datetime(_RULES_START_YEAR, 3, 31, 2, 0, 0))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    daylight.add("tzname", "CEST")
    daylight.add("tzoffsetfrom", datetime(2000, 1, 1, tzinfo=COPENHAGEN).utcoffset())
    daylight.add("tzoffsetto", datetime(2000, 7, 1, tzinfo=COPENHAGEN).utcoffset())
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(_RULES_START_YEAR, 10, 27, 3, 0, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    standard.add("tzname", "CET")
    standard.add("tzoffsetfrom", datetime(2000, 7, 1, tzinfo=COPENHAGEN).utcoffset())
    standard.add("tzoffsetto", datetime(2000, 1, 1, tzinfo=COPENHAGEN).utcoffset())
    timezone.add_component(daylight)
    timezone.add_component(standard)
    return timezone


def _require_utc_stamp(dtstamp: datetime) -> datetime:
    if not isinstance(dtstamp, datetime) or dtstamp.tzinfo is None:
        raise ValueError("dtstamp must be an aware datetime (it is written in UTC)")
    return dtstamp.astimezone(UTC)


def _calendar(method: str, name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("name", name)  # RFC 7986
        calendar.add("x-wr-calname", name)  # the older spelling that Outlook and Apple read
        calendar.add("x-wr-timezone", TZID)
    calendar.add_component(copenhagen_vtimezone())
    return calendar


def _event(meeting: Meeting, dtstamp: datetime) -> Event:
    event = Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", dtstamp)
    event.add("dtstart", meeting.start_local)
    event.add("dtend", meeting.end_local)
    event.add("sequence", meeting.sequence)
    event.add("summary", meeting.title)
    if meeting.description:
        event.add("description", meeting.description)
    # Clients show LOCATION prominently; an online-only meeting shows its link there.
    event.add("location", meeting.location or meeting.online_url)
    if meeting.online_url:
        event.add("conference", meeting.online_url, parameters={"VALUE": "URI", "FEATURE": "VIDEO"})
    if meeting.url:
        event.add("url", meeting.url)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _sorted(meetings: Iterable[Meeting]) -> list[Meeting]:
    result = sorted(meetings, key=lambda meeting: (meeting.start_local, meeting.uid))
    uids = [meeting.uid for meeting in result]
    if len(set(uids)) != len(uids):
        raise ValueError(f"meeting UIDs must be unique, got {uids}")
    return result


def calendar_feed(meetings: Iterable[Meeting], *, dtstamp: datetime, name: str = "") -> str:
    """Return an iCalendar feed (``METHOD:PUBLISH``) of ``meetings`` as RFC 5545 text.

    Events are sorted by start and UID; ``dtstamp`` (aware) is written, in UTC, on every event;
    ``name`` is the calendar's display name. Lines end in CRLF and are folded at 75 octets, as
    RFC 5545 requires.
    """
    stamp = _require_utc_stamp(dtstamp)
    calendar = _calendar("PUBLISH", name)
    for meeting in _sorted(meetings):
        calendar.add_component(_event(meeting, stamp))
    return calendar.to_ical().decode("utf-8")


def meeting_invitation(
    meeting: Meeting,
    *,
    dtstamp: datetime,
    organizer: Attendee,
    attendees: Sequence[Attendee],
) -> str:
    """Return a ``METHOD:REQUEST`` iCalendar object inviting ``attendees`` to one meeting.

    RFC 5546 requires an ORGANIZER and at least one ATTENDEE in a REQUEST; attendees are asked
    to reply (``RSVP=TRUE``) and are written in the order given.
    """
    if not attendees:
        raise ValueError("an invitation needs at least one attendee (RFC 5546, REQUEST)")
    stamp = _require_utc_stamp(dtstamp)
    calendar = _calendar("REQUEST", "")
    event = _event(meeting, stamp)
    organizer_address = vCalAddress(f"mailto:{organizer.email}")
    organizer_address.params["CN"] = organizer.name
    event.add("organizer", organizer_address)
    for attendee in attendees:
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["CN"] = attendee.name
        address.params["ROLE"] = "REQ-PARTICIPANT"
        address.params["PARTSTAT"] = "NEEDS-ACTION"
        address.params["RSVP"] = "TRUE"
        event.add("attendee", address)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def meeting_cancellation(
    meeting: Meeting, *, dtstamp: datetime, organizer: Attendee, attendee: Attendee
) -> str:
    """Return a ``METHOD:CANCEL`` iCalendar object (RFC 5546) that takes one meeting out of one
    attendee's calendar: the same UID and sequence as the invitation, status cancelled."""
    stamp = _require_utc_stamp(dtstamp)
    calendar = _calendar("CANCEL", "")
    event = _event(meeting, stamp)
    event.add("status", "CANCELLED")
    organizer_address = vCalAddress(f"mailto:{organizer.email}")
    organizer_address.params["CN"] = organizer.name
    event.add("organizer", organizer_address)
    address = vCalAddress(f"mailto:{attendee.email}")
    address.params["CN"] = attendee.name
    event.add("attendee", address)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
