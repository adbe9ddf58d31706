"""Worked examples for the Open SDG (Statistics Canada) method.

The expected statuses and scores are worked out by hand from the formulas of Open SDG's
``sdg/ProgressMeasure.py`` (sdg-build) and ``docs/progress-methodology.md`` (open-sdg): the
thresholds 0.95/0.6/0 and 1.5 %/0.5 %/0, the scaling factor C = 1 - (y0/ylim) ** 4.44, and the
score lines 7.1429 R - 4.2857, 4.1667 R - 2.5, 500 g/C - 5, 250 g/C - 1.25, 500 g/C - 2.5 and
125 g - 2.5.
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


@pytest.mark.parametrize(
    ("current", "status", "score"),
    [
        (80, "substantial_progress", 7.1429 * ratio(80) - 4.2857),  # R = 0.967, score 2.62
        (85, "moderate_progress", 7.1429 * ratio(85) - 4.2857),  # R = 0.708, score 0.77
        (90, "limited_progress", 4.1667 * ratio(90) - 2.5),  # R = 0.462, score -0.58
        (105, "deterioration", 4.1667 * ratio(105) - 2.5),  # R = -0.217, score -3.40
        (150, "deterioration", -5.0),  # R = -1.84, score floored at -5
    ],
)
def test_target_bands_and_score(current, status, score):
    result = run([100, current], target=50)
    assert result.status == status
    assert result.progress_value == pytest.approx(ratio(current))
    assert result.score == pytest.approx(score)


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


def test_target_across_zero_uses_the_magnitude_of_the_complex_rate():
    # Open SDG computes (-5 / 10) ** (1/15) in Python, a complex number; it divides by its modulus.
    required = abs((-0.5) ** (1 / 15) - 1)
    result = run([10, 8], target=-5)
    assert result.progress_value == pytest.approx(-(0.8**0.2 - 1) / required)
    assert result.status == "limited_progress"
    assert result.required_growth is None


def test_opposite_signs_are_not_available():
    result = run([5, -1], direction="higher")
    assert (result.status, result.reason) == (
        "not_available",
        "base value and current value have opposite signs",
    )
    assert result.score is None


def test_one_data_point():
    assert run([5], years=[2020]).reason == "fewer than 2 data points"
    result = run([5], years=[2020], target=6)
    assert (result.status, result.score) == ("target_achieved", 5)


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
