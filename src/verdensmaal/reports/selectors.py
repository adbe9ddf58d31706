"""Reads for the municipality profile and the network overview: the SDSN dashboard of all
municipalities (``dashboards.sdg_index``), similar municipalities, and the published framework.
What a visitor reads follows the sharing levels: the public sees only what is published."""

from dataclasses import dataclass, field

import numpy as np

from verdensmaal.areas.models import Area
from verdensmaal.dashboards.sdg_index import Dashboard, dashboard
from verdensmaal.dashboards.selectors import Similar, similar_municipalities
from verdensmaal.frameworks.selectors import framework_overview, frameworks_of_area
from verdensmaal.measurement.models import ProgressSettings
from verdensmaal.measurement.vocabulary import status_display
from verdensmaal.network.selectors import current_season

SHOWN_INDICATORS = 3  # strongest and weakest indicators on the profile


def _number(value) -> float | None:
    return None if value is None or np.isnan(value) else float(value)


@dataclass(frozen=True)
class GoalRow:
    goal: object
    score: float | None
    rank: int | None
    colour: str
    arrow: dict
    region: float | None
    denmark: float | None
    similar: float | None

    @property
    def means(self) -> tuple:
        """The mean score of the region, of Denmark and of the similar municipalities."""
        return (self.region, self.denmark, self.similar)


@dataclass(frozen=True)
class IndicatorRow:
    indicator: object
    value: float | None
    year: int | None
    score: float | None
    colour: str
    arrow: dict


@dataclass
class Profile:
    municipality: Area
    index: float | None
    index_rank: int | None
    count: int  # municipalities ranked
    goals: list[GoalRow]
    strongest: list[IndicatorRow]
    weakest: list[IndicatorRow]
    similar: list[Similar]
    member: bool
    framework: object = None
    framework_parts: dict = field(default_factory=dict)
    board: Dashboard | None = None


def _mean(board: Dashboard, rows: list[int]) -> np.ndarray:
    """Mean goal scores over some municipalities (NaN where none has a score)."""
    if not rows:
        return np.full(len(board.goals), np.nan)
    scores = board.goal_scores[rows]
    with np.errstate(invalid="ignore"):
        count = (~np.isnan(scores)).sum(axis=0)
        return np.where(count > 0, np.nansum(scores, axis=0) / np.maximum(count, 1), np.nan)


def _indicator_rows(board: Dashboard, row: int, order) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            indicator=board.indicators[k],
            value=_number(board.latest[row, k]),
            year=int(board.latest_year[row, k]) or None,
            score=_number(board.scores[row, k]),
            colour=str(board.colours[row, k]),
            arrow=status_display(str(board.arrows[row, k])),
        )
        for k in order
    ]


def municipality_profile(municipality: Area, user, *, until: int | None = None) -> Profile:
    """Everything the profile shows, for ``user`` (drafts and unshared parts left out); with
    ``until``, the dashboard of the data up to that year."""
    base_year = ProgressSettings.current().base_year
    board = dashboard(base_year=base_year, until=until)
    me = board.row(municipality)
    similar = similar_municipalities(municipality)
    region_rows = [
        i for i, m in enumerate(board.municipalities) if m.parent_id == municipality.parent_id
    ]
    similar_rows = [board.row(s.area) for s in similar]
    region = _mean(board, region_rows)
    denmark = _mean(board, list(range(len(board.municipalities))))
    alike = _mean(board, similar_rows)
    goals = [
        GoalRow(
            goal=goal,
            score=_number(board.goal_scores[me, g]),
            rank=int(board.goal_ranks[me, g]) or None,
            colour=str(board.goal_colours[me, g]),
            arrow=status_display(str(board.goal_arrows[me, g])),
            region=_number(region[g]),
            denmark=_number(denmark[g]),
            similar=_number(alike[g]),
        )
        for g, goal in enumerate(board.goals)
    ]
    scored = [
        k
        for k in np.argsort(-np.nan_to_num(board.scores[me], nan=-1))
        if not np.isnan(board.scores[me, k])
    ]
    strongest = _indicator_rows(board, me, scored[:SHOWN_INDICATORS])
    weakest = _indicator_rows(board, me, scored[::-1][:SHOWN_INDICATORS])
    organisation = getattr(municipality, "organisation", None)
    season = current_season()
    member = bool(
        organisation is not None
        and season is not None
        and season.memberships.filter(organisation=organisation).exists()
    )
    profile = Profile(
        municipality=municipality,
        index=_number(board.index[me]),
        index_rank=int(board.index_rank[me]) or None,
        count=int(np.count_nonzero(~np.isnan(board.index))),
        goals=goals,
        strongest=strongest,
        weakest=weakest,
        similar=similar,
        member=member,
        board=board,
    )
    framework = frameworks_of_area(user, municipality).first()
    if framework is not None:
        profile.framework = framework
        profile.framework_parts = framework_overview(framework, user, charts=False)
    return profile


@dataclass
class MemberRow:
    area: Area
    matrix: object  # the dashboards' MatrixRow
    framework: object = None
    priorities: list = field(default_factory=list)
    targets: list = field(default_factory=list)  # TargetProgress, as the user may see them


def member_municipalities() -> list[Area]:
    """The municipalities that are members of the network this season, by name."""
    season = current_season()
    if season is None:
        return []
    return list(
        Area.objects.filter(organisation__memberships__season=season)
        .select_related("parent")
        .order_by("name_da")
        .distinct()
    )


def network_overview(user) -> tuple[list, list[MemberRow]]:
    """The member municipalities side by side: the 17-goal dashboard, their priorities and their
    local targets' statuses, as ``user`` may see them."""
    from verdensmaal.dashboards.selectors import goal_matrix

    municipalities = member_municipalities()
    goals, matrix = goal_matrix(municipalities, base_year=ProgressSettings.current().base_year)
    rows = []
    for area, matrix_row in zip(municipalities, matrix, strict=True):
        row = MemberRow(area=area, matrix=matrix_row)
        framework = frameworks_of_area(user, area).first()
        if framework is not None:
            parts = framework_overview(framework, user, charts=False)
            row.framework = framework
            row.priorities = list(parts["priorities"])
            row.targets = parts["targets"]
        rows.append(row)
    return goals, rows
