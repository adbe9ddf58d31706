"""The UN DESA SDG Progress Chart method.

Source: United Nations, Department of Economic and Social Affairs, Statistics Division,
"Sustainable Development Goals Progress Chart — Technical Note" (editions 2020–2023, section II,
"The methodology proposed by the Task Team on SDG Progress Chart": (a) indicators without an
explicit numerical target, (b) indicators with an explicit numerical target).

With a numeric target the actual compound annual growth rate since the base year,

    CAGR_a = (x_t / x_0) ** (1 / (t - t_0)) - 1,

is compared with the rate required to reach the target in the target year,

    CAGR_r = (x_target / x_0) ** (1 / (target_year - t_0)) - 1,

through the ratio CR = CAGR_a / CAGR_r. We compute it as d * CAGR_a / |CAGR_r| with d = +1 when
higher is better and -1 when lower is better: identical to the note whenever the target lies in
the desired direction from the base value, and still meaningful when the base value had already
met the target (moving away from it is then negative, i.e. deterioration). A series whose latest
value meets the target is ``target_met`` whatever its trend; like every assessment it needs two
observations from the base year on (one value may be a blip; as Open SDG's methodology requires,
see ``opensdg``).

Without a numeric target the directed growth rate d * CAGR_a is put in the growth-rate bands of
the same note. The note does not define growth for zero or negative values: such series are
``not_available`` with the reason.
"""

from __future__ import annotations

import numpy as np

from .common import (
    DEFAULT_BASE_YEAR,
    DEFAULT_TARGET_YEAR,
    NOT_AVAILABLE,
    REASON_BASE_NOT_POSITIVE,
    REASON_CURRENT_NEGATIVE,
    REASON_NO_DATA,
    REASON_NO_DATA_AFTER_BASE,
    REASON_TARGET_NEGATIVE,
    REASON_TARGET_YEAR,
    REASON_TOO_FEW_POINTS,
    Assessment,
    Assessments,
    add_reason,
    compound_growth,
    compound_growth_many,
    directed_ratio,
    directed_ratio_many,
    direction_sign,
    open_many,
    optional_number,
    select_points,
)

METHOD = "unsd"

TARGET_MET = "target_met"
ON_TRACK = "on_track"
FAIR_PROGRESS = "fair_progress"
LIMITED_PROGRESS = "limited_progress"
DETERIORATION = "deterioration"
STATUSES = (NOT_AVAILABLE, TARGET_MET, ON_TRACK, FAIR_PROGRESS, LIMITED_PROGRESS, DETERIORATION)

# With a target: lower edges of the bands of CR = observed / required growth.
ON_TRACK_RATIO = 0.95
FAIR_PROGRESS_RATIO = 0.5
LIMITED_PROGRESS_RATIO = -0.1

# Without a target: lower edges of the bands of the directed annual growth rate d * CAGR_a.
ON_TRACK_GROWTH = 0.01
FAIR_PROGRESS_GROWTH = 0.005
LIMITED_PROGRESS_GROWTH = -0.01


def _classify(value: float, on_track: float, fair: float, limited: float) -> str:
    if value >= on_track:
        return ON_TRACK
    if value >= fair:
        return FAIR_PROGRESS
    if value >= limited:
        return LIMITED_PROGRESS
    return DETERIORATION


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
    """Assess one series. ``limit`` is accepted for a uniform signature; this method has none."""
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

    def not_available(reason: str, **numbers) -> Assessment:
        return Assessment(status=NOT_AVAILABLE, reason=reason, **result, **numbers)

    if points.reason in (REASON_NO_DATA, REASON_NO_DATA_AFTER_BASE):
        return not_available(points.reason)
    current, base = points.current_value, points.base_value
    if points.reason is not None:  # "target met" too needs two observations
        return not_available(points.reason)
    if target is not None and sign * (current - target) >= 0:
        return Assessment(status=TARGET_MET, target_achieved=True, **result)
    if base <= 0:
        return not_available(REASON_BASE_NOT_POSITIVE)
    if current < 0:
        return not_available(REASON_CURRENT_NEGATIVE)

    observed = compound_growth(current, base, points.current_year, points.base_year)
    if target is None:
        progress = sign * observed
        status = _classify(progress, ON_TRACK_GROWTH, FAIR_PROGRESS_GROWTH, LIMITED_PROGRESS_GROWTH)
        return Assessment(
            status=status, observed_growth=observed, progress_value=progress, **result
        )

    if target < 0:
        return not_available(REASON_TARGET_NEGATIVE, observed_growth=observed)
    if target_year <= points.base_year:
        return not_available(REASON_TARGET_YEAR, observed_growth=observed)
    required = compound_growth(target, base, target_year, points.base_year)
    ratio = directed_ratio(sign * observed, required)
    status = _classify(ratio, ON_TRACK_RATIO, FAIR_PROGRESS_RATIO, LIMITED_PROGRESS_RATIO)
    return Assessment(
        status=status,
        observed_growth=observed,
        required_growth=required,
        progress_value=ratio,
        **result,
    )


def _classify_many(value, on_track, fair, limited) -> np.ndarray:
    code = STATUSES.index
    return np.select(
        [value >= on_track, value >= fair, value >= limited],
        [code(ON_TRACK), code(FAIR_PROGRESS), code(LIMITED_PROGRESS)],
        code(DETERIORATION),
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
    """Assess every series of ``values`` (..., years) at once; arguments broadcast per series."""
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

    met = (
        has_target
        & ~opening.data_missing
        & ~opening.too_few_points
        & (sign * (current - target) >= 0)
    )
    reason = add_reason(opening.reason, opening.too_few_points, REASON_TOO_FEW_POINTS)
    reason = add_reason(reason, ~met & (base <= 0), REASON_BASE_NOT_POSITIVE)
    reason = add_reason(reason, ~met & (current < 0), REASON_CURRENT_NEGATIVE)

    with np.errstate(all="ignore"):
        computable = reason == 0
        observed = np.where(
            computable & ~met,
            compound_growth_many(current, base, points.current_year, points.base_year),
            np.nan,
        )
        reason = add_reason(reason, ~met & has_target & (target < 0), REASON_TARGET_NEGATIVE)
        reason = add_reason(
            reason, ~met & has_target & (target_year <= points.base_year), REASON_TARGET_YEAR
        )
        with_target = (reason == 0) & ~met & has_target
        required = np.where(
            with_target,
            compound_growth_many(target, base, target_year, points.base_year),
            np.nan,
        )
        ratio = np.where(with_target, directed_ratio_many(sign * observed, required), np.nan)
        growth = np.where((reason == 0) & ~met & ~has_target, sign * observed, np.nan)

    status = np.where(
        has_target,
        _classify_many(ratio, ON_TRACK_RATIO, FAIR_PROGRESS_RATIO, LIMITED_PROGRESS_RATIO),
        _classify_many(growth, ON_TRACK_GROWTH, FAIR_PROGRESS_GROWTH, LIMITED_PROGRESS_GROWTH),
    )
    status = np.where(met, STATUSES.index(TARGET_MET), status)
    status = np.where(reason != 0, 0, status).astype(np.int8)
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
        progress_value=np.where(has_target, ratio, growth),
        score=np.full(opening.shape, np.nan),
        target_achieved=met,
    )


__all__ = [
    "DETERIORATION",
    "FAIR_PROGRESS",
    "FAIR_PROGRESS_GROWTH",
    "FAIR_PROGRESS_RATIO",
    "LIMITED_PROGRESS",
    "LIMITED_PROGRESS_GROWTH",
    "LIMITED_PROGRESS_RATIO",
    "ON_TRACK",
    "ON_TRACK_GROWTH",
    "ON_TRACK_RATIO",
    "STATUSES",
    "TARGET_MET",
    "assess",
    "assess_many",
]
