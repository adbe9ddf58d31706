"""The SDSN SDG Index and Dashboards method.

Sources: G. Lafortune, G. Fuller, J. Moreno, G. Schmidt-Traub and C. Kroll (2018), "SDG Index and
Dashboards — Detailed Methodological paper", Sustainable Development Solutions Network and
Bertelsmann Stiftung; SDSN and IEEP (2019), The 2019 Europe Sustainable Development Report,
Annex 1 "Methodology" ("the annex" below) and its published database (repository
sdsna/2019EUIndex, CC BY 4.0), against which ``tests/progress/test_sdsn_published.py`` checks
this module; and the methodology of the Sustainable Development Report (Sachs et al., 2019),
which names the trend arrows' bands.

* Normalisation: each indicator is rescaled to 0..100 between a lower bound (worst performance:
  the 2.5th percentile of the observed distribution, or the 97.5th when lower is better) and an
  upper bound (the optimum); values beyond either bound are censored to it.
* Scores: a goal score is the mean of the available normalised indicators of that goal; the index
  is the mean of the available goal scores (every goal weighs the same).
* Indicator colours: green at or beyond the green threshold, red beyond the red threshold, and
  between them yellow or orange, split at their midpoint.
* Goal colours ("the EU SDG Dashboards is based only on the two variables on which a country
  performed worst", the annex): each value is rescaled piecewise linearly to 0..4 through the
  lower bound (0), the red threshold (1), the yellow/orange midpoint (2), the green threshold (3)
  and the optimum (4); the goal takes the mean of its two worst indicators (worst colour first,
  then lowest rescaled value): green from 3, yellow from 2, orange from 1, red below; but green
  only when both are green and red only when both are red.
* Trend arrows (the annex, "Trends"): the linear annual change of the normalised score from the
  base year (2015) to the latest year is compared with the linear annual change needed to reach
  the green threshold by 2030 from the base year: on track at 100 % of the pace or more (or once
  the green threshold is reached), moderately improving from 50 %, stagnating from 0, decreasing
  below 0. The scores are not censored at the lower bound here: SDSN's published arrows show
  movement beyond it (in the 2019 database a series moving further past its lower bound is
  "decreasing", one coming back towards it "improving"). Censoring at the optimum never changes an
  arrow. Normalisation is linear, so the arrow is the same on the indicator's own scale; given
  the bounds, the paces are reported in score points a year.

No Django import.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .common import (
    DEFAULT_BASE_YEAR,
    DEFAULT_TARGET_YEAR,
    NOT_AVAILABLE,
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
    open_many,
    optional_number,
    select_points,
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

# The goal dashboard's 0..4 scale: the rescaled value of the lower bound, the red threshold, the
# yellow/orange midpoint, the green threshold and the optimum. A goal's mean is read against the
# same points: green from 3, yellow from 2, orange from 1, red below.
SCALE_LOWER_BOUND = 0.0
SCALE_RED = 1.0
SCALE_MIDPOINT = 2.0
SCALE_GREEN = 3.0
SCALE_OPTIMUM = 4.0
GOAL_RATING_INDICATORS = 2  # a goal is rated on its two worst indicators
# A goal needs this many indicators with data to get a colour. SDSN's published 2019 Europe
# dashboards leave a goal grey when only one of its indicators has data; pass 2 to do the same.
GOAL_MIN_INDICATORS = 1


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


def _goal_matrix(goal_of_indicator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The goals (ascending), each indicator's goal column, and indicators x goals membership."""
    goal_of_indicator = np.asarray(goal_of_indicator)
    goals, column = np.unique(goal_of_indicator, return_inverse=True)
    membership = np.zeros((goal_of_indicator.size, goals.size))
    membership[np.arange(goal_of_indicator.size), column] = 1.0
    return goals, column, membership


def index_scores(values, lower, upper, goal_of_indicator) -> IndexScores:
    """Goal scores and the index for every area from raw values (areas x indicators)."""
    scores = normalise(values, lower, upper)
    if scores.ndim != 2 or scores.shape[1] != np.size(goal_of_indicator):
        raise ValueError("values must be areas x indicators, one goal per indicator")
    goals, _column, membership = _goal_matrix(goal_of_indicator)
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


# Bands of the 0..4 scale, worst to best; a band's number is its lower scale point.
_RED_BAND, _ORANGE_BAND, _YELLOW_BAND, _GREEN_BAND = 0, 1, 2, 3


def _scale_bands(values, lower, upper, green, red) -> tuple[np.ndarray, np.ndarray]:
    """Band (0 red .. 3 green, -1 not rated) and position in the band (0..1) of each value.

    Directions come from the bounds: ``upper`` is the optimum, so lower is better where
    ``lower`` > ``upper``. The yellow/orange boundary is the midpoint of the green and red
    thresholds. A threshold (or the midpoint) beyond a bound is taken at the bound: a green
    threshold past the optimum would leave values at the optimum short of green, and the scale
    needs its five points in order. That is what SDSN's published 2019 Europe dashboards show:
    the circular material use rate has its green threshold, 25 %, above its optimum, 19 %;
    France, at 19.5 %, is green, and yellow and orange still part at 15 %.
    """
    values = np.asarray(values, dtype=np.float64)
    lower, upper, green, red = (np.asarray(x, dtype=np.float64) for x in (lower, upper, green, red))
    if np.any(lower == upper):
        raise ValueError("lower and upper bound must differ for every indicator")
    sign = np.where(upper > lower, 1.0, -1.0)
    worst, best = sign * lower, sign * upper
    if np.any(sign * green < sign * red):
        raise ValueError("thresholds must run from green through yellow to red")
    green_point, middle_point, red_point = (
        np.clip(sign * threshold, worst, best) for threshold in (green, (green + red) / 2, red)
    )
    points = (worst, red_point, middle_point, green_point, best)
    directed = sign * values
    # An indicator without bounds or thresholds (NaN) cannot be rated.
    unrated = np.isnan(values) | np.isnan(worst + best + green_point + red_point)
    band = np.select(
        [
            unrated,
            directed >= green_point,
            directed >= middle_point,
            directed >= red_point,
        ],
        [-1, _GREEN_BAND, _YELLOW_BAND, _ORANGE_BAND],
        _RED_BAND,
    )
    start = np.choose(np.maximum(band, 0), points[:4])
    end = np.choose(np.maximum(band, 0), points[1:])
    with np.errstate(divide="ignore", invalid="ignore"):
        position = np.clip((directed - start) / (end - start), 0.0, 1.0)
    # A band of zero width (a threshold on a bound) holds only values at or past that bound: at
    # the optimum's end of the scale for green, at the lower bound's end for red.
    position = np.where(end == start, np.where(band == _GREEN_BAND, 1.0, 0.0), position)
    return band.astype(np.int8), np.where(band >= 0, position, np.nan)


def dashboard_scale(values, *, lower, upper, green, red) -> np.ndarray:
    """Values rescaled to the goal dashboard's 0..4 scale (NaN where missing).

    Piecewise linear through the lower bound (0), the red threshold (1), the midpoint of red and
    green (2), the green threshold (3) and the optimum ``upper`` (4); censored to 0..4. Bounds and
    thresholds broadcast per indicator (the last axis of ``values``); lower is better where
    ``lower`` > ``upper``.
    """
    band, position = _scale_bands(values, lower, upper, green, red)
    return np.where(band >= 0, band + position, np.nan)


def goal_dashboard(
    values,
    *,
    lower,
    upper,
    green,
    red,
    goal_of_indicator,
    min_indicators: int = GOAL_MIN_INDICATORS,
) -> tuple[np.ndarray, np.ndarray]:
    """Goal colours from indicator values, as the SDSN dashboards rate goals.

    ``values`` is areas x indicators (NaN where missing); ``lower``, ``upper`` (the optimum),
    ``green`` and ``red`` are per indicator; lower is better where ``lower`` > ``upper``. Each
    goal takes its two worst indicators (worst colour first, then lowest value on the 0..4 scale
    of :func:`dashboard_scale`) and the mean of their scale values: green from 3, yellow from 2,
    orange from 1, red below; but green only when both are green and red only when both are red.
    A goal with one indicator with data takes that indicator's colour; a goal with fewer than
    ``min_indicators`` indicators with data (and always one with none) is ``not_available``.

    Returns ``(goals, codes)``: the goals in ascending order and areas x goals codes into
    :data:`COLOURS`.
    """
    values = np.asarray(values, dtype=np.float64)
    goal_of_indicator = np.asarray(goal_of_indicator)
    if values.ndim != 2 or values.shape[1] != goal_of_indicator.size:
        raise ValueError("values must be areas x indicators, one goal per indicator")
    band, position = _scale_bands(values, lower, upper, green, red)
    goals, goal_column, membership = _goal_matrix(goal_of_indicator)
    rated = band >= 0
    count = rated.astype(np.float64) @ membership  # areas x goals: indicators with data

    # Sort every area's indicators by goal, and within a goal worst first: the key orders by
    # band, then by position in the band; indicators without data go last (key 8).
    key = np.where(rated, 2.0 * band + np.nan_to_num(position), 2.0 * (_GREEN_BAND + 1))
    order = np.argsort(goal_column[None, :] * 10.0 + key, axis=1, kind="stable")
    scale = np.where(rated, band + np.nan_to_num(position), 0.0)
    scale = np.take_along_axis(scale, order, axis=1)
    band = np.take_along_axis(band, order, axis=1)
    # The goal of each sorted column is the same in every row: goals come in ascending blocks.
    first = np.searchsorted(np.sort(goal_column), np.arange(goals.size))
    second = np.minimum(first + 1, values.shape[1] - 1)

    two = count >= GOAL_RATING_INDICATORS
    worst_band, next_band = band[:, first], band[:, second]
    mean = np.where(two, (scale[:, first] + scale[:, second]) / 2, scale[:, first])
    both_green = worst_band == _GREEN_BAND  # the worst of the two is green, so both are
    both_red = np.where(two, next_band, worst_band) == _RED_BAND
    code = COLOURS.index
    colour = np.select(
        [mean >= SCALE_GREEN, mean >= SCALE_MIDPOINT, mean >= SCALE_RED],
        [code(GREEN), code(YELLOW), code(ORANGE)],
        code(RED),
    )
    colour = np.where((colour == code(GREEN)) & ~both_green, code(YELLOW), colour)
    colour = np.where((colour == code(RED)) & ~both_red, code(ORANGE), colour)
    enough = count >= max(min_indicators, 1)
    return goals, np.where(enough, colour, code(NOT_AVAILABLE)).astype(np.int8)


# --- trend arrows -----------------------------------------------------------------------------


def _classify(ratio: float) -> str:
    if ratio >= ON_TRACK_RATIO:
        return ON_TRACK
    if ratio >= MODERATELY_IMPROVING_RATIO:
        return MODERATELY_IMPROVING
    if ratio >= STAGNATING_RATIO:
        return STAGNATING
    return DECREASING


def _score_scale(sign, lower, upper):
    """Check the bounds against the direction; the affine map of values to 0..100 scores."""
    if lower is None and upper is None:
        return None
    if lower is None or upper is None:
        raise ValueError("give both the lower and the upper bound, or neither")
    lower, upper = np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64)
    span = upper - lower  # NaN bounds (an indicator without data) give NaN scores
    if np.any(~np.isnan(span) & (np.sign(span) != sign)):
        raise ValueError("the upper bound (the optimum) must lie in the better direction")
    return lower, (SCORE_MAX - SCORE_MIN) / (upper - lower)


def assess(
    years,
    values,
    *,
    direction: str,
    target: float | None = None,
    target_year: int = DEFAULT_TARGET_YEAR,
    base_year: int = DEFAULT_BASE_YEAR,
    limit: float | None = None,
    lower: float | None = None,
    upper: float | None = None,
) -> Assessment:
    """The trend arrow of one series; ``target`` is the indicator's green threshold.

    With the normalisation bounds ``lower`` and ``upper`` (the optimum) the paces are measured in
    score points a year and ``score`` is the latest value's normalised score (0..100); the arrow
    is the same either way. ``limit`` is accepted for a uniform signature: a natural limit does
    not enter the SDSN method.
    """
    sign = direction_sign(direction)
    scale = _score_scale(sign, lower, upper)
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
    if scale is not None and points.current_value is not None:
        origin, factor = scale
        current_score = float((points.current_value - origin) * factor)
        result["score"] = min(max(current_score, SCORE_MIN), SCORE_MAX)
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
    if scale is not None:
        # On the score scale higher is better: 0 at the lower bound, 100 at the optimum.
        origin, factor = scale
        current, base, target = ((x - origin) * factor for x in (current, base, target))
        current, base, target, sign = float(current), float(base), float(target), 1
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
    lower=None,
    upper=None,
) -> Assessments:
    """Trend arrows of every series of ``values`` (..., years) at once.

    ``lower`` and ``upper`` (per series, broadcast like ``target``) are optional, as in
    :func:`assess`.
    """
    opening = open_many(
        years,
        values,
        direction=direction,
        target=target,
        base_year=base_year,
        target_year=target_year,
    )
    sign, target, has_target = opening.sign, opening.target, opening.has_target
    target_year, points = opening.target_year, opening.points
    base, current = points.base_value, points.current_value
    scale = _score_scale(sign, lower, upper)

    reason = add_reason(opening.reason, ~has_target, REASON_NO_TARGET)
    achieved = (reason == 0) & (sign * (current - target) >= 0)
    reason = add_reason(reason, ~achieved & opening.too_few_points, REASON_TOO_FEW_POINTS)
    reason = add_reason(reason, ~achieved & (target_year <= points.base_year), REASON_TARGET_YEAR)
    computable = (reason == 0) & ~achieved
    score = np.full(opening.shape, np.nan)
    directed_sign = sign
    if scale is not None:
        origin, factor = scale
        score = np.clip((current - origin) * factor, SCORE_MIN, SCORE_MAX)
        base, current, target = ((x - origin) * factor for x in (base, current, target))
        directed_sign = np.ones(opening.shape)
    with np.errstate(all="ignore"):
        observed = np.where(
            computable, (current - base) / (points.current_year - points.base_year), np.nan
        )
        required = np.where(computable, (target - base) / (target_year - points.base_year), np.nan)
        ratio = np.where(
            computable, directed_ratio_many(directed_sign * observed, required), np.nan
        )
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
        base_value=points.base_value,
        current_year=points.current_year,
        current_value=points.current_value,
        target=opening.target,
        target_year=np.where(has_target, target_year, np.nan),
        observed_growth=observed,
        required_growth=required,
        progress_value=ratio,
        score=score,
        target_achieved=achieved,
    )
