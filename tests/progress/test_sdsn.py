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


@pytest.mark.parametrize(
    ("indicators", "goal"),
    [
        (["green", "green", "yellow"], "yellow"),  # two worst: yellow, green -> 1.5 -> yellow
        (["green", "green"], "green"),
        (["red", "orange", "green"], "red"),  # red and orange -> 3.5 -> red
        (["red", "yellow", "green"], "orange"),  # red and yellow -> 3 -> orange
        (["orange", "not_available"], "orange"),  # one rated indicator
        (["not_available", "not_available"], "not_available"),
    ],
)
def test_goal_colour_from_the_two_worst_indicators(indicators, goal):
    codes = np.array([[sdsn.COLOURS.index(c) for c in indicators]])
    goals, goal_codes = sdsn.goal_colours(codes, [7] * len(indicators))
    assert goals.tolist() == [7]
    assert colours(goal_codes) == [goal]


def test_goal_colours_keep_goals_apart():
    codes = np.array([[1, 4, 1, 1], [2, 1, 3, 3]])
    goals, goal_codes = sdsn.goal_colours(codes, [1, 2, 1, 2])
    assert goals.tolist() == [1, 2]
    assert [colours(row) for row in goal_codes] == [["green", "orange"], ["orange", "yellow"]]


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
