"""What the learning pages measure on indicator series: who improved most, a case's results
before and after it started, and how ambitious a local target is. Pure NumPy: no Django import.

**Improvement over a period** (the peer finder). For each municipality, the first and the last
yearly value inside the chosen period; the change between them per year, turned so that a
positive number is better (``direction``: ``"higher"`` or ``"lower"`` is better):

    improvement = sign × (last value − first value) / (last year − first year)

in the indicator's own unit per year (percentage points for a percentage). Fewer than
``MIN_SPAN_YEARS`` between the two values is too little to compare: no figure. The change is
linear, not compound: municipal indicators can be zero, and a share is compared in points. It is
the linear counterpart of the observed growth that the UN Statistics Division's SDG Progress
Chart compares with the required growth (UN DESA, *SDG Progress Chart: technical note*, 2023:
observed change from the base year to the latest year).

**Ambition** (shared ambition). A local target from ``baseline value`` in its baseline year to
``target value`` in its target year needs

    required = sign × (target − baseline) / (target year − baseline year)

per year, and has achieved so far

    achieved = sign × (latest − baseline) / (latest year − baseline year)

(its own baseline value, the latest observation after the baseline year). Whether the pace is
high, low or beyond what is seen is read against what the municipalities actually managed: the
improvement of every municipality over the last ``REFERENCE_YEARS`` years with data. A target
that needs no more than the median municipality's improvement is *low*; up to the
``BEYOND_PERCENTILE``-th percentile it is *high*; above it no more than one municipality in ten
has moved this fast, and the target is *beyond what is observed* (unrealistic unless something
new happens). This benchmark against what the best performers reach follows the SDSN's use of
the best performers for its optimum (Lafortune et al. 2018, *SDG Index and Dashboards:
detailed methodological paper*, section 3.3); the thresholds are the network's own choice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

HIGHER = "higher"
LOWER = "lower"
MIN_SPAN_YEARS = 3  # years between the first and the last value compared
REFERENCE_YEARS = 5  # the recent period whose improvements a target's pace is read against
BEYOND_PERCENTILE = 90.0  # faster than nine municipalities in ten: beyond what is observed
BEFORE_YEARS = 5  # a case's results: this many years before it started are its "before"

LEVEL_LOW = "low"
LEVEL_HIGH = "high"
LEVEL_BEYOND = "beyond_observed"
LEVEL_UNKNOWN = "unknown"
LEVELS = (LEVEL_LOW, LEVEL_HIGH, LEVEL_BEYOND, LEVEL_UNKNOWN)

PACE_AHEAD = "on_pace"
PACE_BEHIND = "behind"
PACE_UNKNOWN = "unknown"


def sign_of(direction: str) -> float:
    if direction not in (HIGHER, LOWER):
        raise ValueError(f"direction must be {HIGHER!r} or {LOWER!r}, not {direction!r}")
    return 1.0 if direction == HIGHER else -1.0


@dataclass(frozen=True)
class Improvement:
    """Per row (municipality): the values compared and the improvement per year (NaN where
    there is too little data); years are 0 where there is no value."""

    first_year: np.ndarray
    first_value: np.ndarray
    last_year: np.ndarray
    last_value: np.ndarray
    per_year: np.ndarray

    @property
    def total(self) -> np.ndarray:
        """The change over the years compared, in the better direction."""
        return self.per_year * (self.last_year - self.first_year)


def improvement(years, values, *, start: int, end: int, direction: str) -> Improvement:
    """The improvement per year of each row of ``values`` (rows × ``years``) between its first
    and last value in ``start``..``end``."""
    sign = sign_of(direction)
    years = np.asarray(years, dtype=float)
    values = np.asarray(values, dtype=float)
    values = values[None, :] if values.ndim == 1 else values
    if years.size == 0:  # no years at all: one empty year, so that every row has no value
        years, values = np.zeros(1), np.full((values.shape[0], 1), np.nan)
    present = ~np.isnan(values) & ((years >= start) & (years <= end))[None, :]
    has = present.any(axis=1)
    rows = np.arange(values.shape[0])
    # Where a row has no value inside, position -1 reads the padding: year 0, value NaN.
    first_at = np.where(has, np.argmax(present, axis=1), -1)
    last_at = np.where(has, years.size - 1 - np.argmax(present[:, ::-1], axis=1), -1)
    padded_years = np.append(years, 0.0)  # position -1 (no value) reads 0
    padded = np.hstack([values, np.full((len(rows), 1), np.nan)])
    first_year, last_year = padded_years[first_at], padded_years[last_at]
    first_value, last_value = padded[rows, first_at], padded[rows, last_at]
    span = last_year - first_year
    with np.errstate(invalid="ignore", divide="ignore"):
        per_year = np.where(
            has & (span >= MIN_SPAN_YEARS), sign * (last_value - first_value) / span, np.nan
        )
    return Improvement(
        first_year.astype(int), first_value, last_year.astype(int), last_value, per_year
    )


def ranks(per_year: np.ndarray) -> np.ndarray:
    """1 for the largest improvement; equal improvements share a rank (1, 2, 2, 4); 0 where
    there is none."""
    per_year = np.asarray(per_year, dtype=float)
    known = ~np.isnan(per_year)
    filled = np.where(known, per_year, -np.inf)
    better = (filled[None, :] > filled[:, None]).sum(axis=1)
    return np.where(known, better + 1, 0).astype(int)


def ranking(per_year: np.ndarray, names: list[str]) -> list[int]:
    """Row numbers from the largest improvement down, ties by name, rows without one last."""
    per_year = np.asarray(per_year, dtype=float)
    return sorted(
        range(len(names)),
        key=lambda row: (np.isnan(per_year[row]), -np.nan_to_num(per_year[row]), names[row]),
    )


@dataclass(frozen=True)
class BeforeAfter:
    """A series' improvement per year before a case started and since (NaN where unknown)."""

    before: float
    after: float

    @property
    def difference(self) -> float:
        """How much faster it improved since the start than before (NaN if either is unknown)."""
        return self.after - self.before


def before_after(years, values, *, started: int, direction: str) -> BeforeAfter:
    """Improvement per year over the ``BEFORE_YEARS`` up to the year a case started, and from
    that year to the latest value. A shorter "after" than ``MIN_SPAN_YEARS`` gives NaN: too
    early to tell."""
    years = np.asarray(years, dtype=float)
    values = np.asarray(values, dtype=float)
    before = improvement(years, values[None, :], start=started - BEFORE_YEARS, end=started,
                         direction=direction).per_year[0]  # fmt: skip
    last = int(years.max()) if years.size else started
    after = improvement(
        years, values[None, :], start=started, end=last, direction=direction
    ).per_year[0]
    return BeforeAfter(float(before), float(after))


def mean_series(values: np.ndarray) -> np.ndarray:
    """The mean of several series (rows) per year, NaN where none has a value."""
    values = np.atleast_2d(np.asarray(values, dtype=float))
    count = (~np.isnan(values)).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, np.nansum(values, axis=0) / np.maximum(count, 1), np.nan)


@dataclass(frozen=True)
class Ambition:
    """A local target's pace: required and achieved per year in the better direction."""

    required: float
    achieved: float  # NaN without an observation after the baseline year
    latest_year: int | None
    level: str
    pace: str

    @property
    def ratio(self) -> float:
        """Achieved over required (NaN when either is unknown or nothing is required)."""
        if np.isnan(self.achieved) or self.required <= 0:
            return float("nan")
        return self.achieved / self.required


@dataclass(frozen=True)
class Reference:
    """What the municipalities managed over the reference period: the median and the
    ``BEYOND_PERCENTILE``-th percentile of their improvements per year, and how many had one."""

    median: float
    high: float
    count: int


def reference(per_year: np.ndarray) -> Reference:
    known = np.asarray(per_year, dtype=float)
    known = known[~np.isnan(known)]
    if known.size == 0:
        return Reference(float("nan"), float("nan"), 0)
    return Reference(
        float(np.median(known)), float(np.percentile(known, BEYOND_PERCENTILE)), int(known.size)
    )


def level(required: float, ref: Reference) -> str:
    """Low, high or beyond what is observed, against the municipalities' improvements."""
    if np.isnan(required) or ref.count == 0:
        return LEVEL_UNKNOWN
    if required <= ref.median:
        return LEVEL_LOW
    if required <= ref.high:
        return LEVEL_HIGH
    return LEVEL_BEYOND


def ambition(
    *,
    baseline_year: int,
    baseline_value: float,
    target_year: int,
    target_value: float,
    direction: str,
    years,
    values,
    ref: Reference,
) -> Ambition:
    """The pace a local target needs and the pace achieved on the municipality's series since
    its baseline year (its own baseline value is the start)."""
    sign = sign_of(direction)
    required = sign * (target_value - baseline_value) / (target_year - baseline_year)
    years = np.asarray(years, dtype=float)
    values = np.asarray(values, dtype=float)
    after = (years > baseline_year) & ~np.isnan(values)
    achieved, latest_year = float("nan"), None
    if after.any():
        at = int(np.flatnonzero(after)[-1])
        latest_year = int(years[at])
        achieved = sign * (values[at] - baseline_value) / (latest_year - baseline_year)
    if np.isnan(achieved):
        pace = PACE_UNKNOWN
    else:
        pace = PACE_AHEAD if achieved >= required else PACE_BEHIND
    return Ambition(float(required), float(achieved), latest_year, level(required, ref), pace)
