"""The network's public programme: seasons and their meetings, with dates, theme, format, place
and speakers. Nothing about who registered; the online link and the minutes only for the
network's members, as on the meeting page."""

from ninja import Router

from verdensmaal.audit.selectors import last_change
from verdensmaal.network import audit_actions
from verdensmaal.network import selectors as network

from ..auth import caller
from ..caching import modified
from ..common import ONE, READ, found, texts
from ..schemas import IdPath, MeetingOut, SeasonDetailOut, SeasonOut

router = Router(tags=["Programme"])

PROGRAMME_WRITES = [
    audit_actions.SEASON_CREATED,
    audit_actions.SEASON_UPDATED,
    audit_actions.MEETING_CREATED,
    audit_actions.MEETING_UPDATED,
    audit_actions.MEETING_REGISTRATION_CREATED,  # seats taken
    audit_actions.MEETING_REGISTRATION_CANCELLED,
    audit_actions.MEETING_REGISTRATION_PROMOTED,
]


def _season(season) -> dict:
    return {
        "id": season.pk,
        "name": season.name,
        "title": texts(season, "title"),
        "starts_on": season.starts_on,
        "ends_on": season.ends_on,
    }


def _meeting(meeting, member: bool) -> dict:
    return {
        **{
            field: getattr(meeting, field)
            for field in (
                "starts_at", "ends_at", "format", "venue", "address", "city", "is_online",
                "capacity", "seats_taken", "agenda",
            )
        },
        "id": meeting.pk,
        "season": meeting.season_id,
        "theme": texts(meeting, "title"),
        "online_url": meeting.online_url if member and meeting.is_online else None,
        "minutes": meeting.minutes if member else None,
        "speakers": [
            {"name": s.name, "title": s.title, "organisation": s.organisation}
            for s in meeting.speakers.all()
        ],
    }  # fmt: skip


def _season_detail(request, season) -> dict:
    member = network.can_see_member_pages(caller(request))
    meetings = list(network.season_meetings(season))
    modified(request, season.updated_at, *(meeting.updated_at for meeting in meetings))
    return {**_season(season), "meetings": [_meeting(m, member) for m in meetings]}


@router.get("/seasons", response={200: list[SeasonOut], **READ}, summary="Seasons")
def seasons(request):
    """The network's seasons, the newest first."""
    modified(request, last_change(PROGRAMME_WRITES))
    return [_season(season) for season in network.seasons()]


@router.get("/programme", response={200: SeasonDetailOut, **ONE}, summary="The programme")
def programme(request):
    """The season running now (else the next, else the latest) with its meetings."""
    modified(request, last_change(PROGRAMME_WRITES))
    return _season_detail(request, found(network.current_season(), "season"))


@router.get("/seasons/{season_id}", response={200: SeasonDetailOut, **ONE}, summary="One season")
def season(request, season_id: IdPath):
    modified(request, last_change(PROGRAMME_WRITES))
    return _season_detail(request, found(network.season(season_id), "season"))


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **ONE}, summary="One meeting")
def meeting(request, meeting_id: IdPath):
    meeting = found(network.meeting(meeting_id), "meeting")
    modified(request, meeting.updated_at, last_change(PROGRAMME_WRITES))
    return _meeting(meeting, network.can_see_member_pages(caller(request)))
