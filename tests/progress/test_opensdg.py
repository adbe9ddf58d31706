"""Worked examples for the Open SDG (Statistics Canada) method.

The expected statuses and scores are worked out by hand from the formulas of Open SDG's
``sdg/ProgressMeasure.py`` (open-sdg/sdg-build, commit 139fede7; "the code") and
``docs/progress-methodology.md`` (open-sdg/open-sdg; "the methodology"): the thresholds
0.95/0.6/0 and 1.5 %/0.5 %/0, the scaling factor C = 1 - (y0/ylim) ** 4.44, and the score lines
through the methodology's points: with a target R = -60 % scores -5, 60 % scores 0 and 130 %
scores 5; without one g = -2 % scores -5, 0 scores -2.5, 0.5 % C scores 0, 1.5 % C scores 2.5
and 2 % C scores 5. The code has the target lines rounded (7.1429 R - 4.2857, 4.1667 R - 2.5).
"""

import math

import numpy as np
import pytest

from verdensmaal.progress import assess, opensdg


def run(values, years=(2015, 2020), **kwargs):
    kwargs.setdefault("direction", "lower")
    return assess(list(years), list(values), method="opensdg", **kwargs)


def ratio(current, base=100, target=50):
    return -((current / base) ** 0.2 - 1) / abs((target / base) ** (1 / 15) - 1)


def upper_line(r):
    """From (60 %, 0) to (130 %, 5)."""
    return 5 * (r - 0.6) / (1.3 - 0.6)


def lower_line(r):
    """From (-60 %, -5) to (60 %, 0)."""
    return -5 + 5 * (r + 0.6) / 1.2


@pytest.mark.parametrize(
    ("current", "status", "score"),
    [
        (80, "substantial_progress", upper_line(ratio(80))),  # R = 0.967, score 2.62
        (85, "moderate_progress", upper_line(ratio(85))),  # R = 0.708, score 0.77
        (90, "limited_progress", lower_line(ratio(90))),  # R = 0.462, score -0.58
        (105, "deterioration", lower_line(ratio(105))),  # R = -0.217, score -3.40
        (150, "deterioration", -5.0),  # R = -1.84, score floored at -5
    ],
)
def test_target_bands_and_score(current, status, score):
    result = run([100, current], target=50)
    assert result.status == status
    assert result.progress_value == pytest.approx(ratio(current))
    assert result.score == pytest.approx(score)


def test_score_lines_come_from_the_cut_offs():
    """The methodology fixes the score by points: each threshold starts a quarter of the -5..5
    scale (95 % scores 2.5, 60 % scores 0, 0 scores -2.5), and the cut-offs end it (R = 130 %
    scores 5, -60 % scores -5; growth +2 % and -2 % a year). The lines through them are the
    code's 7.1429 R - 4.2857 and 4.1667 R - 2.5, here unrounded, and 500, 250, 500 and 125 for
    growth."""
    upper, lower = opensdg.TARGET_SCORE_UPPER, opensdg.TARGET_SCORE_LOWER
    np.testing.assert_allclose(upper, (7.1429, -4.2857), atol=5e-5)  # Open SDG's rounding
    np.testing.assert_allclose(upper, (50 / 7, -30 / 7))
    np.testing.assert_allclose(lower, (25 / 6, -2.5))
    for r, score in [(0.95, 2.5), (0.6, 0.0), (1.3, 5.0)]:
        result = run([100, 100 * (1 + r * (0.5 ** (1 / 15) - 1)) ** 5], target=50)
        assert result.score == pytest.approx(score, abs=1e-12)
    np.testing.assert_allclose(opensdg.GROWTH_SCORE_HIGH, (500, -5))
    np.testing.assert_allclose(opensdg.GROWTH_SCORE_MEDIUM, (250, -1.25))
    np.testing.assert_allclose(opensdg.GROWTH_SCORE_LOW, (500, -2.5))
    np.testing.assert_allclose(opensdg.GROWTH_SCORE_NEGATIVE, (125, -2.5))


def test_sixty_percent_not_fifty_separates_moderate_from_limited():
    # R = 0.55 is "fair progress" for the UN chart but "limited progress" for Open SDG.
    result = run([100, 100 * (1 + 0.55 * (0.5 ** (1 / 15) - 1)) ** 5], target=50)
    assert result.progress_value == pytest.approx(0.55)
    assert result.status == "limited_progress"
    assert (
        assess(
            [2015, 2020], [100, result.current_value], method="unsd", direction="lower", target=50
        ).status
        == "fair_progress"
    )


@pytest.mark.parametrize(
    ("current", "status", "score"),
    [
        (108, "substantial_progress", 500 * (1.08**0.2 - 1) - 5),  # g = 1.55 %
        (115, "substantial_progress", 5.0),  # g = 2.8 %, capped
        (103, "moderate_progress", 250 * (1.03**0.2 - 1) - 1.25),  # g = 0.59 %
        (101, "limited_progress", 500 * (1.01**0.2 - 1) - 2.5),  # g = 0.20 %
        (95, "deterioration", 125 * (0.95**0.2 - 1) - 2.5),  # g = -1.02 %
        (80, "deterioration", -5.0),  # g = -4.4 %, floored
    ],
)
def test_growth_bands_and_score_without_target(current, status, score):
    result = run([100, current], direction="higher")
    assert result.status == status
    assert result.score == pytest.approx(score)


def test_target_achieved_scores_five():
    result = run([100, 45], target=50)
    assert (result.status, result.score, result.target_achieved) == ("target_achieved", 5, True)


def test_moving_away_from_a_target_already_met():
    result = run([40, 60], target=50)
    assert result.status == "deterioration"
    assert result.progress_value == pytest.approx(-(1.5**0.2 - 1) / (1.25 ** (1 / 15) - 1))
    assert result.score == -5


def test_natural_limit_lowers_the_growth_thresholds():
    """The methodology: thresholds above 0 are multiplied by C = 1 - (y0 / ylim) ** 4.44 when
    the base value approaches a maximum limit."""
    # 95 % coverage in 2015, 96 % in 2020, limit 100 %: g = 0.21 % a year.
    coefficient = 1 - 0.95**4.44  # 0.2037
    growth = (96 / 95) ** 0.2 - 1
    assert opensdg.limit_coefficient(95, 100) == pytest.approx(coefficient)
    without_limit = run([95, 96], direction="higher")
    with_limit = run([95, 96], direction="higher", limit=100)
    assert without_limit.status == "limited_progress"
    assert with_limit.status == "moderate_progress"  # 0.5 % * C = 0.10 % <= g < 1.5 % * C
    assert with_limit.score == pytest.approx(250 * growth / coefficient - 1.25)


def test_limit_coefficient_is_symmetric_about_the_limit():
    assert opensdg.limit_coefficient(90, 100) == pytest.approx(opensdg.limit_coefficient(110, 100))
    assert opensdg.limit_coefficient(250, 100) == 1
    assert opensdg.limit_coefficient(0, 0) == 1


def test_base_value_on_the_limit_held_is_substantial_progress():
    result = run([100, 100], direction="higher", limit=100)
    assert (result.status, result.score) == ("substantial_progress", 5)
    assert run([100, 99], direction="higher", limit=100).status == "deterioration"


def test_a_ceiling_counts_only_where_higher_is_better():
    """The methodology: "Only a limit that affects progress in the desired direction is
    considered. For example, a maximum limit is not considered for indicators whose desired
    direction of progress is negative." A limit of 100 above a base value of 95 is a ceiling: it
    lowers the thresholds where higher is better, and is ignored where lower is better."""
    assert run([95, 96], direction="higher", limit=100).status == "moderate_progress"
    falling = run([95, 94], direction="lower", limit=100)
    assert falling.status == run([95, 94], direction="lower").status == "limited_progress"
    assert falling.score == run([95, 94], direction="lower").score


def test_a_floor_counts_only_where_lower_is_better():
    """A limit below the base value is a floor (the methodology's "minimum limit", the mirrored
    cases of C): where lower is better it lowers the thresholds with the mirrored C; where
    higher is better it does not bound progress and is ignored."""
    coefficient = 1 - ((2 * 10 - 10.5) / 10) ** 4.44  # base 10.5 above a floor of 10: C = 0.20
    result = run([10.5, 10.4], direction="lower", limit=10)
    growth = -((10.4 / 10.5) ** 0.2 - 1)  # 0.19 % a year: between 0.5 % C and 1.5 % C
    assert result.status == "moderate_progress"
    assert result.score == pytest.approx(250 * growth / coefficient - 1.25)
    assert run([10.5, 10.4], direction="lower").status == "limited_progress"
    rising = run([10.5, 10.6], direction="higher", limit=10)
    assert (rising.status, rising.score) == (
        run([10.5, 10.6], direction="higher").status,
        run([10.5, 10.6], direction="higher").score,
    )


def test_a_limit_passed_by_the_base_value_is_ignored():
    """Where higher is better, a "ceiling" below the base value cannot bound progress upwards
    (Open SDG's code warns "Base value is above maximum limit" and still scales)."""
    assert run([105, 106], direction="higher", limit=100).status == "limited_progress"
    assert opensdg.limit_applies(105, 100, +1) is False
    assert opensdg.limit_applies(100, 100, +1) and opensdg.limit_applies(100, 100, -1)


def test_limit_is_ignored_with_a_target():
    assert (
        run([95, 96], direction="higher", target=99, limit=100).status
        == run([95, 96], direction="higher", target=99).status
    )


def test_negative_values_flip_the_sign():
    # -10 to -5 with higher better: CAGR of the magnitudes is -12.9 %, sign -1 makes it +12.9 %.
    result = run([-10, -5], direction="higher")
    assert result.progress_value == pytest.approx(-(0.5**0.2 - 1))
    assert result.status == "substantial_progress"


def test_zero_base_value_is_replaced_by_a_thousandth():
    result = run([0, 2], direction="higher")
    assert result.observed_growth == pytest.approx((2 / 0.001) ** 0.2 - 1)
    assert result.status == "substantial_progress"


def test_zero_target_is_replaced_by_a_thousandth():
    result = run([10, 5], target=0)
    assert result.target == 0.001
    assert result.progress_value == pytest.approx(-(0.5**0.2 - 1) / abs(1e-4 ** (1 / 15) - 1))
    assert result.status == "limited_progress"  # R = 0.28


@pytest.mark.parametrize(
    ("values", "target", "direction"),
    [([5, 4], -1, "lower"), ([10, 8], -5, "lower"), ([-5, -4], 2, "higher")],
)
def test_target_across_zero_is_not_available(values, target, direction):
    """The methodology: the exponential model "is valid only when all values are positive or all
    values are negative"; no growth rate leads from 5 to -1. Open SDG's code computes
    (-1 / 5) ** (1 / 15) in Python, a complex number, and divides by its modulus (5 -> 4 towards
    -1 came out as limited progress); here the series is not assessed, with its own reason."""
    result = run(values, target=target, direction=direction)
    assert (result.status, result.reason) == (
        "not_available",
        "target and base value have opposite signs",
    )
    assert (result.progress_value, result.score, result.required_growth) == (None, None, None)


def test_target_across_zero_already_reached_is_achieved():
    """The code tests the target before any growth rate: a latest value past it is achieved."""
    result = run([5, -2], target=-1)
    assert (result.status, result.score) == ("target_achieved", 5)


def test_zero_target_of_a_negative_series_stays_on_its_side_of_zero():
    """Open SDG replaces a target of 0 by 0.001 to keep the growth rate finite; for an all-negative
    series the stand-in is -0.001, so that the target is not across zero (the code's +0.001 gave
    a complex rate here). Negated, the series mirrors a positive one with target 0 exactly."""
    result = run([-10, -5], target=0, direction="higher")
    assert result.target == -0.001
    mirror = run([10, 5], target=0, direction="lower")
    assert (result.status, result.progress_value) == (mirror.status, mirror.progress_value)
    assert result.status == "limited_progress"


@pytest.mark.parametrize(
    "values",
    [
        [5, -1, 3, 4],  # dips below zero between base and latest
        [-5, -4, 1, -2],
        [5, 6, -0.5, 7, 6],
    ],
)
def test_a_sign_change_anywhere_from_the_base_year_on_is_not_available(values):
    """The methodology's "Minimum data requirements": the exponential model "is valid only when
    all values are positive or all values are negative". Every value from the base year on
    counts, not only the base and the latest (Open SDG's code checks those two only)."""
    result = run(values, years=list(range(2015, 2015 + len(values))), direction="higher")
    assert (result.status, result.reason) == (
        "not_available",
        "a value from the base year on has the opposite sign",
    )


def test_values_before_the_base_year_and_zeros_do_not_count_as_a_sign_change():
    """Data before the base year are not used; zero has neither sign."""
    result = run([-3, 5, 0, 6], years=[2013, 2015, 2016, 2017], direction="higher")
    assert result.status == "substantial_progress"


def test_opposite_signs_are_not_available():
    result = run([5, -1], direction="higher")
    assert (result.status, result.reason) == (
        "not_available",
        "base value and current value have opposite signs",
    )
    assert result.score is None


def test_one_data_point():
    """Growth needs two years: the code returns no progress value when "current_year -
    base_year < 1" ("must have at least 2 data points")."""
    assert run([5], years=[2020]).reason == "fewer than 2 data points"
    assert run([5], years=[2020], target=4).reason == "fewer than 2 data points"


def test_one_observation_at_the_target_is_not_yet_target_achieved():
    """The Open SDG methodology, "Minimum data requirements": a series needs at least two data
    points (the base year or later) to be assessed, else it is "unable to assess". That holds for
    a target achieved too: one observation may be a blip. (Open SDG's code, sdg-build
    ``sdg/ProgressMeasure.py`` commit 139fede7, sets ``target_achieved`` from the latest value
    alone; this module follows the methodology, see its docstring.) With two, it is achieved."""
    result = run([5], years=[2020], target=6)
    assert (result.status, result.reason) == ("not_available", "fewer than 2 data points")
    assert (result.score, result.target_achieved) == (None, False)
    twice = run([5.5, 5], years=[2019, 2020], target=6, base_year=2019)
    assert (twice.status, twice.score, twice.target_achieved) == ("target_achieved", 5, True)


def test_base_year_after_the_last_data():
    result = run([3, 2], years=[2012, 2013], target=1)
    assert (result.status, result.reason) == ("not_available", "no data at or after base year")


def test_missing_base_year_takes_the_next_year_with_data():
    result = run([120, math.nan, 100, 90], years=[2014, 2015, 2016, 2021], target=50)
    assert (result.base_year, result.base_value) == (2016, 100)
    assert result.observed_growth == pytest.approx(0.9**0.2 - 1)
    assert result.required_growth == pytest.approx(0.5 ** (1 / 14) - 1)


def test_aggregate_is_the_mean_score():
    series = [
        run([100, 80], target=50),
        run([100, 90], target=50),
        run([5, -1], direction="higher"),
    ]
    scores = [np.nan if s.score is None else s.score for s in series]
    score, status = opensdg.aggregate(scores, [s.target_achieved for s in series])
    assert score == pytest.approx((series[0].score + series[1].score) / 2)  # 1.02
    assert opensdg.STATUSES[status] == "moderate_progress"


@pytest.mark.parametrize(
    ("scores", "achieved", "status"),
    [
        ([5, 5], [True, True], "target_achieved"),
        ([5, 2], [True, False], "substantial_progress"),  # 3.5; not all achieved
        ([-3, -4], [False, False], "deterioration"),
        ([-2.5, np.nan], [False, False], "limited_progress"),
        ([np.nan, np.nan], [False, False], "not_available"),
    ],
)
def test_aggregate_status(scores, achieved, status):
    _, code = opensdg.aggregate(scores, achieved)
    assert opensdg.STATUSES[code] == status
    mean = np.nanmean(scores) if not np.all(np.isnan(scores)) else None
    assert opensdg.status_from_score(mean, all(achieved)) == status


def test_aggregate_over_an_axis():
    scores = np.array([[5, 5], [1, -1], [np.nan, np.nan]])
    achieved = np.array([[True, True], [False, False], [False, False]])
    score, status = opensdg.aggregate(scores, achieved, axis=1)
    assert [opensdg.STATUSES[c] for c in status] == [
        "target_achieved",
        "moderate_progress",
        "not_available",
    ]
    assert np.isnan(score[2])
