"""The Statistics Canada progress measure as shipped in Open SDG 2.4.

Sources: Open SDG documentation, "Progress Measurement Methodology for the Sustainable Development
Goals" (``docs/progress-methodology.md`` in the open-sdg/open-sdg repository; "the methodology"
below), and its reference implementation, ``SeriesProgress`` / ``IndicatorProgress`` in
``sdg/ProgressMeasure.py`` of open-sdg/sdg-build (commit 139fede7, the version with natural
limits and the -5..5 score; "the code" below), itself inspired by Eurostat's SDG progress method.

This module ports the code, so that a series gets the status Open SDG gives it:

* configuration defaults: base year 2015, target year 2030; a target of 0 is replaced by 0.001;
* the current year is the latest year with data, the base year the configured one or, if it has
  no value, the next year that has one; a base value of 0 is replaced by 0.001 in the growth
  calculation; when the base value is negative the sign of the progress value is flipped;
* with a target: R = sign * d * CAGR_observed / |CAGR_required|, thresholds 95 %, 60 %, 0;
  "target achieved" when the latest value is at or beyond the target, whatever the trend;
* without a target: directed growth sign * d * CAGR_observed, thresholds 1.5 %, 0.5 %, 0, each
  multiplied by the natural-limit scaling factor C = 1 - (y0 / y_lim) ** 4.44 (or its mirror
  image above the limit) when a limit is configured;
* the score in -5..5 that lets several series be averaged into one indicator status.

Where the code and the methodology differ, or the code fails, this module follows the
methodology, and ``docs/methods.md`` lists each case:

* "target achieved" needs at least two observations from the base year on, as every assessment
  does in the methodology ("at least two data points"); the code sets it from the latest value
  alone, before and apart from its two-point check, so a single value at the target counted;
* the natural limit counts only where it lies ahead of the base value in the desired direction
  (a ceiling where higher is better, a floor where lower is better); the code applies any limit;
* growth is measured only when every value from the base year on has one sign; the code checks
  the base and the latest value only;
* a target on the other side of zero from the base value is ``not_available`` with its own
  reason; the code takes the modulus of Python's complex power. A target of 0 is replaced by
  0.001 with the sign of the base value, so that zero stays on the series' side;
* the score lines are computed from the methodology's cut-offs (R = 130 % and -60 %, growth
  +2 % and -2 % a year for the ends of the scale); the code has them rounded (7.1429, 4.1667);
* where the code raises an exception (no data at or after the base year; a target year not
  after the base year) the result is ``not_available`` with a reason; a required growth of
  exactly zero takes the limit of the ratio.
"""

from __future__ import annotations

import math

import numpy as np

from .common import (
    DEFAULT_BASE_YEAR,
    DEFAULT_TARGET_YEAR,
    NOT_AVAILABLE,
    REASON_NO_DATA,
    REASON_NO_DATA_AFTER_BASE,
    REASON_OPPOSITE_SIGNS,
    REASON_SIGN_CHANGE,
    REASON_TARGET_OPPOSITE_SIGN,
    REASON_TARGET_YEAR,
    REASON_TOO_FEW_POINTS,
    Assessment,
    Assessments,
    add_reason,
    both_signs_many,
    compound_growth,
    compound_growth_many,
    direction_sign,
    has_both_signs,
    open_many,
    optional_number,
    optional_numbers,
    select_points,
)

METHOD = "opensdg"

TARGET_ACHIEVED = "target_achieved"
SUBSTANTIAL_PROGRESS = "substantial_progress"
MODERATE_PROGRESS = "moderate_progress"
LIMITED_PROGRESS = "limited_progress"
DETERIORATION = "deterioration"
STATUSES = (
    NOT_AVAILABLE,
    TARGET_ACHIEVED,
    SUBSTANTIAL_PROGRESS,
    MODERATE_PROGRESS,
    LIMITED_PROGRESS,
    DETERIORATION,
)

# Zero cannot enter a compound growth rate; Open SDG substitutes this value for a zero target or
# a zero base value.
ZERO_REPLACEMENT = 0.001

# Thresholds (high, medium, low) for R = observed / required growth, with a target.
TARGET_HIGH = 0.95
TARGET_MEDIUM = 0.6
TARGET_LOW = 0.0

# Thresholds (high, medium, low) for the directed growth rate, without a target.
GROWTH_HIGH = 0.015
GROWTH_MEDIUM = 0.005
GROWTH_LOW = 0.0

# Exponent of the natural-limit scaling factor C.
LIMIT_EXPONENT = 4.44

# The score runs from -5 to 5; each status band takes a quarter of it, so the high, medium and
# low thresholds score 2.5, 0 and -2.5 ("Aggregated progress status" in the methodology).
SCORE_MAX = 5.0
SCORE_MIN = -5.0
SCORE_SUBSTANTIAL = 2.5
SCORE_MODERATE = 0.0
SCORE_LIMITED = -2.5

# The progress values at which the score reaches its ends (the methodology's "cut-off
# thresholds", Figures 1 and 2): R = 130 % and -60 % with a target, growth of +2 % and -2 % a
# year without one (the positive growth cut-off is scaled by C like the thresholds).
TARGET_CUTOFF_HIGH = 1.3
TARGET_CUTOFF_LOW = -0.6
GROWTH_CUTOFF_HIGH = 0.02
GROWTH_CUTOFF_LOW = -0.02


def _line(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float]:
    """Slope and intercept of the straight line through (x0, y0) and (x1, y1)."""
    slope = (y1 - y0) / (x1 - x0)
    return slope, y0 - slope * x0


# With a target the score is linear from (-60 %, -5) to (60 %, 0) and from (60 %, 0) to
# (130 %, 5): 4.1667 R - 2.5 and 7.1429 R - 4.2857 once rounded, as Open SDG's code has them.
TARGET_SCORE_UPPER = _line(TARGET_MEDIUM, SCORE_MODERATE, TARGET_CUTOFF_HIGH, SCORE_MAX)
TARGET_SCORE_LOWER = _line(TARGET_CUTOFF_LOW, SCORE_MIN, TARGET_MEDIUM, SCORE_MODERATE)
# Without a target one line per band: 500 g/C - 5, 250 g/C - 1.25, 500 g/C - 2.5, 125 g - 2.5.
GROWTH_SCORE_HIGH = _line(GROWTH_HIGH, SCORE_SUBSTANTIAL, GROWTH_CUTOFF_HIGH, SCORE_MAX)
GROWTH_SCORE_MEDIUM = _line(GROWTH_MEDIUM, SCORE_MODERATE, GROWTH_HIGH, SCORE_SUBSTANTIAL)
GROWTH_SCORE_LOW = _line(GROWTH_LOW, SCORE_LIMITED, GROWTH_MEDIUM, SCORE_MODERATE)
GROWTH_SCORE_NEGATIVE = _line(GROWTH_CUTOFF_LOW, SCORE_MIN, GROWTH_LOW, SCORE_LIMITED)


def limit_coefficient(base_value: float, limit: float) -> float:
    """The scaling factor C in 0..1 that shrinks the growth thresholds near a natural limit."""
    base_value, limit = abs(base_value), abs(limit)
    if base_value >= 2 * limit:
        return 1.0
    if base_value <= limit:
        return 1 - (base_value / limit) ** LIMIT_EXPONENT
    return 1 - ((2 * limit - base_value) / limit) ** LIMIT_EXPONENT


def limit_applies(base_value: float, limit: float, sign: int) -> bool:
    """Whether a natural limit bounds progress from ``base_value`` in the desired direction.

    It does when it lies at or ahead of the base value that way: a ceiling where higher is
    better (``sign`` +1), a floor where lower is better (-1). "Only a limit that affects progress
    in the desired direction is considered" (the methodology, "Indicators without quantitative
    targets").
    """
    return sign * (limit - base_value) >= 0


def zero_target_replacement(base_value: float | None) -> float:
    """The stand-in for a target of 0: 0.001 on the side of zero the base value is on."""
    return -ZERO_REPLACEMENT if base_value is not None and base_value < 0 else ZERO_REPLACEMENT


def _classify(progress: float, high: float, medium: float, low: float) -> str:
    if progress >= high:
        return SUBSTANTIAL_PROGRESS
    if progress >= medium:
        return MODERATE_PROGRESS
    if progress >= low:
        return LIMITED_PROGRESS
    return DETERIORATION


def _score(progress: float, has_target: bool, thresholds, coefficient: float) -> float:
    high, medium, low = thresholds
    if has_target:
        slope, intercept = TARGET_SCORE_UPPER if progress >= medium else TARGET_SCORE_LOWER
        return min(max(slope * progress + intercept, SCORE_MIN), SCORE_MAX)
    if progress < low:
        slope, intercept = GROWTH_SCORE_NEGATIVE
        return max(slope * progress + intercept, SCORE_MIN)
    if coefficient == 0:
        # The base value sits on the limit and the series holds it (or goes beyond).
        return SCORE_MAX
    if progress >= high:
        slope, intercept = GROWTH_SCORE_HIGH
        return min(slope * progress / coefficient + intercept, SCORE_MAX)
    slope, intercept = GROWTH_SCORE_MEDIUM if progress >= medium else GROWTH_SCORE_LOW
    return slope * progress / coefficient + intercept


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
    """Assess one series as Open SDG's ``SeriesProgress`` does.

    ``limit`` is the indicator's natural limit (None for none); it scales the growth thresholds
    when there is no target and it lies ahead of the base value in the desired direction.
    """
    sign = direction_sign(direction)
    target = optional_number(target)
    has_target = target is not None
    limit = optional_number(limit)
    points = select_points(years, values, base_year)
    if target == 0:
        target = zero_target_replacement(points.base_value)
    result = {
        "method": METHOD,
        "base_year": points.base_year,
        "base_value": points.base_value,
        "current_year": points.current_year,
        "current_value": points.current_value,
        "target": target,
        "target_year": target_year if has_target else None,
    }
    if points.reason in (REASON_NO_DATA, REASON_NO_DATA_AFTER_BASE):
        return Assessment(status=NOT_AVAILABLE, reason=points.reason, **result)

    base, current = points.base_value, points.current_value
    value_sign = -1 if base < 0 else 1
    if has_target:
        thresholds, coefficient = (TARGET_HIGH, TARGET_MEDIUM, TARGET_LOW), 1.0
    else:
        # The limit is taken from the base value before any zero replacement, as in Open SDG.
        coefficient = 1.0
        if limit is not None and limit_applies(base, limit, sign):
            coefficient = limit_coefficient(base, limit)
        thresholds = tuple(t * coefficient for t in (GROWTH_HIGH, GROWTH_MEDIUM, GROWTH_LOW))
    achieved = has_target and points.reason is None and sign * (current - target) >= 0

    base_for_growth = ZERO_REPLACEMENT if base == 0 else base
    reason = observed = required = progress = None
    if (base_for_growth > 0 > current) or (base_for_growth < 0 < current):
        reason = REASON_OPPOSITE_SIGNS
    elif has_both_signs(points.since_base):
        reason = REASON_SIGN_CHANGE
    elif points.reason is not None:
        reason = points.reason
    elif has_target and target_year <= points.base_year:
        reason = REASON_TARGET_YEAR
    elif has_target and ((base_for_growth > 0 > target) or (base_for_growth < 0 < target)):
        reason = REASON_TARGET_OPPOSITE_SIGN
    else:
        observed = compound_growth(current, base_for_growth, points.current_year, points.base_year)
        progress = value_sign * sign * observed
        if has_target:
            required = compound_growth(target, base_for_growth, target_year, points.base_year)
            if required == 0:
                progress = -math.inf if progress < 0 else math.inf
            else:
                progress = progress / abs(required)

    if achieved:
        status, score = TARGET_ACHIEVED, SCORE_MAX
    elif progress is None:
        status, score = NOT_AVAILABLE, None
    else:
        status = _classify(progress, *thresholds)
        score = _score(progress, has_target, thresholds, coefficient)
    return Assessment(
        status=status,
        reason=reason if status == NOT_AVAILABLE else None,
        observed_growth=observed,
        required_growth=required,
        progress_value=progress,
        score=score,
        target_achieved=achieved,
        **result,
    )


def status_from_score(score: float | None, target_achieved: bool = False) -> str:
    """The status of an aggregate score, as Open SDG's ``get_progress_status_from_score``."""
    if target_achieved:
        return TARGET_ACHIEVED
    if score is None or math.isnan(score):
        return NOT_AVAILABLE
    if score >= SCORE_SUBSTANTIAL:
        return SUBSTANTIAL_PROGRESS
    if score >= SCORE_MODERATE:
        return MODERATE_PROGRESS
    if score >= SCORE_LIMITED:
        return LIMITED_PROGRESS
    return DETERIORATION


def aggregate(scores, target_achieved, axis: int = -1) -> tuple[np.ndarray, np.ndarray]:
    """Combine series into indicators the way Open SDG's ``IndicatorProgress`` does.

    The indicator score is the mean of the scores of the series that have one (NaN for none);
    its status follows from the score bands, except that it is ``target_achieved`` only when every
    scored series achieved its target. Returns ``(score, status code)`` arrays, codes into
    :data:`STATUSES`.
    """
    scores = np.asarray(scores, dtype=np.float64)
    achieved = np.asarray(target_achieved, dtype=bool)
    scored = ~np.isnan(scores)
    count = scored.sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, np.where(scored, scores, 0).sum(axis=axis) / count, np.nan)
    all_achieved = np.all(achieved | ~scored, axis=axis) & (count > 0)
    code = STATUSES.index
    status = np.select(
        [
            all_achieved,
            mean >= SCORE_SUBSTANTIAL,
            mean >= SCORE_MODERATE,
            mean >= SCORE_LIMITED,
            mean >= SCORE_MIN,
        ],
        [
            code(TARGET_ACHIEVED),
            code(SUBSTANTIAL_PROGRESS),
            code(MODERATE_PROGRESS),
            code(LIMITED_PROGRESS),
            code(DETERIORATION),
        ],
        code(NOT_AVAILABLE),
    ).astype(np.int8)
    return mean, status


def _limit_coefficient_many(base, limit) -> np.ndarray:
    base, limit = np.abs(base), np.abs(limit)
    with np.errstate(all="ignore"):
        below = 1 - np.power(base / limit, LIMIT_EXPONENT)
        above = 1 - np.power((2 * limit - base) / limit, LIMIT_EXPONENT)
    return np.where(base >= 2 * limit, 1.0, np.where(base <= limit, below, above))


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
    """Assess every series of ``values`` (..., years) at once; arguments broadcast per series."""
    opening = open_many(
        years,
        values,
        direction=direction,
        target=target,
        base_year=base_year,
        target_year=target_year,
    )
    sign, has_target, points = opening.sign, opening.has_target, opening.points
    base, current = points.base_value, points.current_value
    target = np.where(
        opening.target == 0, np.where(base < 0, -1, 1) * ZERO_REPLACEMENT, opening.target
    )
    target_year = opening.target_year
    limit = optional_numbers(limit, opening.shape)

    value_sign = np.where(base < 0, -1.0, 1.0)
    with np.errstate(invalid="ignore"):
        limited = ~has_target & ~np.isnan(limit) & (sign * (limit - base) >= 0)
    coefficient = np.where(limited, _limit_coefficient_many(base, limit), 1.0)
    high = np.where(has_target, TARGET_HIGH, GROWTH_HIGH * coefficient)
    medium = np.where(has_target, TARGET_MEDIUM, GROWTH_MEDIUM * coefficient)
    low = np.where(has_target, TARGET_LOW, GROWTH_LOW * coefficient)
    achieved = (
        has_target
        & ~opening.data_missing
        & ~opening.too_few_points
        & (sign * (current - target) >= 0)
    )

    base_for_growth = np.where(base == 0, ZERO_REPLACEMENT, base)
    opposite = ((base_for_growth > 0) & (current < 0)) | ((base_for_growth < 0) & (current > 0))
    target_opposite = has_target & (
        ((base_for_growth > 0) & (target < 0)) | ((base_for_growth < 0) & (target > 0))
    )
    reason = add_reason(opening.reason, opposite, REASON_OPPOSITE_SIGNS)
    reason = add_reason(reason, both_signs_many(opening), REASON_SIGN_CHANGE)
    reason = add_reason(reason, opening.too_few_points, REASON_TOO_FEW_POINTS)
    reason = add_reason(reason, has_target & (target_year <= points.base_year), REASON_TARGET_YEAR)
    reason = add_reason(reason, target_opposite, REASON_TARGET_OPPOSITE_SIGN)
    computable = reason == 0

    with np.errstate(all="ignore"):
        observed = np.where(
            computable,
            compound_growth_many(current, base_for_growth, points.current_year, points.base_year),
            np.nan,
        )
        directed = value_sign * sign * observed
        required = np.where(
            computable & has_target,
            compound_growth_many(target, base_for_growth, target_year, points.base_year),
            np.nan,
        )
        ratio = np.where(
            required == 0,
            np.where(directed < 0, -np.inf, np.inf),
            directed / np.abs(required),
        )
        progress = np.where(computable, np.where(has_target, ratio, directed), np.nan)

        code = STATUSES.index
        status = np.select(
            [achieved, ~computable, progress >= high, progress >= medium, progress >= low],
            [
                code(TARGET_ACHIEVED),
                code(NOT_AVAILABLE),
                code(SUBSTANTIAL_PROGRESS),
                code(MODERATE_PROGRESS),
                code(LIMITED_PROGRESS),
            ],
            code(DETERIORATION),
        ).astype(np.int8)

        safe_coefficient = np.where(coefficient == 0, 1.0, coefficient)
        scaled = progress / safe_coefficient
        growth_score = np.select(
            [progress < low, coefficient == 0, progress >= high, progress >= medium],
            [
                np.maximum(
                    GROWTH_SCORE_NEGATIVE[0] * progress + GROWTH_SCORE_NEGATIVE[1], SCORE_MIN
                ),
                SCORE_MAX,
                np.minimum(GROWTH_SCORE_HIGH[0] * scaled + GROWTH_SCORE_HIGH[1], SCORE_MAX),
                GROWTH_SCORE_MEDIUM[0] * scaled + GROWTH_SCORE_MEDIUM[1],
            ],
            GROWTH_SCORE_LOW[0] * scaled + GROWTH_SCORE_LOW[1],
        )
        target_score = np.clip(
            np.where(
                progress >= medium,
                TARGET_SCORE_UPPER[0] * progress + TARGET_SCORE_UPPER[1],
                TARGET_SCORE_LOWER[0] * progress + TARGET_SCORE_LOWER[1],
            ),
            SCORE_MIN,
            SCORE_MAX,
        )
    score = np.where(
        achieved,
        SCORE_MAX,
        np.where(computable, np.where(has_target, target_score, growth_score), np.nan),
    )
    return Assessments(
        method=METHOD,
        statuses=STATUSES,
        status=status,
        reason=np.where(status == 0, reason, np.int8(0)).astype(np.int8),
        base_year=points.base_year,
        base_value=base,
        current_year=points.current_year,
        current_value=current,
        target=target,
        target_year=np.where(has_target, target_year, np.nan),
        observed_growth=observed,
        required_growth=required,
        progress_value=progress,
        score=score,
        target_achieved=achieved,
    )
