"""Numbers in pictures: the Danish and English number formats, and class breaks for maps.

Number format: Danish writes a decimal comma and a thousands point (2.500.000; 0,25), English the
other way round. Charts, maps and the report format their numbers here, so the axes of a chart
and the legend of a map read alike. Negative numbers take the Unicode minus sign (U+2212), as
d3-format writes them.

Class breaks for choropleth maps, two methods:

* quantiles: each class holds about the same number of areas;
* natural breaks: the grouping that minimises the sum of squared deviations from the class means,
  found exactly by dynamic programming after W. D. Fisher (1958), "On grouping for maximum
  homogeneity", Journal of the American Statistical Association 53(284): 789-798; G. F. Jenks's
  "natural breaks" (1977, "Optimal data classification for choropleth maps", University of Kansas
  Occasional Paper 2) approximate the same optimum iteratively.

Either method only decides which areas share a class; the break shown between two classes is then
the "nicest" round number (fewest significant digits: 1, 2 or 5 times a power of ten) that lies
between the largest value of the lower class and the smallest of the upper one, so the rounding
never moves an area to another class.

Pure Python and NumPy: no Django import.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

MINUS = "\u2212"
# Each language's number format, in the shape of d3-format's locale: decimal mark, thousands
# separator, grouping, currency affixes.
FORMAT_LOCALES = {
    "da": {
        "decimal": ",",
        "thousands": ".",
        "grouping": [3],
        "currency": ["", " kr."],
        "minus": MINUS,
    },
    "en": {
        "decimal": ".",
        "thousands": ",",
        "grouping": [3],
        "currency": ["DKK ", ""],
        "minus": MINUS,
    },
}
DEFAULT_LANGUAGE = "da"

QUANTILES = "quantiles"
NATURAL_BREAKS = "natural"
METHODS = (QUANTILES, NATURAL_BREAKS)
# Round breaks use steps of 1, 2 or 5 times a power of ten, coarsest first.
NICE_STEPS = (1.0, 0.5, 0.2)
FINEST_STEP_EXPONENT = -9
QUANTILE_SLACK = 0.15
MOST_DECIMALS = 6


def format_locale(language: str | None) -> dict:
    """The number format of a language code such as ``da`` or ``en-gb`` (Danish by default)."""
    base = (language or DEFAULT_LANGUAGE).split("-")[0].lower()
    return FORMAT_LOCALES.get(base, FORMAT_LOCALES["en"])


def format_number(value: float, decimals: int, language: str | None = None) -> str:
    """``value`` with ``decimals`` decimals, thousands grouped, in the language's format.

    Halves round away from zero, as d3-format (``toFixed``) rounds them: 30,25 -> 30,3.
    """
    locale = format_locale(language)
    exact = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{abs(exact):,.{decimals}f}"
    text = (
        text.replace(",", "\0").replace(".", locale["decimal"]).replace("\0", locale["thousands"])
    )
    # No minus sign on a number that rounds to zero: "−0,0" reads as a different value.
    if exact < 0:
        text = locale["minus"] + text
    return text


def decimals_for(values: Iterable[float], significant: int = 3) -> int:
    """The decimals that write every value exactly, but no more than show about
    ``significant`` digits of the largest: 1,5 and 2,25 get two; 12,345 gets one."""
    finite = [abs(v) for v in values if v is not None and math.isfinite(v)]
    if not finite or max(finite) == 0:
        return 0
    most = max(0, min(MOST_DECIMALS, significant - 1 - math.floor(math.log10(max(finite)))))
    for decimals in range(most):
        if all(abs(v - round(v, decimals)) < 1e-9 * max(1.0, v) for v in finite):
            return decimals
    return most


def step_decimals(step: float) -> int:
    """Decimals needed to write multiples of ``step`` (0.5 -> 1, 0.02 -> 2, 100 -> 0)."""
    decimals = 0
    while decimals < MOST_DECIMALS and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-9:
        decimals += 1
    return decimals


def nice_break(lower: float, upper: float) -> tuple[float, float]:
    """The roundest number ``b`` with ``lower < b <= upper``, and the step it is a multiple of."""
    if not lower < upper:
        raise ValueError(f"no number lies in ({lower}, {upper}]")
    largest = max(abs(lower), abs(upper))
    exponent = math.floor(math.log10(largest)) + 1 if largest else 0
    while exponent >= FINEST_STEP_EXPONENT:
        for factor in NICE_STEPS:
            step = factor * 10.0**exponent
            candidate = round((math.floor(lower / step) + 1) * step, step_decimals(step))
            if lower < candidate <= upper:
                return candidate, step
        exponent -= 1
    return upper, 10.0**FINEST_STEP_EXPONENT


def _step_positions(ordered: np.ndarray, wanted: Iterable[int]) -> list[int]:
    """Move each wanted split position off ties (to the nearest index where the value changes)."""
    n = len(ordered)
    changes = np.flatnonzero(ordered[1:] > ordered[:-1]) + 1  # valid split positions
    positions: list[int] = []
    for position in wanted:
        if not len(changes):
            break
        nearest = int(changes[np.argmin(np.abs(changes - position))])
        if 0 < nearest < n and nearest not in positions:
            positions.append(nearest)
    return sorted(positions)


def quantile_positions(ordered: np.ndarray, count: int) -> list[int]:
    """Split positions into ``count`` classes of about equal size (ties kept together).

    Each split may move up to ``QUANTILE_SLACK`` of a class's size from the exact quantile when
    that gives a rounder break (22 instead of 22,35): legends read better, counts barely change.
    """
    n = len(ordered)
    changes = np.flatnonzero(ordered[1:] > ordered[:-1]) + 1  # valid split positions
    slack = max(1, int(n / count * QUANTILE_SLACK))
    positions: list[int] = []
    for i in range(1, count):
        target = round(i * n / count)
        near = [int(p) for p in changes if abs(p - target) <= slack and p not in positions]
        if not near:
            near = [int(p) for p in changes if p not in positions and p > max(positions, default=0)]
            near = sorted(near, key=lambda p: abs(p - target))[:1]
        if not near:
            continue

        def roundness(position: int, target: int = target) -> tuple[float, int]:
            _value, step = nice_break(float(ordered[position - 1]), float(ordered[position]))
            return (-step, abs(position - target))

        positions.append(min(near, key=roundness))
    return sorted(positions)


def natural_break_positions(ordered: np.ndarray, count: int) -> list[int]:
    """Fisher's (1958) optimal split positions into ``count`` contiguous classes.

    Minimises the total within-class sum of squared deviations; ``cost[k, j]`` is the least cost
    of the first ``j`` values in ``k + 1`` classes, found from ``cost[k - 1, i]`` plus the squared
    deviations of values ``i..j``.
    """
    n = len(ordered)
    count = min(count, n)
    if count < 2:
        return []
    x = ordered.astype(float)
    x = x - x.mean()  # deviations are unchanged; the sums of squares lose less precision
    s1 = np.concatenate(([0.0], np.cumsum(x)))
    s2 = np.concatenate(([0.0], np.cumsum(x * x)))
    start = np.arange(n + 1)[:, None]
    end = np.arange(n + 1)[None, :]
    size = end - start
    with np.errstate(divide="ignore", invalid="ignore"):
        ssd = (s2[end] - s2[start]) - (s1[end] - s1[start]) ** 2 / size
    ssd = np.where(size > 0, np.maximum(ssd, 0.0), np.inf)
    cost = ssd[0].copy()  # one class: values 0..j
    back = np.zeros((count, n + 1), dtype=int)
    for k in range(1, count):
        total = cost[:, None] + ssd  # split after i, then one class i..j
        back[k] = np.argmin(total, axis=0)
        cost = total[back[k], np.arange(n + 1)]
    positions = []
    j = n
    for k in range(count - 1, 0, -1):
        j = int(back[k, j])
        positions.append(j)
    return _step_positions(ordered, sorted(positions))


def class_breaks(
    values: Sequence[float], count: int, method: str = QUANTILES
) -> tuple[list[float], int]:
    """Round breaks between ``count`` classes of ``values`` (fewer when there are too few distinct
    values), and the decimals that write them. A value ``v`` is in class ``i`` when
    ``breaks[i - 1] <= v < breaks[i]``."""
    if method not in METHODS:
        raise ValueError(f"unknown classification {method!r}; choose one of {METHODS}")
    ordered = np.sort(np.asarray([v for v in values if math.isfinite(v)], dtype=float))
    if len(ordered) < 2 or count < 2:
        return [], 0
    if method == QUANTILES:
        positions = quantile_positions(ordered, count)
    else:
        positions = natural_break_positions(ordered, count)
    breaks, decimals = [], 0
    for position in positions:
        value, step = nice_break(float(ordered[position - 1]), float(ordered[position]))
        breaks.append(value)
        decimals = max(decimals, step_decimals(step))
    return breaks, decimals
