"""Property-based tests (hypothesis) of the progress engine.

Mirroring, precisely:

* ``opensdg`` and ``sdsn``: the mirror of a series is its negation, ``x -> -x`` (``C - x`` with
  C = 0), with the target and the limit negated too and the direction swapped. "Higher is better
  from 10 to 12" becomes "lower is better from -10 to -12". Both methods are defined for negative
  values (Open SDG flips the sign of the progress value when the base value is negative; the SDSN
  trend is linear), so the mirrored series must get exactly the same status, progress value and
  score. Negation is exact in floating point, so the property is tested with ``==``. Zeros are
  left out for ``opensdg``: Open SDG replaces a zero base value or target by +0.001, which is not
  symmetric under negation (its documented behaviour, not ours to change).
* ``unsd``: growth is only defined for positive values, so the mirror is the reciprocal,
  ``x -> 1/x`` (target ``1/target``), with the direction swapped: "lower deaths per 1 000" becomes
  "higher population per death". A compound rate g becomes 1/(1+g) - 1, so the mirrored ratio is
  R (1+r)/(1+g) rather than R: the test checks that target met and every reason for "not
  available" map exactly, that the growth rates transform exactly so, and that the status is the
  note's band of that mirrored ratio.

Scaling all values, the target and the limit by a positive constant c never changes a status: the
methods depend on ratios only (``unsd``, ``opensdg``) or on a ratio of linear changes (``sdsn``).
The comparison leaves out series whose progress value lies within 1e-9 of a threshold, where the
last bit of floating point rounding, not the method, decides; and for ``opensdg`` zeros again.
"""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from verdensmaal.progress import assess, assess_many, opensdg, sdsn, unsd

YEARS = list(range(2010, 2026))
SETTINGS = settings(max_examples=150, deadline=None)
METHODS = ["unsd", "opensdg", "sdsn"]

magnitude = st.floats(0.01, 1000, allow_nan=False, allow_infinity=False)
negative = magnitude.map(lambda value: -value)
missing = st.just(math.nan)
any_value = st.one_of(missing, st.just(0.0), magnitude, negative)
nonzero_value = st.one_of(missing, magnitude, negative)
positive_value = st.one_of(missing, magnitude)


@st.composite
def series_of(draw, element):
    """Mostly one-signed series with gaps (so most cases reach the arithmetic), some of anything."""
    kinds = ["positive", "positive", "any"] + (
        ["negative"] if element is not positive_value else []
    )
    kind = draw(st.sampled_from(kinds))
    if kind == "any":
        return draw(st.lists(element, min_size=len(YEARS), max_size=len(YEARS)))
    values = draw(
        st.lists(
            magnitude if kind == "positive" else negative, min_size=len(YEARS), max_size=len(YEARS)
        )
    )
    gaps = draw(st.lists(st.booleans(), min_size=len(YEARS), max_size=len(YEARS)))
    return [math.nan if gap else value for value, gap in zip(values, gaps, strict=True)]


@st.composite
def cases(draw, element=any_value, target_element=None, limits=True):
    if target_element is None:
        target_element = st.one_of(st.just(0.0), magnitude, negative)
    return {
        "values": draw(series_of(element)),
        "direction": draw(st.sampled_from(["higher", "lower"])),
        "target": draw(st.one_of(st.none(), target_element)),
        "limit": draw(st.one_of(st.none(), magnitude)) if limits else None,
        "base_year": draw(st.integers(2008, 2027)),
        "target_year": draw(st.integers(2012, 2035)),
    }


def run(method, case, **changes):
    arguments = {**case, **changes}
    values = arguments.pop("values")
    return assess(YEARS, values, method=method, **arguments)


def same_number(a, b):
    if a is None or b is None:
        return a is None and b is None
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


NUMBER_FIELDS = [
    "base_value",
    "current_value",
    "target",
    "observed_growth",
    "required_growth",
    "progress_value",
    "score",
]


@pytest.mark.parametrize("method", METHODS)
@SETTINGS
@given(batch=st.lists(cases(), min_size=1, max_size=8))
def test_assess_many_agrees_with_assess_on_every_series(method, batch):
    def column(key, none=math.nan):
        return np.array([none if case[key] is None else case[key] for case in batch])

    many = assess_many(
        YEARS,
        np.array([case["values"] for case in batch]),
        method=method,
        direction=column("direction"),
        target=column("target"),
        limit=column("limit"),
        base_year=column("base_year"),
        target_year=column("target_year"),
    )
    for index, case in enumerate(batch):
        one = run(method, case)
        other = many.at(index)
        assert (other.status, other.reason) == (one.status, one.reason)
        assert other.target_achieved == one.target_achieved
        assert (other.base_year, other.current_year) == (one.base_year, one.current_year)
        for name in NUMBER_FIELDS:
            assert same_number(getattr(other, name), getattr(one, name)), name


def swap(direction):
    return "lower" if direction == "higher" else "higher"


def negate(value):
    return None if value is None else -value


@SETTINGS
@given(
    method_and_case=st.one_of(
        st.tuples(st.just("opensdg"), cases(nonzero_value, st.one_of(magnitude, negative))),
        st.tuples(st.just("sdsn"), cases()),
    )
)
def test_negated_series_with_swapped_direction_gets_the_same_status(method_and_case):
    method, case = method_and_case
    original = run(method, case)
    mirrored = run(
        method,
        case,
        values=[-value for value in case["values"]],
        direction=swap(case["direction"]),
        target=negate(case["target"]),
        limit=negate(case["limit"]),
    )
    assert (mirrored.status, mirrored.reason) == (original.status, original.reason)
    assert mirrored.target_achieved == original.target_achieved
    for name in ("progress_value", "score"):
        assert getattr(mirrored, name) == getattr(original, name), name


def unsd_band(progress, with_target):
    if with_target:
        edges = (unsd.ON_TRACK_RATIO, unsd.FAIR_PROGRESS_RATIO, unsd.LIMITED_PROGRESS_RATIO)
    else:
        edges = (unsd.ON_TRACK_GROWTH, unsd.FAIR_PROGRESS_GROWTH, unsd.LIMITED_PROGRESS_GROWTH)
    names = ("on_track", "fair_progress", "limited_progress")
    return next(
        (name for name, edge in zip(names, edges, strict=True) if progress >= edge), "deterioration"
    )


@SETTINGS
@given(case=cases(positive_value, magnitude, limits=False))
def test_unsd_reciprocal_series_with_swapped_direction(case):
    original = run("unsd", case)
    mirrored = run(
        "unsd",
        case,
        values=[1 / value for value in case["values"]],
        direction=swap(case["direction"]),
        target=None if case["target"] is None else 1 / case["target"],
    )
    assert (mirrored.status == "target_met") == (original.status == "target_met")
    assert mirrored.reason == original.reason
    if original.observed_growth is None:
        assert mirrored.observed_growth is None
        return
    g = original.observed_growth
    assert same_number(mirrored.observed_growth, 1 / (1 + g) - 1)
    if original.required_growth is not None:
        r = original.required_growth
        assert same_number(mirrored.required_growth, 1 / (1 + r) - 1)
    if original.progress_value is None or math.isinf(original.progress_value):
        return
    if case["target"] is None:
        expected = original.progress_value / (1 + g)
    else:
        expected = original.progress_value * (1 + original.required_growth) / (1 + g)
    assert math.isclose(mirrored.progress_value, expected, rel_tol=1e-7, abs_tol=1e-12)
    assert mirrored.status == unsd_band(mirrored.progress_value, case["target"] is not None)
    # Improvement stays improvement: the sign of the directed progress is kept.
    assert (mirrored.progress_value > 0) == (original.progress_value > 0)


def thresholds(method, result, case):
    with_target = case["target"] is not None
    if method == "unsd":
        if with_target:
            return [unsd.ON_TRACK_RATIO, unsd.FAIR_PROGRESS_RATIO, unsd.LIMITED_PROGRESS_RATIO]
        return [unsd.ON_TRACK_GROWTH, unsd.FAIR_PROGRESS_GROWTH, unsd.LIMITED_PROGRESS_GROWTH]
    if method == "sdsn":
        return [sdsn.ON_TRACK_RATIO, sdsn.MODERATELY_IMPROVING_RATIO, sdsn.STAGNATING_RATIO]
    if with_target:
        return [opensdg.TARGET_HIGH, opensdg.TARGET_MEDIUM, opensdg.TARGET_LOW]
    factor = 1.0
    if case["limit"] is not None and result.base_value is not None:
        factor = opensdg.limit_coefficient(result.base_value, case["limit"])
    return [edge * factor for edge in (opensdg.GROWTH_HIGH, opensdg.GROWTH_MEDIUM, 0.0)]


def near(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


@SETTINGS
@given(
    method_and_case=st.one_of(
        st.tuples(st.just("unsd"), cases()),
        st.tuples(st.just("opensdg"), cases(nonzero_value, st.one_of(magnitude, negative))),
        st.tuples(st.just("sdsn"), cases()),
    ),
    factor=st.floats(1e-3, 1e3),
)
def test_scaling_by_a_positive_constant_keeps_the_status(method_and_case, factor):
    method, case = method_and_case
    original = run(method, case)
    scaled = run(
        method,
        case,
        values=[factor * value for value in case["values"]],
        target=None if case["target"] is None else factor * case["target"],
        limit=None if case["limit"] is None else factor * case["limit"],
    )
    progress = original.progress_value
    if progress is not None and not math.isinf(progress):
        assume(not any(near(progress, edge) for edge in thresholds(method, original, case)))
    if case["target"] is not None and original.current_value is not None:
        assume(not near(original.current_value, case["target"]))
    if case["limit"] is not None and original.base_value is not None:
        assume(not near(abs(original.base_value), case["limit"]))
    assert (scaled.status, scaled.reason) == (original.status, original.reason)


finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@SETTINGS
@given(
    values=hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 6), st.integers(1, 8)),
        elements=st.floats(allow_nan=True, allow_infinity=True),
    ),
    bounds=st.data(),
)
def test_normalised_scores_stay_within_0_and_100(values, bounds):
    indicators = values.shape[1]
    lower = np.array(bounds.draw(st.lists(finite, min_size=indicators, max_size=indicators)))
    upper = np.array(bounds.draw(st.lists(finite, min_size=indicators, max_size=indicators)))
    assume(np.all(lower != upper))
    scores = sdsn.normalise(values, lower, upper)
    np.testing.assert_array_equal(np.isnan(scores), np.isnan(values))
    assert np.all((scores[~np.isnan(scores)] >= 0) & (scores[~np.isnan(scores)] <= 100))

    goals = bounds.draw(st.lists(st.integers(1, 17), min_size=indicators, max_size=indicators))
    result = sdsn.index_scores(values, lower, upper, goals)
    for array in (result.goal_scores, result.index):
        present = array[~np.isnan(array)]
        assert np.all((present >= 0) & (present <= 100))
