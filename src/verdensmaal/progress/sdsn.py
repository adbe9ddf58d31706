"""The SDSN SDG Index and Dashboards method.

Sources: G. Lafortune, G. Fuller, J. Moreno, G. Schmidt-Traub and C. Kroll (2018), "SDG Index and
Dashboards — Detailed Methodological paper", Sustainable Development Solutions Network and
Bertelsmann Stiftung; and the methodology annexes of the Sustainable Development Report editions
(Sachs et al., 2019 onwards), which add the trend arrows.

* Normalisation: each indicator is rescaled to 0..100 between a lower bound (worst performance:
  the 2.5th percentile of the observed distribution, or the 97.5th when lower is better) and an
  upper bound (the optimum); values beyond either bound are censored to it.
* Scores: a goal score is the mean of the available normalised indicators of that goal; the index
  is the mean of the available goal scores (every goal weighs the same).
* Dashboard: each indicator value gets green, yellow, orange or red from its thresholds; a goal
  gets the average of the ratings of its two worst indicators ("two worst indicators" rule),
  rounded towards the worse colour, so a goal is green only when both are green.
* Trend arrows: the linear annual change since the base year is compared with the linear annual
  change needed to reach the green threshold (``target``) by the target year (2030): on track
  when at least the required pace (or the threshold is already reached), moderately improving at
  50 % or more of it, stagnating from 0 up to 50 %, decreasing below 0.

No Django import.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .common import (
    DEFAULT_BASE_YEAR,
    DEFAULT_TARGET_YEAR,
    NOT_AVAILABLE,
    REASON_CODE,
    REASON_NO_DATA,
    REASON_NO_DATA_AFTER_BASE,
    REASON_NO_TARGET,
    REASON_TARGET_YEAR,
    REASON_TOO_FEW_POINTS,
    Assessment,
    Assessments,
    add_reason,
    directed_ratio,
    directed_ratio_many,
    direction_sign,
    direction_signs,
    optional_number,
    optional_numbers,
    prepare_many,
    select_points,
    select_points_many,
)

METHOD = "sdsn"

# Normalisation.
SCORE_MIN = 0.0
SCORE_MAX = 100.0
LOWER_BOUND_PERCENTILE = 2.5

# Trend arrows: lower edges of the bands of observed / required linear annual change.
ON_TRACK = "on_track"
MODERATELY_IMPROVING = "moderately_improving"
STAGNATING = "stagnating"
DECREASING = "decreasing"
STATUSES = (NOT_AVAILABLE, ON_TRACK, MODERATELY_IMPROVING, STAGNATING, DECREASING)
ON_TRACK_RATIO = 1.0
MODERATELY_IMPROVING_RATIO = 0.5
STAGNATING_RATIO = 0.0

# Dashboard colours, best to worst; codes index this tuple (0 = no data).
GREEN = "green"
YELLOW = "yellow"
ORANGE = "orange"
RED = "red"
COLOURS = (NOT_AVAILABLE, GREEN, YELLOW, ORANGE, RED)
GOAL_RATING_INDICATORS = 2  # a goal is rated on its two worst indicators


# --- index ------------------------------------------------------------------------------------


def lower_bound(values, direction, axis: int = 0) -> np.ndarray:
    """The worst-performance bound of each indicator from the observed distribution.

    ``values`` is areas x indicators (NaN for missing); ``direction`` per indicator. Returns the
    2.5th percentile over areas where higher is better, the 97.5th where lower is better.
    """
    values = np.asarray(values, dtype=np.float64)
    axis = axis % values.ndim
    signs = direction_signs(direction, values.shape[:axis] + values.shape[axis + 1 :])
    with np.errstate(all="ignore"):
        low = np.nanpercentile(values, LOWER_BOUND_PERCENTILE, axis=axis)
        high = np.nanpercentile(values, 100 - LOWER_BOUND_PERCENTILE, axis=axis)
    return np.where(signs > 0, low, high)


def normalise(values, lower, upper) -> np.ndarray:
    """Rescale to 0..100: 0 at ``lower`` (worst), 100 at ``upper`` (optimum), censored outside.

    Works for either direction: for an indicator where lower is better, ``lower`` is numerically
    above ``upper``. Bounds broadcast against ``values`` (one per indicator on the last axis).
    Missing values (NaN) stay missing.
    """
    values = np.asarray(values, dtype=np.float64)
    lower = np.asarray(lower, dtype=np.float64)
    upper = np.asarray(upper, dtype=np.float64)
    span = upper - lower
    if np.any(span == 0):
        raise ValueError("lower and upper bound must differ for every indicator")
    with np.errstate(over="ignore", invalid="ignore"):
        scores = SCORE_MAX * (values - lower) / span
    return np.clip(scores, SCORE_MIN, SCORE_MAX)


@dataclass(frozen=True, slots=True)
class IndexScores:
    goals: np.ndarray  # the goal of each column of goal_scores, ascending
    goal_scores: np.ndarray  # areas x goals, NaN where a goal has no indicator with data
    index: np.ndarray  # areas, NaN where no goal has data


def _goal_matrix(goal_of_indicator) -> tuple[np.ndarray, np.ndarray]:
    goal_of_indicator = np.asarray(goal_of_indicator)
    goals, column = np.unique(goal_of_indicator, return_inverse=True)
    membership = np.zeros((goal_of_indicator.size, goals.size))
    membership[np.arange(goal_of_indicator.size), column] = 1.0
    return goals, membership


def index_scores(values, lower, upper, goal_of_indicator) -> IndexScores:
    """Goal scores and the index for every area from raw values (areas x indicators)."""
    scores = normalise(values, lower, upper)
    if scores.ndim != 2 or scores.shape[1] != np.size(goal_of_indicator):
        raise ValueError("values must be areas x indicators, one goal per indicator")
    goals, membership = _goal_matrix(goal_of_indicator)
    available = ~np.isnan(scores)
    totals = np.where(available, scores, 0.0) @ membership
    counts = available.astype(np.float64) @ membership
    with np.errstate(invalid="ignore", divide="ignore"):
        goal_scores = np.where(counts > 0, totals / counts, np.nan)
        goal_available = ~np.isnan(goal_scores)
        goal_count = goal_available.sum(axis=1)
        index = np.where(
            goal_count > 0,
            np.where(goal_available, goal_scores, 0).sum(axis=1) / goal_count,
            np.nan,
        )
    return IndexScores(goals=goals, goal_scores=goal_scores, index=index)


# --- dashboards -------------------------------------------------------------------------------


def dashboard_colours(values, *, direction, green, red, yellow=None) -> np.ndarray:
    """Colour codes (into :data:`COLOURS`) of indicator values against their thresholds.

    ``green`` is the SDG-achievement threshold, ``red`` the threshold past which challenges are
    major; ``yellow`` separates yellow from orange and defaults to the midpoint of the two.
    Values at a threshold get the better colour. All threshold arguments broadcast per indicator.
    """
    values = np.asarray(values, dtype=np.float64)
    signs = direction_signs(direction, np.broadcast_shapes(np.shape(direction), values.shape[-1:]))
    green = np.asarray(green, dtype=np.float64)
    red = np.asarray(red, dtype=np.float64)
    yellow = (green + red) / 2 if yellow is None else np.asarray(yellow, dtype=np.float64)
    if np.any(signs * (green - red) < 0) or np.any(signs * (green - yellow) < 0):
        raise ValueError("thresholds must run from green through yellow to red")
    directed = signs * values
    code = COLOURS.index
    colours = np.select(
        [
            np.isnan(values),
            directed >= signs * green,
            directed >= signs * yellow,
            directed >= signs * red,
        ],
        [code(NOT_AVAILABLE), code(GREEN), code(YELLOW), code(ORANGE)],
        code(RED),
    )
    return colours.astype(np.int8)


def goal_colours(colours, goal_of_indicator) -> tuple[np.ndarray, np.ndarray]:
    """Goal ratings (areas x goals) from indicator colour codes (areas x indicators).

    Each goal takes the mean of the codes of its two worst rated indicators, rounded towards the
    worse colour; a goal with one rated indicator takes that indicator's colour. Returns
    ``(goals, codes)``.
    """
    colours = np.asarray(colours)
    goals, membership = _goal_matrix(goal_of_indicator)
    member = membership.T.astype(bool)  # goals x indicators
    # Unrated indicators and indicators of other goals sort first (code 0); the two worst of a
    # goal are then the last two columns.
    per_goal = np.where(member[None, :, :], colours[:, None, :], 0)
    worst_two = np.sort(per_goal, axis=-1)[..., -GOAL_RATING_INDICATORS:]
    rated = worst_two > 0
    count = rated.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, worst_two.sum(axis=-1) / count, 0)
    return goals, np.ceil(mean).astype(np.int8)


# --- trend arrows -----------------------------------------------------------------------------


def _classify(ratio: float) -> str:
    if ratio >= ON_TRACK_RATIO:
        return ON_TRACK
    if ratio >= MODERATELY_IMPROVING_RATIO:
        return MODERATELY_IMPROVING
    if ratio >= STAGNATING_RATIO:
        return STAGNATING
    return DECREASING


def assess(
    years,
    values,
    *,
    direction: str,
    target: float | None = None,
    target_year: int = DEFAULT_TARGET_YEAR,
    base_year: int = DEFAULT_BASE_YEAR,
    limit: float | None = None,
) -> Assessment:
    """The trend arrow of one series; ``target`` is the indicator's green threshold.

    ``limit`` is accepted for a uniform signature and not used.
    """
    sign = direction_sign(direction)
    target = optional_number(target)
    points = select_points(years, values, base_year)
    result = {
        "method": METHOD,
        "base_year": points.base_year,
        "base_value": points.base_value,
        "current_year": points.current_year,
        "current_value": points.current_value,
        "target": target,
        "target_year": target_year if target is not None else None,
    }
    if points.reason in (REASON_NO_DATA, REASON_NO_DATA_AFTER_BASE):
        return Assessment(status=NOT_AVAILABLE, reason=points.reason, **result)
    if target is None:
        return Assessment(status=NOT_AVAILABLE, reason=REASON_NO_TARGET, **result)
    current, base = points.current_value, points.base_value
    if sign * (current - target) >= 0:
        return Assessment(status=ON_TRACK, target_achieved=True, **result)
    if points.reason is not None:
        return Assessment(status=NOT_AVAILABLE, reason=points.reason, **result)
    if target_year <= points.base_year:
        return Assessment(status=NOT_AVAILABLE, reason=REASON_TARGET_YEAR, **result)
    observed = (current - base) / (points.current_year - points.base_year)
    required = (target - base) / (target_year - points.base_year)
    ratio = directed_ratio(sign * observed, required)
    return Assessment(
        status=_classify(ratio),
        observed_growth=observed,
        required_growth=required,
        progress_value=ratio,
        **result,
    )


def assess_many(
    years,
    values,
    *,
    direction,
    target=None,
    target_year=DEFAULT_TARGET_YEAR,
    base_year=DEFAULT_BASE_YEAR,
    limit=None,
) -> Assessments:
    """Trend arrows of every series of ``values`` (..., years) at once."""
    years, values, base_year, target_year = prepare_many(years, values, base_year, target_year)
    shape = values.shape[:-1]
    sign = direction_signs(direction, shape)
    target = optional_numbers(target, shape)
    has_target = ~np.isnan(target)
    points = select_points_many(years, values, base_year)
    base, current = points.base_value, points.current_value

    data_missing = np.isin(
        points.reason, [REASON_CODE[REASON_NO_DATA], REASON_CODE[REASON_NO_DATA_AFTER_BASE]]
    )
    reason = np.where(data_missing, points.reason, np.int8(0))
    reason = add_reason(reason, ~has_target, REASON_NO_TARGET)
    achieved = (reason == 0) & (sign * (current - target) >= 0)
    reason = add_reason(
        reason,
        ~achieved & (points.reason == REASON_CODE[REASON_TOO_FEW_POINTS]),
        REASON_TOO_FEW_POINTS,
    )
    reason = add_reason(reason, ~achieved & (target_year <= points.base_year), REASON_TARGET_YEAR)
    computable = (reason == 0) & ~achieved
    with np.errstate(all="ignore"):
        observed = np.where(
            computable, (current - base) / (points.current_year - points.base_year), np.nan
        )
        required = np.where(computable, (target - base) / (target_year - points.base_year), np.nan)
        ratio = np.where(computable, directed_ratio_many(sign * observed, required), np.nan)
    code = STATUSES.index
    status = np.select(
        [
            reason != 0,
            achieved,
            ratio >= ON_TRACK_RATIO,
            ratio >= MODERATELY_IMPROVING_RATIO,
            ratio >= STAGNATING_RATIO,
        ],
        [
            code(NOT_AVAILABLE),
            code(ON_TRACK),
            code(ON_TRACK),
            code(MODERATELY_IMPROVING),
            code(STAGNATING),
        ],
        code(DECREASING),
    ).astype(np.int8)
    return Assessments(
        method=METHOD,
        statuses=STATUSES,
        status=status,
        reason=reason,
        base_year=points.base_year,
        base_value=base,
        current_year=points.current_year,
        current_value=current,
        target=target,
        target_year=np.where(has_target, target_year, np.nan),
        observed_growth=observed,
        required_growth=required,
        progress_value=ratio,
        score=np.full(shape, np.nan),
        target_achieved=achieved,
    )
