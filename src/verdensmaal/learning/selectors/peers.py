"""Find who did it better: for a municipality and an indicator, the similar municipalities and
the network's members ranked by how much they improved over a period (``measures.improvement``),
with what they did about it: their actions and cases on the indicator."""

from dataclasses import dataclass, field

import numpy as np
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Indicator
from verdensmaal.core.charts import ranked_chart
from verdensmaal.dashboards.sdg_index import dashboard
from verdensmaal.dashboards.selectors import similar_municipalities
from verdensmaal.data.selectors import observation_cube
from verdensmaal.frameworks.models import Action, LocalTarget
from verdensmaal.frameworks.selectors import local_target_progress
from verdensmaal.measurement.models import ProgressSettings
from verdensmaal.measurement.vocabulary import STATUS_RANK, status_display

from .. import measures
from .cases import readable_cases
from .common import (
    member_areas,
    municipalities,
    readable_local_targets,
    readable_parts,
    years,
)

WEAK_SHOWN = 6  # the municipality's weakest indicators offered as a start
BEHIND_RANK = 1  # a local target whose status ranks this low or lower is behind


@dataclass
class PeerRow:
    area: Area
    first_year: int | None
    first_value: float | None
    last_year: int | None
    last_value: float | None
    per_year: float | None
    total: float | None
    rank: int | None  # among all municipalities with a figure
    is_self: bool = False
    is_member: bool = False
    is_similar: bool = False
    distance: float | None = None
    actions: list = field(default_factory=list)
    cases: list = field(default_factory=list)


@dataclass
class PeerFinding:
    municipality: Area
    indicator: Indicator
    start: int
    end: int
    first_data_year: int | None
    last_data_year: int | None
    own: PeerRow | None
    similar: list[PeerRow]
    members: list[PeerRow]
    ranked: int  # municipalities with a figure
    median: float | None
    chart: SafeString | None


def _number(value) -> float | None:
    return None if value is None or np.isnan(value) else float(value)


def data_years(indicator: Indicator, areas: list[Area]) -> tuple[list[int], np.ndarray]:
    """The years and the municipalities' yearly values (areas × years) of one indicator."""
    span = years()
    return span, observation_cube([indicator.pk], [a.pk for a in areas], span)[:, 0, :]


def peer_finder(
    user, *, municipality: Area, indicator: Indicator, start: int | None = None,
    end: int | None = None,
) -> PeerFinding:  # fmt: skip
    """Who moved ``indicator`` most between ``start`` and ``end`` (by default from the network's
    base year to the latest year with data): the similar municipalities first, then the
    members, each best first, with their actions and cases on the indicator that ``user`` may
    read."""
    areas = municipalities()
    span, values = data_years(indicator, areas)
    with_data = [y for k, y in enumerate(span) if not np.isnan(values[:, k]).all()]
    first_data, last_data = (with_data[0], with_data[-1]) if with_data else (None, None)
    end = min(end or last_data or span[-1], span[-1])
    start = start or max(ProgressSettings.current().base_year, first_data or span[0])
    start = min(start, end)
    directed = indicator.direction in (measures.HIGHER, measures.LOWER)
    if directed:
        found = measures.improvement(
            span, values, start=start, end=end, direction=indicator.direction
        )
        rank = measures.ranks(found.per_year)
    at = {area.pk: row for row, area in enumerate(areas)}

    def row(area: Area, **flags) -> PeerRow:
        if not directed:
            return PeerRow(area, None, None, None, None, None, None, None, **flags)
        i = at[area.pk]
        per_year = _number(found.per_year[i])
        return PeerRow(
            area=area,
            first_year=int(found.first_year[i]) or None,
            first_value=_number(found.first_value[i]),
            last_year=int(found.last_year[i]) or None,
            last_value=_number(found.last_value[i]),
            per_year=per_year,
            total=_number(found.total[i]) if per_year is not None else None,
            rank=int(rank[i]) or None,
            **flags,
        )

    members = {a.pk for a in member_areas()}
    similar = similar_municipalities(municipality)
    similar_rows = [
        row(s.area, is_similar=True, is_member=s.area.pk in members, distance=s.distance)
        for s in similar
    ]
    member_rows = [
        row(area, is_member=True, is_similar=area.pk in {s.area.pk for s in similar})
        for area in areas
        if area.pk in members and area.pk != municipality.pk
    ]
    own = row(municipality, is_self=True, is_member=municipality.pk in members)
    _attach_work(user, indicator, [own, *similar_rows, *member_rows])

    def best_first(rows: list[PeerRow]) -> list[PeerRow]:
        return sorted(rows, key=lambda r: (r.per_year is None, -(r.per_year or 0), r.area.name_da))

    median = None
    if directed:
        known = found.per_year[~np.isnan(found.per_year)]
        median = float(np.median(known)) if known.size else None
    finding = PeerFinding(
        municipality=municipality,
        indicator=indicator,
        start=start,
        end=end,
        first_data_year=first_data,
        last_data_year=last_data,
        own=own,
        similar=best_first(similar_rows),
        members=best_first(member_rows),
        ranked=int(np.count_nonzero(~np.isnan(found.per_year))) if directed else 0,
        median=median,
        chart=None,
    )
    if directed:
        finding.chart = _chart(finding)
    return finding


def _attach_work(user, indicator: Indicator, rows: list[PeerRow]) -> None:
    """Each row's actions (serving a local target on the indicator) and cases (on the
    indicator), as far as ``user`` may read them: two queries for all rows."""
    by_area = {r.area.pk: r for r in rows}
    actions = readable_parts(
        user,
        Action.objects.filter(
            local_targets__in=readable_local_targets(
                user, LocalTarget.objects.filter(indicator=indicator)
            ),
            framework__organisation__area__in=list(by_area),
        ),
    ).select_related("framework__organisation")
    for action in actions.distinct().order_by("pk"):
        by_area[action.framework.organisation.area_id].actions.append(action)
    cases = readable_cases(user).filter(indicators=indicator, organisation__area__in=list(by_area))
    for case in cases.distinct().order_by("-created_at", "-pk"):
        by_area[case.organisation.area_id].cases.append(case)


def _chart(finding: PeerFinding) -> SafeString | None:
    rows = {r.area.code: r for r in [finding.own, *finding.similar, *finding.members]}
    if not any(r.per_year is not None for r in rows.values()):
        return None
    # The unit is in the title, not after every bar's value: "pr. 100.000 indbyggere om året"
    # behind each bar ran past the edge of a chart that fits a phone.
    unit = finding.indicator.localised("unit").text
    return ranked_chart(
        [(code, str(r.area), r.per_year) for code, r in rows.items()],
        highlight=finding.municipality.code,
        peers={code for code, r in rows.items() if r.is_member},
        direction="higher",
        average=(
            (_("Median of all municipalities"), finding.median)
            if finding.median is not None
            else None
        ),
        title=_("Improvement per year (%(unit)s), %(start)s–%(end)s: %(indicator)s")
        % {
            "unit": unit,
            "start": finding.start,
            "end": finding.end,
            "indicator": finding.indicator.localised("name").text,
        },
        highlight_label=str(finding.municipality),
        peers_label=_("Network members"),
    )


@dataclass(frozen=True)
class WeakIndicator:
    indicator: Indicator
    score: float | None
    colour: str
    local_target: LocalTarget | None = None
    status: dict | None = None


def weak_indicators(user, municipality: Area) -> list[WeakIndicator]:
    """Where to start looking for peers: the municipality's local targets that are behind (as
    ``user`` may read them), then its lowest SDSN scores among all municipalities."""
    weak = []
    settings = ProgressSettings.current()
    targets = readable_local_targets(
        user, LocalTarget.objects.filter(framework__organisation__area=municipality)
    ).select_related("indicator", "framework__organisation")
    for local_target in targets.order_by("pk"):
        progress = local_target_progress(
            local_target, municipality, method=settings.default_method, chart=False
        )
        rank = STATUS_RANK.get(progress.status)
        if rank is not None and rank <= BEHIND_RANK:
            weak.append(
                WeakIndicator(
                    local_target.indicator, None, "", local_target, status_display(progress.status)
                )
            )
    board = dashboard(base_year=settings.base_year)
    me = board.row(municipality)
    scored = [k for k in np.argsort(np.nan_to_num(board.scores[me], nan=np.inf))
              if not np.isnan(board.scores[me, k])]  # fmt: skip
    listed = {w.indicator.pk for w in weak}
    for k in scored:
        if len([w for w in weak if w.local_target is None]) >= WEAK_SHOWN:
            break
        indicator = board.indicators[k]
        if indicator.pk not in listed:
            weak.append(
                WeakIndicator(indicator, float(board.scores[me, k]), str(board.colours[me, k]))
            )
            listed.add(indicator.pk)
    return weak


def directed_indicators():
    """The indicators a peer finder can rank (those with a better direction)."""
    return (
        Indicator.objects.filter(direction__in=(measures.HIGHER, measures.LOWER))
        .prefetch_related("targets__goal")
        .order_by("code")
    )
