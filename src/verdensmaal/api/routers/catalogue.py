"""The SDG framework (goals, targets, global indicators) and the municipal indicator catalogue."""

from typing import Annotated

from ninja import Path, Query, Router

from verdensmaal.audit.selectors import last_change
from verdensmaal.catalogue import audit_actions
from verdensmaal.catalogue import selectors as catalogue

from ..caching import modified
from ..common import ONE, READ, found, link, texts
from ..schemas import MAX_ID, CodePath, GoalOut, IndicatorOut

router = Router(tags=["SDG framework and indicators"])


def _goal(goal) -> dict:
    return {
        "number": goal.number,
        "name": texts(goal, "name"),
        "title": texts(goal, "title"),
        "colour": goal.colour,
        "targets": [
            {
                "code": target.code,
                "title": texts(target, "title"),
                "global_indicators": [
                    {"code": indicator.code, "title": texts(indicator, "title")}
                    for indicator in target.indicators.all()
                ],
            }
            for target in goal.targets.all()
        ],
    }


def _indicator(indicator) -> dict:
    targets = list(indicator.targets.all())
    return {
        **{
            field: getattr(indicator, field)
            for field in (
                "code", "kind", "unit_code", "direction", "range_min", "range_max", "natural_limit",
                "green_threshold", "red_threshold", "threshold_basis", "source_kind",
                "publisher", "source_table", "source_url", "frequency", "first_year",
                "verified", "updated_at",
            )
        },
        "name": texts(indicator, "name"),
        "description": texts(indicator, "description"),
        "unit": texts(indicator, "unit"),
        "threshold_note": texts(indicator, "threshold_note"),
        "source_measure": texts(indicator, "source_measure"),
        "comparability": texts(indicator, "comparability"),
        "goals": sorted({target.goal.number for target in targets}),
        "targets": sorted(target.code for target in targets),
        "global_indicators": sorted(g.code for g in indicator.global_indicators.all()),
        "observations": link(f"/observations?indicator={indicator.code}"),
    }  # fmt: skip


@router.get("/goals", response={200: list[GoalOut], **READ}, summary="The 17 goals")
def goals(request):
    """The 17 goals with their 169 targets and the global indicators, in Danish and English."""
    modified(request, last_change([audit_actions.TARGET_TRANSLATED]))
    return [_goal(goal) for goal in catalogue.goals_with_targets()]


@router.get("/goals/{number}", response={200: GoalOut, **ONE}, summary="One goal")
def goal(request, number: Annotated[int, Path(ge=1, le=MAX_ID)]):
    """One goal with its targets and their global indicators."""
    modified(request, last_change([audit_actions.TARGET_TRANSLATED]))
    return _goal(found(catalogue.goals_with_targets().filter(number=number).first(), "goal"))


@router.get("/indicators", response={200: list[IndicatorOut], **READ}, summary="The catalogue")
def indicators(request, goal: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None):
    """The municipal indicator catalogue, with units, direction, thresholds, sources and the SDG
    targets each informs; ``goal`` keeps the indicators of one goal."""
    found_indicators = list(catalogue.indicator_catalogue(goal_number=goal))
    modified(request, *(indicator.updated_at for indicator in found_indicators))
    return [_indicator(indicator) for indicator in found_indicators]


@router.get("/indicators/{code}", response={200: IndicatorOut, **ONE}, summary="One indicator")
def indicator(request, code: CodePath):
    indicator = found(catalogue.indicator_catalogue().filter(code=code).first(), "indicator")
    modified(request, indicator.updated_at)
    return _indicator(indicator)
