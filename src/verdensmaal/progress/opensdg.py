"""The Statistics Canada progress measure as shipped in Open SDG 2.4.

Sources: Open SDG documentation, "Progress Measurement Methodology for the Sustainable Development
Goals" (``docs/progress-methodology.md`` in the open-sdg/open-sdg repository), and its reference
implementation, ``SeriesProgress`` / ``IndicatorProgress`` in ``sdg/ProgressMeasure.py`` of
open-sdg/sdg-build (the version with natural limits and the -5..5 score), itself inspired by
Eurostat's SDG progress method.

This module ports that implementation's logic, so that a series gets the status Open SDG gives it:

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

Where Open SDG raises an exception instead of giving a status, this module returns
``not_available`` with a reason (no data at or after the base year; a target year not after the
base year) or takes the limit of the ratio (required growth of exactly zero). ``docs/methods.md``
lists these differences.
"""

from __future__ import annotations

import math

import numpy as np

from .common import (
    DEFAULT_BASE_YEAR,
    DEFAULT_TARGET_YEAR,
    NOT_AVAILABLE,
    REASON_CODE,
    REASON_NO_DATA,
    REASON_NO_DATA_AFTER_BASE,
    REASON_OPPOSITE_SIGNS,
    REASON_TARGET_YEAR,
    REASON_TOO_FEW_POINTS,
    Assessment,
    Assessments,
    add_reason,
    compound_growth,
    compound_growth_many,
    direction_sign,
    direction_signs,
    optional_number,
    optional_numbers,
    prepare_many,
    select_points,
    select_points_many,
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

# The score: linear pieces fixed by Open SDG for its default thresholds.
SCORE_MAX = 5.0
SCORE_MIN = -5.0
TARGET_SCORE_UPPER = (7.1429, -4.2857)  # slope, intercept for R >= TARGET_MEDIUM
TARGET_SCORE_LOWER = (4.1667, -2.5)  # for R < TARGET_MEDIUM
GROWTH_SCORE_NEGATIVE = (125.0, -2.5)  # for growth below GROWTH_LOW
GROWTH_SCORE_HIGH = (500.0, -5.0)  # for growth / C at or above GROWTH_HIGH
GROWTH_SCORE_MEDIUM = (250.0, -1.25)
GROWTH_SCORE_LOW = (500.0, -2.5)

# Score bands for the status of an aggregate (indicator) score.
SCORE_SUBSTANTIAL = 2.5
SCORE_MODERATE = 0.0
SCORE_LIMITED = -2.5


def limit_coefficient(base_value: float, limit: float) -> float:
    """The scaling factor C in 0..1 that shrinks the growth thresholds near a natural limit."""
    base_value, limit = abs(base_value), abs(limit)
    if base_value >= 2 * limit:
        return 1.0
    if base_value <= limit:
        return 1 - (base_value / limit) ** LIMIT_EXPONENT
    return 1 - ((2 * limit - base_value) / limit) ** LIMIT_EXPONENT


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
    """Assess one series as Open SDG's ``SeriesProgress`` does."""
    sign = direction_sign(direction)
    target = optional_number(target)
    if target == 0:
        target = ZERO_REPLACEMENT
    has_target = target is not None
    limit = optional_number(limit)
    points = select_points(years, values, base_year)
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
        # The limit is ignored when there is a target, and taken from the base value before any
        # zero replacement, as in Open SDG.
        coefficient = 1.0 if limit is None else limit_coefficient(base, limit)
        thresholds = tuple(t * coefficient for t in (GROWTH_HIGH, GROWTH_MEDIUM, GROWTH_LOW))
    achieved = has_target and sign * (current - target) >= 0

    base_for_growth = ZERO_REPLACEMENT if base == 0 else base
    reason = observed = required = progress = None
    if (base_for_growth > 0 > current) or (base_for_growth < 0 < current):
        reason = REASON_OPPOSITE_SIGNS
    elif points.reason is not None:
        reason = points.reason
    elif has_target and target_year <= points.base_year:
        reason = REASON_TARGET_YEAR
    else:
        observed = compound_growth(current, base_for_growth, points.current_year, points.base_year)
        progress = value_sign * sign * observed
        if has_target:
            # A target on the other side of zero from the base value gives a complex rate in
            # Open SDG (Python's power of a negative number); only its magnitude is used.
            raw = (target / base_for_growth) ** (1 / (target_year - points.base_year)) - 1
            magnitude = abs(raw)
            required = raw if isinstance(raw, float) else None
            if magnitude == 0:
                progress = -math.inf if progress < 0 else math.inf
            else:
                progress = progress / magnitude

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


def _required_magnitude_many(target, base, target_year, base_year):
    """|CAGR_required| and, where it is a real number, CAGR_required itself."""
    quotient = target / base
    exponent = 1.0 / (target_year - base_year)
    real = (quotient >= 0) | (exponent == 1)
    raw = np.where(real, np.power(quotient, exponent) - 1, np.nan)
    # Principal complex root of a negative quotient, as Python computes it.
    root = np.power(np.abs(quotient), exponent)
    angle = np.pi * exponent
    complex_magnitude = np.hypot(root * np.cos(angle) - 1, root * np.sin(angle))
    return np.where(real, np.abs(raw), complex_magnitude), raw


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
    years, values, base_year, target_year = prepare_many(years, values, base_year, target_year)
    shape = values.shape[:-1]
    sign = direction_signs(direction, shape)
    target = optional_numbers(target, shape)
    target = np.where(target == 0, ZERO_REPLACEMENT, target)
    has_target = ~np.isnan(target)
    limit = optional_numbers(limit, shape)
    points = select_points_many(years, values, base_year)
    base, current = points.base_value, points.current_value

    data_missing = np.isin(
        points.reason, [REASON_CODE[REASON_NO_DATA], REASON_CODE[REASON_NO_DATA_AFTER_BASE]]
    )
    value_sign = np.where(base < 0, -1.0, 1.0)
    coefficient = np.where(
        ~has_target & ~np.isnan(limit), _limit_coefficient_many(base, limit), 1.0
    )
    high = np.where(has_target, TARGET_HIGH, GROWTH_HIGH * coefficient)
    medium = np.where(has_target, TARGET_MEDIUM, GROWTH_MEDIUM * coefficient)
    low = np.where(has_target, TARGET_LOW, GROWTH_LOW * coefficient)
    achieved = has_target & ~data_missing & (sign * (current - target) >= 0)

    base_for_growth = np.where(base == 0, ZERO_REPLACEMENT, base)
    reason = np.where(data_missing, points.reason, np.int8(0))
    opposite = ((base_for_growth > 0) & (current < 0)) | ((base_for_growth < 0) & (current > 0))
    reason = add_reason(reason, opposite, REASON_OPPOSITE_SIGNS)
    reason = add_reason(
        reason, points.reason == REASON_CODE[REASON_TOO_FEW_POINTS], REASON_TOO_FEW_POINTS
    )
    reason = add_reason(reason, has_target & (target_year <= points.base_year), REASON_TARGET_YEAR)
    computable = reason == 0

    with np.errstate(all="ignore"):
        observed = np.where(
            computable,
            compound_growth_many(current, base_for_growth, points.current_year, points.base_year),
            np.nan,
        )
        directed = value_sign * sign * observed
        magnitude, raw_required = _required_magnitude_many(
            target, base_for_growth, target_year, points.base_year
        )
        ratio = np.where(
            magnitude == 0,
            np.where(directed < 0, -np.inf, np.inf),
            directed / magnitude,
        )
        progress = np.where(computable, np.where(has_target, ratio, directed), np.nan)
        required = np.where(computable & has_target, raw_required, np.nan)

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
