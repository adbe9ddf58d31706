"""Worked examples for the SDSN SDG Index and Dashboards (Lafortune et al. 2018)."""

import math

import numpy as np
import pytest

from verdensmaal.progress import assess, sdsn

nan = np.nan


def test_normalise_rescales_and_censors():
    values = np.array([[0, 50, 100, 120, -10, nan]])
    scores = sdsn.normalise(values, 0, 100)
    np.testing.assert_array_equal(scores, [[0, 50, 100, 100, 0, nan]])


def test_normalise_lower_is_better_has_the_bounds_reversed():
    # Lower bound (worst) 100, optimum 0: a value of 25 is 75 % of the way.
    assert sdsn.normalise([25.0], 100, 0)[0] == 75


def test_normalise_rejects_equal_bounds():
    with pytest.raises(ValueError, match="differ"):
        sdsn.normalise([[1.0, 2.0]], [0, 5], [1, 5])


def test_lower_bound_is_the_worst_2_5_percent():
    values = np.column_stack([np.arange(101.0), np.arange(101.0)])
    bounds = sdsn.lower_bound(values, ["higher", "lower"])
    np.testing.assert_allclose(bounds, [2.5, 97.5])


def test_index_scores_average_indicators_then_goals():
    values = np.array(
        [
            [10, 30, 80, nan],  # goal 1: 10 and 30; goal 2: 80; goal 3 missing
            [50, nan, 40, 100],
        ]
    )
    result = sdsn.index_scores(values, lower=0, upper=100, goal_of_indicator=[1, 1, 2, 3])
    np.testing.assert_array_equal(result.goals, [1, 2, 3])
    np.testing.assert_allclose(result.goal_scores, [[20, 80, nan], [50, 40, 100]])
    np.testing.assert_allclose(result.index, [50, (50 + 40 + 100) / 3])


def test_index_of_an_area_without_data_is_missing():
    result = sdsn.index_scores([[nan, nan]], lower=0, upper=1, goal_of_indicator=[1, 2])
    assert np.isnan(result.index[0])


def colours(codes):
    return [sdsn.COLOURS[c] for c in np.ravel(codes)]


def test_dashboard_colours_higher_is_better():
    values = [[85, 80, 70, 60, 50, 40, 30, nan]]
    codes = sdsn.dashboard_colours(values, direction="higher", green=80, red=40)
    assert colours(codes) == [
        "green",
        "green",
        "yellow",
        "yellow",  # at the yellow/orange midpoint (60): the better colour
        "orange",
        "orange",
        "red",
        "not_available",
    ]


def test_dashboard_colours_lower_is_better():
    codes = sdsn.dashboard_colours([[5, 20, 40, 60]], direction="lower", green=10, red=50)
    assert colours(codes) == ["green", "yellow", "orange", "red"]


def test_dashboard_thresholds_must_be_ordered():
    with pytest.raises(ValueError, match="thresholds"):
        sdsn.dashboard_colours([[1.0]], direction="higher", green=10, red=50)


# One indicator where higher is better: lower bound 0, red 40, midpoint 60, green 80, optimum
# 100, so the 0..4 scale is value / 20 - 1 from 40 to 100 and value / 40 below 40.
BOUNDS = {"lower": 0.0, "upper": 100.0, "green": 80.0, "red": 40.0}


@pytest.mark.parametrize(
    ("value", "scaled"),
    [
        (-10, 0),
        (0, 0),
        (20, 0.5),
        (40, 1),
        (50, 1.5),
        (60, 2),
        (70, 2.5),
        (80, 3),
        (90, 3.5),
        (100, 4),
        (120, 4),
        (nan, nan),
    ],
)
def test_dashboard_scale_runs_through_bounds_and_thresholds(value, scaled):
    """The annex's rule for the goal dashboard, as the brief states it: lower bound 0, red
    threshold 1, midpoint of red and green 2, green threshold 3, optimum 4, linear in between."""
    result = sdsn.dashboard_scale([[value]], **BOUNDS)[0, 0]
    np.testing.assert_equal(result, scaled)


def test_dashboard_scale_lower_is_better_is_mirrored():
    # Worst 100, red 60, midpoint 40, green 20, optimum 0.
    bounds = {"lower": 100.0, "upper": 0.0, "green": 20.0, "red": 60.0}
    scaled = sdsn.dashboard_scale([[110, 80, 50, 30, 20, 10, 0]], **bounds)
    np.testing.assert_allclose(scaled, [[0, 0.5, 1.5, 2.5, 3, 3.5, 4]])


def goal_colour(values, **bounds):
    goals, codes = sdsn.goal_dashboard(
        [values], goal_of_indicator=[7] * len(values), **{**BOUNDS, **bounds}
    )
    assert goals.tolist() == [7]
    return colours(codes)[0]


@pytest.mark.parametrize(
    ("values", "goal"),
    [
        ([90, 85], "green"),  # both green
        ([90, 85, 70], "yellow"),  # 70 (2.5) and 85 (3.25): 2.875
        ([79, 100, 100], "yellow"),  # 2.95 and 4: mean 3.475, but only one is green
        ([35, 100], "yellow"),  # a red (0.875) and a green (4): 2.44
        ([30, 50, 90], "orange"),  # 0.75 and 1.5: 1.125
        ([0, 45], "orange"),  # 0 and 1.25: mean 0.625, but only one is red
        ([10, 30, 90], "red"),  # both red
        ([65], "yellow"),  # one indicator with data: its own colour
        ([65, nan, nan], "yellow"),
        ([nan, nan], "not_available"),
    ],
)
def test_goal_colour_from_the_mean_of_the_two_worst(values, goal):
    """The annex: "the EU SDG Dashboards is based only on the two variables on which a country
    performed worst ... in order to score green for the goal both indicators had to be green ...
    a red score was applied only if both worst-performing indicators score red." The two worst
    are averaged on the 0..4 scale and read green from 3, yellow from 2, orange from 1."""
    assert goal_colour(values) == goal


def test_averaging_colour_codes_would_rate_red_and_green_orange():
    # The old rule (mean of the colour codes, rounded to the worse colour) gave orange here.
    codes = sdsn.dashboard_colours([[35, 100]], direction="higher", green=80, red=40)
    assert np.ceil(codes.mean()) == sdsn.COLOURS.index("orange")
    assert goal_colour([35, 100]) == "yellow"


def test_min_indicators_leaves_thin_goals_grey():
    assert goal_colour([65], min_indicators=2) == "not_available"
    assert goal_colour([65, 90], min_indicators=2) == "yellow"


def test_goal_dashboard_keeps_goals_and_areas_apart():
    values = np.array([[90, 10, 85, 20], [50, 95, 45, 90]], dtype=float)
    goals, codes = sdsn.goal_dashboard(values, goal_of_indicator=[3, 1, 3, 1], **BOUNDS)
    assert goals.tolist() == [1, 3]
    assert [colours(row) for row in codes] == [["red", "green"], ["green", "orange"]]


def test_goal_dashboard_with_indicators_of_either_direction():
    # Indicator 1 higher is better (as BOUNDS); indicator 2 lower is better.
    values = np.array([[90, 10], [90, 30], [30, 90]], dtype=float)
    _goals, codes = sdsn.goal_dashboard(
        values,
        lower=[0, 100],
        upper=[100, 0],
        green=[80, 20],
        red=[40, 60],
        goal_of_indicator=[5, 5],
    )
    assert colours(codes[:, 0]) == ["green", "yellow", "red"]


def test_a_green_threshold_beyond_the_optimum_is_taken_at_the_optimum():
    """In SDSN's 2019 Europe database the circular material use rate has green 25 % above its
    optimum 19 %, and France at 19.5 % is green: a value at the optimum is green."""
    bounds = {"lower": 1.0, "upper": 19.0, "green": 25.0, "red": 5.0}
    assert sdsn.dashboard_scale([[19.5, 19]], **bounds).tolist() == [[4, 4]]
    assert goal_colour([19.5], **bounds) == "green"


def test_goal_dashboard_checks_its_arguments():
    with pytest.raises(ValueError, match="differ"):
        sdsn.goal_dashboard([[1.0]], lower=1, upper=1, green=1, red=1, goal_of_indicator=[1])
    with pytest.raises(ValueError, match="thresholds"):
        sdsn.goal_dashboard([[1.0]], **{**BOUNDS, "green": 30}, goal_of_indicator=[1])
    with pytest.raises(ValueError, match="one goal per indicator"):
        sdsn.goal_dashboard([[1.0, 2.0]], **BOUNDS, goal_of_indicator=[1])


def trend(values, years=(2015, 2020), **kwargs):
    kwargs.setdefault("direction", "higher")
    kwargs.setdefault("target", 80)
    return assess(list(years), list(values), method="sdsn", **kwargs)


@pytest.mark.parametrize(
    ("current", "status"),
    [
        # from 50 in 2015 to the green threshold 80 by 2030 needs +2.0 a year
        (60, "on_track"),  # +2.0 a year: ratio 1
        (57, "moderately_improving"),  # +1.4: ratio 0.7
        (52, "stagnating"),  # +0.4: ratio 0.2
        (50, "stagnating"),  # no change
        (48, "decreasing"),
        (85, "on_track"),  # threshold reached
    ],
)
def test_trend_arrows(current, status):
    result = trend([50, current])
    assert result.status == status
    if not result.target_achieved:
        assert result.required_growth == pytest.approx(2.0)
        assert result.progress_value == pytest.approx((current - 50) / 5 / 2)


def test_trend_lower_is_better():
    # 50 to 20 by 2030 needs -2.0 a year; -1.0 a year is half the pace.
    result = trend([50, 45], direction="lower", target=20)
    assert (result.status, result.progress_value) == ("moderately_improving", 0.5)


def test_trend_needs_a_green_threshold():
    result = trend([50, 60], target=None)
    assert (result.status, result.reason) == ("not_available", "no target given")


def test_trend_moving_away_from_a_reached_threshold_is_decreasing():
    result = trend([90, 70])
    assert result.status == "decreasing"
    assert result.progress_value == pytest.approx(-4 / (10 / 15))


def test_trend_one_data_point_and_gaps():
    assert trend([60], years=[2020]).reason == "fewer than 2 data points"
    assert trend([90], years=[2020]).status == "on_track"
    result = trend([40, math.nan, 50, None, 56], years=[2014, 2015, 2016, 2018, 2019])
    assert (result.base_year, result.current_year) == (2016, 2019)
    # +2.0 a year against (80 - 50) / 14 = 2.14 needed from 2016
    assert result.status == "moderately_improving"
    assert result.progress_value == pytest.approx(2 / (30 / 14))


def test_trend_base_year_after_the_last_data():
    assert trend([1, 2], years=[2010, 2011]).reason == "no data at or after base year"


def test_trend_on_normalised_scores():
    """The annex ("Trends"): the gap between the green threshold and the normalised score is to
    be closed by 2030; the linear annual pace needed from the base year is compared with the
    pace observed. Lower bound 20, optimum 120: 50 -> 60 is a score of 30 -> 40, 2 points a year;
    green 80 is a score of 60, so 30 points in 15 years are needed, 2 a year: on track."""
    result = sdsn.assess([2015, 2020], [50, 60], direction="higher", target=80, lower=20, upper=120)
    assert result.status == "on_track"
    assert (result.observed_growth, result.required_growth) == pytest.approx((2.0, 2.0))
    assert result.score == pytest.approx(40)
    assert (result.base_value, result.current_value, result.target) == (50, 60, 80)


def test_trend_on_normalised_scores_lower_is_better():
    # Lower bound 100 (worst), optimum 0: 50 -> 45 is a score of 50 -> 55; green 20 is 80.
    result = sdsn.assess([2015, 2020], [50, 45], direction="lower", target=20, lower=100, upper=0)
    assert (result.status, result.progress_value) == ("moderately_improving", pytest.approx(0.5))
    assert (result.observed_growth, result.required_growth) == pytest.approx((1.0, 2.0))
    assert result.score == pytest.approx(55)


def test_trend_score_is_censored_but_the_pace_is_not():
    """Beyond the lower bound the displayed score stays 0, but the pace counts the movement (see
    test_sdsn_published.test_trend_scores_are_not_censored_at_the_lower_bound): -20 -> 0 is
    4 points a year of the (80 + 20) / 15 = 6.67 needed, 60 %; censored it would be none."""
    result = sdsn.assess([2015, 2020], [-20, 0], direction="higher", target=80, lower=0, upper=100)
    assert result.score == 0
    assert result.observed_growth == pytest.approx(4.0)
    assert result.progress_value == pytest.approx(0.6)
    assert result.status == "moderately_improving"


def test_trend_bounds_must_agree_with_the_direction():
    with pytest.raises(ValueError, match="better direction"):
        sdsn.assess([2015, 2020], [1, 2], direction="higher", target=5, lower=10, upper=0)
    with pytest.raises(ValueError, match="both"):
        sdsn.assess([2015, 2020], [1, 2], direction="higher", target=5, lower=10)
