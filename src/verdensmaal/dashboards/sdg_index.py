"""The SDSN SDG Index and Dashboards for all 98 municipalities at once.

Sources: Lafortune et al. (2018), "SDG Index and Dashboards — Detailed Methodological paper";
SDSN and IEEP (2019), *The 2019 Europe Sustainable Development Report*, methodology annex
(``verdensmaal.progress.sdsn`` implements the rules and cites them). This module feeds that engine
with the municipalities' data:

* indicators: the catalogue's SDG indicators with a better direction; one that informs several
  goals counts in each of them;
* values: each municipality's latest value; bounds: the 2.5th percentile of the municipalities
  at the worst end and the 97.5th at the best (SDSN's lower bound, mirrored as the optimum, since
  municipal indicators have no agreed optimum), the optimum moved out to the green threshold
  where the best municipalities fall short of it;
* thresholds: the catalogue's green and red thresholds per indicator (an indicator without them
  gets a score but no colour and no arrow);
* goal colours: the two worst indicators of the goal (``sdsn.goal_dashboard``);
* indicator arrows: the pace since the base year against the pace to the green threshold by 2030,
  on the normalised scores (``sdsn.assess_many`` with the bounds);
* goal arrows: the worse arrow of the goal's two worst indicators (the same two that colour the
  goal), so that, as for the colour, a good trend elsewhere does not hide a weak spot.

The whole computation takes the latest data of every municipality; it is kept per data version
(the latest import, the catalogue's last edit and the base year), so a page only reads it.
"""

from __future__ import annotations

import warnings
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

import numpy as np
from django.utils import timezone

from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Goal, Indicator
from verdensmaal.data.selectors import data_version, observation_cube
from verdensmaal.measurement.vocabulary import STATUS_RANK
from verdensmaal.progress import sdsn

FIRST_YEAR = 2000
KEPT = 4  # dashboards kept per process (one per data version and base year)
COLOUR_NAMES = np.asarray(sdsn.COLOURS)


@dataclass(frozen=True)
class Dashboard:
    """Every municipality's SDSN dashboard; rows follow ``municipalities``."""

    municipalities: list[Area]
    goals: list[Goal]
    indicators: list[Indicator]
    columns: list[tuple[int, int]]  # (indicator, goal number) for each goal's indicator
    years: list[int]
    base_year: int
    latest: np.ndarray  # areas x indicators
    latest_year: np.ndarray  # areas x indicators, 0 where none
    lower: np.ndarray  # per indicator
    upper: np.ndarray
    scores: np.ndarray  # areas x indicators, 0..100
    colours: np.ndarray  # areas x indicators, names of sdsn.COLOURS
    arrows: np.ndarray  # areas x indicators, names of sdsn.STATUSES
    goal_scores: np.ndarray  # areas x 17
    goal_ranks: np.ndarray  # areas x 17, 0 where no score
    goal_colours: np.ndarray  # areas x 17, names of sdsn.COLOURS
    goal_arrows: np.ndarray  # areas x 17, names of sdsn.STATUSES
    index: np.ndarray  # areas
    index_rank: np.ndarray  # areas, 0 where no index

    def row(self, area: Area) -> int:
        return next(i for i, m in enumerate(self.municipalities) if m.pk == area.pk)


_kept: OrderedDict = OrderedDict()
_lock = Lock()


def dashboard(*, base_year: int, until: int | None = None) -> Dashboard:
    """The dashboard of the current data (computed once per data version and base year); with
    ``until``, of the data up to that year only (as a report of that year shows it)."""
    last_year = timezone.localdate().year if until is None else until
    key = (data_version(), base_year, last_year)
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    computed = _compute(base_year, last_year)
    with _lock:
        _kept[key] = computed
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return computed


def _ranks(values: np.ndarray) -> np.ndarray:
    """1 for the highest of each column (ties share the better rank), 0 where NaN."""
    higher = (values[None, :, ...] > values[:, None, ...]).sum(axis=1)
    return np.where(np.isnan(values), 0, higher + 1).astype(int)


def _compute(base_year: int, last_year: int) -> Dashboard:
    municipalities = list(Area.objects.filter(kind=Area.Kind.MUNICIPALITY).order_by("code"))
    goals = list(Goal.objects.order_by("number"))
    indicators = [
        i
        for i in Indicator.objects.filter(kind=Indicator.Kind.SDG)
        .prefetch_related("targets__goal")
        .order_by("code")
        if i.direction in (Indicator.Direction.HIGHER, Indicator.Direction.LOWER)
    ]
    years = list(range(FIRST_YEAR, last_year + 1))
    values = observation_cube([i.pk for i in indicators], [m.pk for m in municipalities], years)
    present = ~np.isnan(values)
    position = np.where(
        present.any(axis=-1), values.shape[-1] - 1 - np.argmax(present[..., ::-1], axis=-1), -1
    )
    latest = np.take_along_axis(values, np.maximum(position, 0)[..., None], axis=-1)[..., 0]
    latest = np.where(position >= 0, latest, np.nan)
    latest_year = np.where(position >= 0, np.asarray(years)[np.maximum(position, 0)], 0)

    directions = [i.direction for i in indicators]
    sign = np.asarray([1.0 if d == Indicator.Direction.HIGHER else -1.0 for d in directions])
    green = np.asarray(
        [np.nan if i.green_threshold is None else i.green_threshold for i in indicators]
    )
    red = np.asarray([np.nan if i.red_threshold is None else i.red_threshold for i in indicators])
    lower, upper = _bounds(latest, directions, sign, green)
    usable = ~np.isnan(lower) & ~np.isnan(upper) & (lower != upper)

    scores = np.full(latest.shape, np.nan)
    scores[:, usable] = sdsn.normalise(latest[:, usable], lower[usable], upper[usable])
    colours = np.full(latest.shape, sdsn.NOT_AVAILABLE, dtype=object)
    rated = usable & ~np.isnan(green) & ~np.isnan(red)
    if rated.any():
        codes = sdsn.dashboard_colours(
            latest[:, rated], direction=sign[rated], green=green[rated], red=red[rated]
        )
        colours[:, rated] = COLOUR_NAMES[codes]

    arrows = np.full(latest.shape, sdsn.NOT_AVAILABLE, dtype=object)
    if usable.any():
        assessed = sdsn.assess_many(
            years,
            values[:, usable, :],
            direction=sign[usable],
            target=green[usable],
            base_year=base_year,
            lower=lower[usable],
            upper=upper[usable],
        )
        arrows[:, usable] = assessed.status_names()

    # An indicator that informs several goals counts in each of them.
    columns = [
        (k, goal.number) for k, indicator in enumerate(indicators) for goal in indicator.goals
    ]
    ks = [k for k, _g in columns]
    goal_of_column = np.asarray([g for _k, g in columns])
    index = sdsn.index_scores(
        scores[:, ks], np.zeros(len(ks)), np.full(len(ks), 100.0), goal_of_column
    )
    goal_scores = np.full((len(municipalities), len(goals)), np.nan)
    for column, number in enumerate(index.goals):
        goal_scores[:, int(number) - 1] = index.goal_scores[:, column]

    goal_colours = np.full(goal_scores.shape, sdsn.NOT_AVAILABLE, dtype=object)
    goal_arrows = np.full(goal_scores.shape, sdsn.NOT_AVAILABLE, dtype=object)
    rated_columns = [c for c, k in enumerate(ks) if rated[k]]
    if rated_columns:
        rk = [ks[c] for c in rated_columns]
        numbers, codes = sdsn.goal_dashboard(
            latest[:, rk],
            lower=lower[rk],
            upper=upper[rk],
            green=green[rk],
            red=red[rk],
            goal_of_indicator=goal_of_column[rated_columns],
        )
        for column, number in enumerate(numbers):
            goal_colours[:, int(number) - 1] = COLOUR_NAMES[codes[:, column]]
        scale = sdsn.dashboard_scale(
            latest[:, rk], lower=lower[rk], upper=upper[rk], green=green[rk], red=red[rk]
        )
        goal_arrows = _goal_arrows(scale, arrows[:, rk], goal_of_column[rated_columns], goal_arrows)

    return Dashboard(
        municipalities=municipalities,
        goals=goals,
        indicators=indicators,
        columns=columns,
        years=years,
        base_year=base_year,
        latest=latest,
        latest_year=latest_year,
        lower=lower,
        upper=upper,
        scores=scores,
        colours=colours,
        arrows=arrows,
        goal_scores=goal_scores,
        goal_ranks=_ranks(goal_scores),
        goal_colours=goal_colours,
        goal_arrows=goal_arrows,
        index=index.index,
        index_rank=_ranks(index.index),
    )


def _bounds(latest, directions, sign, green) -> tuple[np.ndarray, np.ndarray]:
    """Worst and best bound per indicator from the municipalities' latest values; the best moved
    out to the green threshold where the best municipalities fall short of it."""
    opposite = ["lower" if d == "higher" else "higher" for d in directions]
    with warnings.catch_warnings():  # an indicator without data has NaN bounds, and says so
        warnings.simplefilter("ignore", RuntimeWarning)
        lower = sdsn.lower_bound(latest, directions)
        upper = sdsn.lower_bound(latest, opposite)
    with np.errstate(invalid="ignore"):
        short = ~np.isnan(green) & (sign * (green - upper) > 0)
    return lower, np.where(short, green, upper)


def _goal_arrows(scale, arrows, goal_of_column, result) -> np.ndarray:
    """Each goal's arrow: the worse arrow of its two worst indicators on the 0..4 scale."""
    for number in np.unique(goal_of_column):
        members = np.flatnonzero(goal_of_column == number)
        for row in range(scale.shape[0]):
            present = [m for m in members if not np.isnan(scale[row, m])]
            worst = sorted(present, key=lambda m: scale[row, m])[: sdsn.GOAL_RATING_INDICATORS]
            ranked = [
                (STATUS_RANK[arrows[row, m]], arrows[row, m])
                for m in worst
                if STATUS_RANK.get(arrows[row, m]) is not None
            ]
            if ranked:
                result[row, int(number) - 1] = min(ranked)[1]
    return result
