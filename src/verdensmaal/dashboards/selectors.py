"""Reads for the progress pages: observations to arrays, the engine over whole arrays at once.

The SDSN normalisation needs an upper bound (the optimum). Municipal indicators have no agreed
optimum, so verdensmaal uses the best-performing end of the municipal distribution, mirroring the
SDSN's lower bound: the 97.5th percentile where higher is better, the 2.5th where lower is
better (``docs/methods.md``, "The SDSN method for municipalities").
"""

import warnings
from dataclasses import dataclass, field

import numpy as np
from django.utils import timezone

from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Goal, Indicator
from verdensmaal.data.selectors import observation_cube
from verdensmaal.measurement.vocabulary import status_display
from verdensmaal.progress import METHODS, assess_many, opensdg, sdsn

from .models import SimilarityIndicator
from .similarity import DEFAULT_NEIGHBOURS, nearest

FIRST_YEAR = 2000


def _years() -> list[int]:
    return list(range(FIRST_YEAR, timezone.now().year + 1))


def _assessable(indicators):
    """Indicators with a direction the methods can use (a target range is not assessed)."""
    return [
        i
        for i in indicators
        if i.direction in (Indicator.Direction.HIGHER, Indicator.Direction.LOWER)
    ]


def _latest(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Latest non-missing value along the last axis, and its position (-1 when none)."""
    present = ~np.isnan(values)
    position = np.where(
        present.any(axis=-1), values.shape[-1] - 1 - np.argmax(present[..., ::-1], axis=-1), -1
    )
    latest = np.take_along_axis(values, np.maximum(position, 0)[..., None], axis=-1)[..., 0]
    return np.where(position >= 0, latest, np.nan), position


def _bounds(latest: np.ndarray, directions: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """SDSN bounds per indicator from the municipalities' latest values (areas × indicators)."""
    opposite = ["lower" if d == "higher" else "higher" for d in directions]
    with warnings.catch_warnings():  # an indicator without data has NaN bounds, and says so
        warnings.simplefilter("ignore", RuntimeWarning)
        return sdsn.lower_bound(latest, directions), sdsn.lower_bound(latest, opposite)


def _statuses(years, values, directions, *, method: str, base_year: int, upper=None):
    """Status codes of every series: for SDSN the green threshold is the upper bound."""
    target = upper if method == "sdsn" else None
    result = assess_many(
        years,
        values,
        method=method,
        direction=np.asarray(directions),
        target=target,
        base_year=base_year,
    )
    return result.status_names(), result


@dataclass
class ComparisonRow:
    area: Area
    latest: float | None
    latest_year: int | None
    base_value: float | None
    score: float | None
    statuses: dict = field(default_factory=dict)


def indicator_comparison(indicator: Indicator, *, peers: list[Area], base_year: int):
    """Every peer municipality's latest value, SDSN score and the status under each method."""
    municipalities = list(Area.objects.filter(kind=Area.Kind.MUNICIPALITY).order_by("code"))
    years = _years()
    values = observation_cube([indicator.pk], [m.pk for m in municipalities], years)[:, 0, :]
    latest, position = _latest(values)
    rows_at = {area.pk: i for i, area in enumerate(municipalities)}
    assessed = indicator.direction in (Indicator.Direction.HIGHER, Indicator.Direction.LOWER)
    scores = np.full(len(municipalities), np.nan)
    statuses = {}
    if assessed and np.count_nonzero(~np.isnan(latest)) >= 2:
        lower, upper = _bounds(latest[:, None], [indicator.direction])
        if lower[0] != upper[0]:
            scores = sdsn.normalise(latest[:, None], lower, upper)[:, 0]
        for method in METHODS:
            names, _result = _statuses(
                years, values, [indicator.direction] * len(municipalities), method=method,
                base_year=base_year, upper=np.full(len(municipalities), upper[0]),
            )  # fmt: skip
            statuses[method] = names
    base_index = years.index(base_year) if base_year in years else None
    base_values = values[:, base_index] if base_index is not None else np.full(len(latest), np.nan)
    return [
        ComparisonRow(
            area=area,
            latest=_number(latest[i]),
            latest_year=years[position[i]] if position[i] >= 0 else None,
            base_value=_number(base_values[i]),
            score=_number(scores[i]),
            statuses={method: status_display(str(names[i])) for method, names in statuses.items()},
        )
        for area in peers
        for i in [rows_at[area.pk]]
    ]


SORTS = ("name", "value", "score", "status")


def sorted_rows(rows: list[ComparisonRow], *, sort: str, method: str, direction: str):
    """The comparison's rows by name, by value (best first in the indicator's direction), by
    SDSN score or by the status under ``method`` (best first); missing values last."""
    better_high = direction != Indicator.Direction.LOWER

    def key(row: ComparisonRow):
        if sort == "name":
            return (0, row.area.name_da)
        if sort == "score":
            return (row.score is None, -(row.score or 0))
        if sort == "status":
            rank = row.statuses.get(method, {}).get("rank")
            return (rank is None, -(rank or 0), row.area.name_da)
        value = row.latest if row.latest is not None else 0
        return (row.latest is None, -value if better_high else value)

    return sorted(rows, key=key)


def _number(value) -> float | None:
    return None if np.isnan(value) else float(value)


@dataclass
class GoalTile:
    goal: Goal
    score: float | None
    rank: int | None
    trend: dict
    indicators: list = field(default_factory=list)


def goal_summary(
    municipality: Area, *, method: str, base_year: int
) -> tuple[list[GoalTile], float | None]:
    """The municipality's 17 goals: SDSN-style score (0-100 against all municipalities), its
    rank, and the Open SDG trend of the goal's indicators; each indicator's status by ``method``.
    """
    municipalities = list(Area.objects.filter(kind=Area.Kind.MUNICIPALITY).order_by("code"))
    me = next(i for i, m in enumerate(municipalities) if m.pk == municipality.pk)
    indicators = _assessable(Indicator.objects.prefetch_related("targets__goal").order_by("code"))
    goals = list(Goal.objects.order_by("number"))
    years = _years()
    directions = [i.direction for i in indicators]
    values = observation_cube([i.pk for i in indicators], [m.pk for m in municipalities], years)
    latest, position = _latest(values)

    # An indicator that informs several goals counts in each of them.
    columns = [(k, goal.number) for k, i in enumerate(indicators) for goal in i.goals]
    lower, upper = _bounds(latest, directions)
    usable = lower != upper
    scores = np.full(latest.shape, np.nan)
    scores[:, usable] = sdsn.normalise(latest[:, usable], lower[usable], upper[usable])
    expanded = scores[:, [k for k, _g in columns]]
    goal_of_column = np.asarray([g for _k, g in columns])
    index = sdsn.index_scores(
        expanded, np.zeros(len(columns)), np.full(len(columns), 100.0), goal_of_column
    )
    goal_numbers = list(index.goals)

    mine = values[me]  # indicators × years
    names, _result = _statuses(
        years, mine, directions, method=method, base_year=base_year, upper=upper
    )
    trend = opensdg.assess_many(years, mine, direction=np.asarray(directions), base_year=base_year)

    tiles = []
    for goal in goals:
        ks = [k for k, g in columns if g == goal.number]
        score = rank = None
        if goal.number in goal_numbers:
            column = index.goal_scores[:, goal_numbers.index(goal.number)]
            if not np.isnan(column[me]):
                score = float(column[me])
                rank = int(np.count_nonzero(column > column[me]) + 1)
        status = "not_available"
        if ks:
            _score, code = opensdg.aggregate(trend.score[ks], trend.target_achieved[ks])
            status = opensdg.STATUSES[int(code)]
        tiles.append(
            GoalTile(
                goal=goal, score=score, rank=rank, trend=status_display(status),
                indicators=[
                    {
                        "indicator": indicators[k],
                        "latest": _number(latest[me, k]),
                        "year": years[position[me, k]] if position[me, k] >= 0 else None,
                        "score": _number(scores[me, k]),
                        "status": status_display(str(names[k])),
                    }
                    for k in ks
                ],
            )
        )  # fmt: skip
    overall = float(index.index[me]) if not np.isnan(index.index[me]) else None
    return tiles, overall


@dataclass(frozen=True)
class Similar:
    area: Area
    distance: float


def similarity_indicators() -> list[SimilarityIndicator]:
    return list(SimilarityIndicator.objects.select_related("indicator"))


def similar_municipalities(municipality: Area, *, k: int = DEFAULT_NEIGHBOURS) -> list[Similar]:
    """The ``k`` municipalities most like ``municipality`` on the secretariat's structural
    indicators (their latest values), nearest first (``dashboards/similarity.py``)."""
    chosen = similarity_indicators()
    if not chosen:
        return []
    municipalities = list(Area.objects.filter(kind=Area.Kind.MUNICIPALITY).order_by("code"))
    values = observation_cube(
        [c.indicator_id for c in chosen], [m.pk for m in municipalities], _years()
    )
    latest, _position = _latest(values)
    me = next(i for i, m in enumerate(municipalities) if m.pk == municipality.pk)
    weights = [float(c.weight) for c in chosen]
    return [
        Similar(municipalities[row], distance) for row, distance in nearest(latest, weights, me, k)
    ]
