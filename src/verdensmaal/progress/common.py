"""Plumbing shared by the progress methods: input checks, the choice of base and current
observation, the reasons for "not available", and the two result types.

Every method picks its two observations the same way, the way Open SDG's ``SeriesProgress`` does:
the *current* observation is the latest year with a value; the *base* observation is the value in
the configured base year or, when that year is missing, the first later year with a value. Data
before the base year are ignored. Missing values are NaN (or None in the single-series path).

The vectorised methods all start with :func:`open_many` (checked arrays, direction signs, target,
the two observations and the reasons for missing data) and go on from there.

Pure Python and NumPy; no Django import.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

HIGHER = "higher"
LOWER = "lower"
DIRECTIONS = (HIGHER, LOWER)

DEFAULT_BASE_YEAR = 2015
DEFAULT_TARGET_YEAR = 2030

NOT_AVAILABLE = "not_available"

# Why a series could not be assessed. The text is stable data (the UI translates it); the position
# in REASONS is the code used by the vectorised path.
REASON_NO_DATA = "no data"
REASON_NO_DATA_AFTER_BASE = "no data at or after base year"
REASON_TOO_FEW_POINTS = "fewer than 2 data points"
REASON_BASE_NOT_POSITIVE = "base value is zero or negative"
REASON_CURRENT_NEGATIVE = "current value is negative"
REASON_TARGET_NEGATIVE = "target is negative"
REASON_TARGET_YEAR = "target year is not after base year"
REASON_OPPOSITE_SIGNS = "base value and current value have opposite signs"
REASON_NO_TARGET = "no target given"
REASON_SIGN_CHANGE = "a value from the base year on has the opposite sign"
REASON_TARGET_OPPOSITE_SIGN = "target and base value have opposite signs"

# Codes are positions in this tuple and are stored and compared: append, never reorder.
REASONS = (
    "",
    REASON_NO_DATA,
    REASON_NO_DATA_AFTER_BASE,
    REASON_TOO_FEW_POINTS,
    REASON_BASE_NOT_POSITIVE,
    REASON_CURRENT_NEGATIVE,
    REASON_TARGET_NEGATIVE,
    REASON_TARGET_YEAR,
    REASON_OPPOSITE_SIGNS,
    REASON_NO_TARGET,
    REASON_SIGN_CHANGE,
    REASON_TARGET_OPPOSITE_SIGN,
)
REASON_CODE = {text: code for code, text in enumerate(REASONS)}


@dataclass(frozen=True, slots=True)
class Assessment:
    """The assessment of one series and the numbers behind it.

    ``observed_growth`` and ``required_growth`` are per year, as the method defines growth
    (compound rate for ``unsd`` and ``opensdg``; change in the indicator's units for ``sdsn``, or
    in score points when its normalisation bounds are given), undirected. ``progress_value`` is
    the directed figure compared with the method's thresholds: the ratio of observed to required
    growth when there is a target, the directed growth rate otherwise. ``score`` is Open SDG's
    -5..5 score, or for ``sdsn`` with bounds the latest value's normalised score (0..100).
    """

    method: str
    status: str
    reason: str | None = None
    base_year: int | None = None
    base_value: float | None = None
    current_year: int | None = None
    current_value: float | None = None
    target: float | None = None
    target_year: int | None = None
    observed_growth: float | None = None
    required_growth: float | None = None
    progress_value: float | None = None
    score: float | None = None
    target_achieved: bool = False

    @property
    def available(self) -> bool:
        return self.status != NOT_AVAILABLE

    @property
    def ratio(self) -> float | None:
        """Observed over required growth (only when assessed against a target)."""
        return self.progress_value if self.required_growth is not None else None


@dataclass(frozen=True, slots=True)
class Assessments:
    """Vectorised results: one element per series, in the leading shape of the input values.

    ``status`` holds codes into ``statuses`` (0 is always ``not_available``), ``reason`` codes into
    :data:`REASONS` (0 when assessed). Numbers are float arrays with NaN where not defined.
    """

    method: str
    statuses: tuple[str, ...]
    status: np.ndarray
    reason: np.ndarray
    base_year: np.ndarray
    base_value: np.ndarray
    current_year: np.ndarray
    current_value: np.ndarray
    target: np.ndarray
    target_year: np.ndarray
    observed_growth: np.ndarray
    required_growth: np.ndarray
    progress_value: np.ndarray
    score: np.ndarray
    target_achieved: np.ndarray

    @property
    def shape(self) -> tuple[int, ...]:
        return self.status.shape

    def status_names(self) -> np.ndarray:
        return np.asarray(self.statuses)[self.status]

    def reason_texts(self) -> np.ndarray:
        return np.asarray(REASONS)[self.reason]

    def at(self, index) -> Assessment:
        """The result for one series, as the single-series path would return it."""

        def number(array):
            value = float(array[index])
            return None if math.isnan(value) else value

        def year(array):
            value = number(array)
            return None if value is None else int(value)

        status = self.statuses[int(self.status[index])]
        required = number(self.required_growth)
        return Assessment(
            method=self.method,
            status=status,
            reason=REASONS[int(self.reason[index])] or None,
            base_year=year(self.base_year),
            base_value=number(self.base_value),
            current_year=year(self.current_year),
            current_value=number(self.current_value),
            target=number(self.target),
            target_year=year(self.target_year),
            observed_growth=number(self.observed_growth),
            required_growth=required,
            progress_value=number(self.progress_value),
            score=number(self.score),
            target_achieved=bool(self.target_achieved[index]),
        )


# --- single series ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Points:
    """Base and current observation of one series, or the reason they cannot be had."""

    reason: str | None
    base_year: int | None = None
    base_value: float | None = None
    current_year: int | None = None
    current_value: float | None = None
    since_base: tuple[float, ...] = ()  # every value from the base year on, in year order


def direction_sign(direction: str) -> int:
    if direction == HIGHER:
        return 1
    if direction == LOWER:
        return -1
    raise ValueError(f"direction must be {HIGHER!r} or {LOWER!r}, not {direction!r}")


def optional_number(value) -> float | None:
    """None and NaN both mean "not given"."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def select_points(years: Sequence, values: Sequence, base_year: int) -> Points:
    if len(years) != len(values):
        raise ValueError("years and values must have the same length")
    observed = {}
    for year, value in zip(years, values, strict=True):
        year = _whole_year(year)
        if year in observed:
            raise ValueError(f"duplicate year {year}")
        number = optional_number(value)
        observed[year] = number
    points = sorted((y, v) for y, v in observed.items() if v is not None)
    if not points:
        return Points(reason=REASON_NO_DATA)
    current_year, current_value = points[-1]
    since_base = [(y, v) for y, v in points if y >= base_year]
    if not since_base:
        return Points(
            reason=REASON_NO_DATA_AFTER_BASE,
            current_year=current_year,
            current_value=current_value,
        )
    first_year, first_value = since_base[0]
    return Points(
        reason=REASON_TOO_FEW_POINTS if first_year == current_year else None,
        base_year=first_year,
        base_value=first_value,
        current_year=current_year,
        current_value=current_value,
        since_base=tuple(value for _year, value in since_base),
    )


def has_both_signs(values: Sequence[float]) -> bool:
    """Whether ``values`` hold a positive and a negative number (zero has neither sign)."""
    return any(value > 0 for value in values) and any(value < 0 for value in values)


def compound_growth(current: float, base: float, current_year: float, base_year: float) -> float:
    """Compound annual growth rate, the ``growth_calculation`` of Open SDG and the UN note."""
    return (current / base) ** (1 / (current_year - base_year)) - 1


def directed_ratio(directed_observed: float, required: float) -> float:
    """Observed over required growth, signed by the desired direction.

    Dividing by the magnitude of the required growth (as Open SDG does) keeps the sign meaningful
    when the base value had already passed the target: moving away from it is then negative. When
    the base value equals the target the required growth is zero; the limit of the ratio is taken.
    """
    if required == 0:
        return -math.inf if directed_observed < 0 else math.inf
    return directed_observed / abs(required)


def _whole_year(year) -> int:
    number = float(year)
    if not number.is_integer():
        raise ValueError(f"years must be whole numbers, not {year!r}")
    return int(number)


# --- many series --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PointsMany:
    reason: np.ndarray  # codes into REASONS: 0, no data, no data after base, too few points
    base_year: np.ndarray
    base_value: np.ndarray
    current_year: np.ndarray
    current_value: np.ndarray


def prepare_many(years, values, base_year, target_year):
    """Check the inputs of a vectorised call and bring them to float arrays of one shape."""
    years = np.asarray(years)
    if years.ndim != 1 or years.size == 0:
        raise ValueError("years must be a non-empty 1-D array")
    years = years.astype(np.float64)
    if not np.all(np.isfinite(years)) or np.any(years != np.round(years)):
        raise ValueError("years must be whole numbers")
    if np.any(np.diff(years) <= 0):
        raise ValueError("years must be strictly increasing")
    values = np.asarray(values, dtype=np.float64)
    if values.ndim < 1 or values.shape[-1] != years.size:
        raise ValueError("the last axis of values must match years")
    shape = values.shape[:-1]
    base_year = np.broadcast_to(np.asarray(base_year, dtype=np.float64), shape)
    target_year = np.broadcast_to(np.asarray(target_year, dtype=np.float64), shape)
    return years, values, base_year, target_year


def direction_signs(direction, shape) -> np.ndarray:
    array = np.asarray(direction)
    if array.dtype.kind in "US":
        higher = array == HIGHER
        if not np.all(higher | (array == LOWER)):
            raise ValueError(f"direction must be {HIGHER!r} or {LOWER!r}")
        signs = np.where(higher, 1.0, -1.0)
    else:
        signs = array.astype(np.float64)
        if not np.all(np.abs(signs) == 1):
            raise ValueError("numeric direction must be +1 (higher) or -1 (lower)")
    return np.broadcast_to(signs, shape)


def optional_numbers(value, shape) -> np.ndarray:
    if value is None:
        return np.full(shape, np.nan)
    return np.broadcast_to(np.asarray(value, dtype=np.float64), shape)


def select_points_many(years: np.ndarray, values: np.ndarray, base_year: np.ndarray) -> PointsMany:
    valid = ~np.isnan(values)
    has_any = valid.any(axis=-1)
    last = years.size - 1 - np.argmax(valid[..., ::-1], axis=-1)
    since_base = valid & (years >= base_year[..., None])
    has_since_base = since_base.any(axis=-1)
    first = np.argmax(since_base, axis=-1)

    current_value = np.take_along_axis(values, last[..., None], axis=-1)[..., 0]
    base_value = np.take_along_axis(values, first[..., None], axis=-1)[..., 0]
    reason = np.where(
        ~has_any,
        REASON_CODE[REASON_NO_DATA],
        np.where(
            ~has_since_base,
            REASON_CODE[REASON_NO_DATA_AFTER_BASE],
            np.where(first == last, REASON_CODE[REASON_TOO_FEW_POINTS], 0),
        ),
    ).astype(np.int8)
    return PointsMany(
        reason=reason,
        base_year=np.where(has_since_base, years[first], np.nan),
        base_value=np.where(has_since_base, base_value, np.nan),
        current_year=np.where(has_any, years[last], np.nan),
        current_value=np.where(has_any, current_value, np.nan),
    )


@dataclass(frozen=True, slots=True)
class Opening:
    """The common start of every vectorised method: checked inputs, one element per series."""

    years: np.ndarray  # 1-D, float
    values: np.ndarray  # (..., years)
    shape: tuple[int, ...]  # the leading shape: one element per series
    sign: np.ndarray  # +1 higher is better, -1 lower is better
    target: np.ndarray  # NaN for no target
    has_target: np.ndarray
    target_year: np.ndarray
    points: PointsMany
    data_missing: np.ndarray  # no data at all, or none from the base year on
    reason: np.ndarray  # codes into REASONS: the reason for missing data, 0 elsewhere

    @property
    def too_few_points(self) -> np.ndarray:
        return self.points.reason == REASON_CODE[REASON_TOO_FEW_POINTS]


def open_many(years, values, *, direction, target, base_year, target_year) -> Opening:
    """Check and broadcast the arguments of an ``assess_many`` and pick every series' points."""
    years, values, base_year, target_year = prepare_many(years, values, base_year, target_year)
    shape = values.shape[:-1]
    target = optional_numbers(target, shape)
    points = select_points_many(years, values, base_year)
    data_missing = np.isin(
        points.reason, [REASON_CODE[REASON_NO_DATA], REASON_CODE[REASON_NO_DATA_AFTER_BASE]]
    )
    return Opening(
        years=years,
        values=values,
        shape=shape,
        sign=direction_signs(direction, shape),
        target=target,
        has_target=~np.isnan(target),
        target_year=target_year,
        points=points,
        data_missing=data_missing,
        reason=np.where(data_missing, points.reason, np.int8(0)).astype(np.int8),
    )


def both_signs_many(opening: Opening) -> np.ndarray:
    """Whether the values from each series' base year on hold a positive and a negative number."""
    with np.errstate(invalid="ignore"):
        since_base = opening.years >= opening.points.base_year[..., None]  # False where no base
        positive = np.any(since_base & (opening.values > 0), axis=-1)
        negative = np.any(since_base & (opening.values < 0), axis=-1)
    return positive & negative


def add_reason(reason: np.ndarray, condition: np.ndarray, text: str) -> np.ndarray:
    """Give ``text`` to the series that have no reason yet and meet ``condition``."""
    return np.where((reason == 0) & condition, np.int8(REASON_CODE[text]), reason)


def compound_growth_many(current, base, current_year, base_year) -> np.ndarray:
    return np.power(current / base, 1.0 / (current_year - base_year)) - 1.0


def directed_ratio_many(directed_observed, required) -> np.ndarray:
    limit = np.where(directed_observed < 0, -np.inf, np.inf)
    return np.where(required == 0, limit, directed_observed / np.abs(required))
