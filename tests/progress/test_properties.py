"""Property-based tests (hypothesis) of the progress engine.

Mirroring, precisely:

* ``opensdg`` and ``sdsn``: the mirror of a series is its negation, ``x -> -x`` (``C - x`` with
  C = 0), with the target and the limit negated too and the direction swapped. "Higher is better
  from 10 to 12" becomes "lower is better from -10 to -12". Both methods are defined for negative
  values (Open SDG flips the sign of the progress value when the base value is negative; the SDSN
  trend is linear), so the mirrored series must get exactly the same status, progress value and
  score. Negation is exact in floating point, so the property is tested with ``==``. Zero values
  are left out for ``opensdg``: Open SDG replaces a zero base value by +0.001, which is not
  symmetric under negation (its documented behaviour, not ours to change). A zero target is
  replaced by 0.001 on the base value's side of zero, so zero targets mirror exactly.
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
        st.tuples(st.just("opensdg"), cases(nonzero_value)),
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
    sign = 1 if case["direction"] == "higher" else -1
    if (
        case["limit"] is not None
        and result.base_value is not None
        and opensdg.limit_applies(result.base_value, case["limit"], sign)
    ):
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


# --- SDSN dashboards and arrows on normalised scores --------------------------------------------


def reference_goal_colour(scaled: list[float], min_indicators: int) -> str:
    """The goal dashboard rule written out for one area and goal, from 0..4 scale values."""

    def colour(value):
        return (
            "green" if value >= 3 else "yellow" if value >= 2 else "orange" if value >= 1 else "red"
        )

    rank = {"green": 0, "yellow": 1, "orange": 2, "red": 3}
    rated = sorted(
        (value for value in scaled if not math.isnan(value)),
        key=lambda value: (-rank[colour(value)], value),
    )
    if len(rated) < max(min_indicators, 1):
        return "not_available"
    worst = rated[:2]
    mean = sum(worst) / len(worst)
    goal = colour(mean)
    if goal == "green" and not all(colour(value) == "green" for value in worst):
        goal = "yellow"
    if goal == "red" and not all(colour(value) == "red" for value in worst):
        goal = "orange"
    return goal


indicator_setup = st.tuples(
    st.sampled_from([(0.0, 100.0), (100.0, 0.0), (10.0, 60.0), (50.0, -50.0)]),  # lower, upper
    st.tuples(st.integers(0, 110), st.integers(0, 110)).map(sorted),  # red, green as % of span
)


@SETTINGS
@given(
    setups=st.lists(indicator_setup, min_size=1, max_size=9),
    areas=st.integers(1, 6),
    goals=st.data(),
    min_indicators=st.integers(1, 3),
)
def test_goal_dashboard_matches_the_rule_written_out_area_by_area(
    setups, areas, goals, min_indicators
):
    lower = np.array([bounds[0] for bounds, _ in setups])
    upper = np.array([bounds[1] for bounds, _ in setups])
    span = upper - lower
    red = lower + span * np.array([t[0] for _, t in setups]) / 100
    green = lower + span * np.array([t[1] for _, t in setups]) / 100
    indicators = len(setups)
    goal_of_indicator = goals.draw(
        st.lists(st.integers(1, 4), min_size=indicators, max_size=indicators)
    )
    cells = st.one_of(st.just(math.nan), st.integers(-80, 180).map(float))
    values = np.array(
        goals.draw(
            st.lists(
                st.lists(cells, min_size=indicators, max_size=indicators),
                min_size=areas,
                max_size=areas,
            )
        )
    )
    bounds = {"lower": lower, "upper": upper, "green": green, "red": red}
    goal_numbers, codes = sdsn.goal_dashboard(
        values, goal_of_indicator=goal_of_indicator, min_indicators=min_indicators, **bounds
    )
    scaled = sdsn.dashboard_scale(values, **bounds)
    assert np.all(np.isnan(scaled) == np.isnan(values))
    assert np.all((scaled[~np.isnan(scaled)] >= 0) & (scaled[~np.isnan(scaled)] <= 4))
    for area in range(areas):
        for column, goal in enumerate(goal_numbers):
            members = [k for k in range(indicators) if goal_of_indicator[k] == goal]
            expected = reference_goal_colour([scaled[area, k] for k in members], min_indicators)
            assert sdsn.COLOURS[codes[area, column]] == expected


@SETTINGS
@given(case=cases(), low=st.floats(-500, 500), width=st.floats(1, 1000))
def test_sdsn_arrows_on_normalised_scores_are_the_arrows_on_values(case, low, width):
    """Normalisation is linear and not censored for the arrows: the bounds change the units of
    the paces, never the arrow; the single-series and vectorised paths agree with bounds too."""
    higher = case["direction"] == "higher"
    lower, upper = (low, low + width) if higher else (low + width, low)
    plain = run("sdsn", case)
    arguments = {key: value for key, value in case.items() if key not in ("values", "limit")}
    scored = sdsn.assess(YEARS, case["values"], lower=lower, upper=upper, **arguments)
    assert (scored.status, scored.reason) == (plain.status, plain.reason)
    if plain.progress_value is not None and not math.isinf(plain.progress_value):
        assert math.isclose(scored.progress_value, plain.progress_value, rel_tol=1e-6, abs_tol=1e-9)
    many = assess_many(
        YEARS,
        np.array([case["values"]]),
        method="sdsn",
        direction=case["direction"],
        target=math.nan if case["target"] is None else case["target"],
        base_year=case["base_year"],
        target_year=case["target_year"],
    )
    assert many.status_names()[0] == plain.status
    bounded = sdsn.assess_many(
        YEARS,
        np.array([case["values"]]),
        direction=case["direction"],
        target=math.nan if case["target"] is None else case["target"],
        base_year=case["base_year"],
        target_year=case["target_year"],
        lower=lower,
        upper=upper,
    ).at(0)
    assert (bounded.status, bounded.reason) == (scored.status, scored.reason)
    for name in NUMBER_FIELDS:
        assert same_number(getattr(bounded, name), getattr(scored, name)), name
