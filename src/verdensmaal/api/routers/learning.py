"""Learning across borders: the cases and field observations the caller may read, exactly as the
pages show them (the public reads what is published, the network's members what is shared with
them, an organisation all of its own)."""

from typing import Annotated

from ninja import Query, Router

from verdensmaal.audit.selectors import last_change
from verdensmaal.frameworks.selectors import can_view_part
from verdensmaal.learning import audit_actions
from verdensmaal.learning import selectors as learning
from verdensmaal.network import selectors as network

from ..auth import caller
from ..caching import modified
from ..common import ONE, READ, found, texts
from ..schemas import (
    CODE_PATTERN,
    NO_NUL,
    CaseDetailOut,
    CaseOut,
    FieldObservationOut,
    IdPath,
)

router = Router(tags=["Learning"])

CASE_WRITES = [audit_actions.CASE_CREATED, audit_actions.CASE_UPDATED, audit_actions.CASE_DELETED]
OBSERVATION_WRITES = [
    audit_actions.OBSERVATION_CREATED,
    audit_actions.OBSERVATION_UPDATED,
    audit_actions.OBSERVATION_DELETED,
]


def _case(case) -> dict:
    area = case.organisation.area
    return {
        "id": case.pk,
        "organisation": case.organisation.name,
        "municipality": area.code if area else None,
        "title": texts(case, "title"),
        "summary": texts(case, "summary"),
        "started_on": case.started_on,
        "ended_on": case.ended_on,
        "cost": case.cost,
        "goals": sorted(goal.number for goal in case.goals.all()),
        "targets": sorted(target.code for target in case.targets.all()),
        "indicators": sorted(indicator.code for indicator in case.indicators.all()),
        "sharing": case.sharing,
        "updated_at": case.updated_at,
        "page": case.get_absolute_url(),
    }


@router.get("/cases", response={200: list[CaseOut], **READ}, summary="Cases")
def case_list(
    request,
    goal: Annotated[int | None, Query(ge=1, le=17)] = None,
    indicator: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    municipality: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
):
    """The cases you may read, the newest first; narrowed by a ``goal`` (number), an
    ``indicator`` (code), a ``municipality`` (area code) and words ``q`` (Danish or English)."""
    search = learning.CaseSearch(
        words=q or "", goal=goal, indicator=indicator or "", municipality=municipality or ""
    )
    cases = list(learning.case_search(caller(request), search).prefetch_related("targets"))
    modified(request, last_change(CASE_WRITES), *(case.updated_at for case in cases))
    return [_case(case) for case in cases]


@router.get("/cases/{case_id}", response={200: CaseDetailOut, **ONE}, summary="One case")
def case_detail(request, case_id: IdPath):
    """A case with its partners, drivers and barriers and materials."""
    user = caller(request)
    case = learning.case_by_id(case_id)
    if case is None or not learning.can_view_case(user, case):
        found(None, "case")
    modified(request, case.updated_at)
    action = case.action if case.action and can_view_part(user, case.action) else None
    return {
        **_case(case),
        "rationale": texts(case, "rationale"),
        "results": texts(case, "results"),
        "lessons": texts(case, "lessons"),
        "contact_name": case.contact_name,
        "contact_email": case.contact_email,
        "action": action.pk if action else None,
        "meeting": case.meeting_id,
        "partners": [{"name": p.name, "role": p.role} for p in case.partners.all()],
        "factors": [{"effect": f.effect, "text": f.text} for f in case.factors.all()],
        "materials": [
            {"title": m.title, "link": m.url or f"/learning/materials/{m.pk}/"}
            for m in case.materials.all()
        ],
    }


@router.get(
    "/meetings/{meeting_id}/observations",
    response={200: list[FieldObservationOut], **ONE},
    summary="A field visit's observations",
)
def meeting_observations(request, meeting_id: IdPath):
    """What participants observed on a field visit, as far as you may read it (an empty list
    for a meeting that is not a field visit)."""
    meeting = found(network.meeting(meeting_id), "meeting")
    observations = list(learning.readable_observations(caller(request), meeting))
    modified(request, last_change(OBSERVATION_WRITES), *(o.updated_at for o in observations))
    return [
        {
            "id": o.pk,
            "meeting": o.meeting_id,
            "site": o.site.name if o.site_id else None,
            "organisation": o.organisation.name if o.organisation_id else None,
            "text": o.text,
            "language": o.language,
            "goals": sorted(goal.number for goal in o.goals.all()),
            "sharing": o.sharing,
            "created_at": o.created_at,
        }
        for o in observations
    ]
