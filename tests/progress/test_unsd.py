"""Worked examples for the UN DESA SDG Progress Chart method.

Each expected status is worked out by hand from the formulas of the technical note; the growth
rates are written next to the case.
"""

import math

import pytest

from verdensmaal.progress import assess, unsd


def run(values, years=(2015, 2020), **kwargs):
    kwargs.setdefault("direction", "lower")
    return assess(list(years), list(values), method="unsd", **kwargs)


@pytest.mark.parametrize(
    ("current", "ratio", "status"),
    [
        # lower is better, 100 in 2015, target 50 in 2030: CAGR_r = 0.5 ** (1/15) - 1 = -0.04516
        (80, 0.9666, "on_track"),  # CAGR_a = 0.8 ** 0.2 - 1 = -0.04365
        (85, 0.7082, "fair_progress"),  # -0.03198
        (90, 0.4618, "limited_progress"),  # -0.02085
        (101, -0.0441, "limited_progress"),  # +0.00199
        (105, -0.2171, "deterioration"),  # +0.00980
    ],
)
def test_ratio_bands_with_a_target(current, ratio, status):
    result = run([100, current], target=50)
    assert result.status == status
    assert result.progress_value == pytest.approx(ratio, abs=1e-4)
    assert result.ratio == result.progress_value
    assert result.observed_growth == pytest.approx((current / 100) ** 0.2 - 1)
    assert result.required_growth == pytest.approx(0.5 ** (1 / 15) - 1)


def test_ratio_thresholds_are_the_notes():
    assert (unsd.ON_TRACK_RATIO, unsd.FAIR_PROGRESS_RATIO, unsd.LIMITED_PROGRESS_RATIO) == (
        0.95,
        0.5,
        -0.1,
    )


@pytest.mark.parametrize(
    ("current", "status"),
    [
        (106, "on_track"),  # CAGR = 1.06 ** 0.2 - 1 = 0.0117 >= 1 %
        (103, "fair_progress"),  # 0.0059
        (101, "limited_progress"),  # 0.0020
        (96, "limited_progress"),  # -0.0081 >= -1 %
        (90, "deterioration"),  # -0.0209
    ],
)
def test_growth_bands_without_a_target(current, status):
    result = run([100, current], direction="higher")
    assert result.status == status
    assert result.progress_value == pytest.approx((current / 100) ** 0.2 - 1)
    assert result.required_growth is None and result.ratio is None


def test_direction_lower_reverses_the_growth_bands():
    assert run([100, 90], direction="lower").status == "on_track"
    assert run([100, 106], direction="lower").status == "deterioration"


def test_target_met_whatever_the_trend():
    result = run([100, 45], target=50)
    assert result.status == "target_met"
    assert result.target_achieved
    assert result.reason is None


def test_moving_away_from_a_target_already_met_is_deterioration():
    # 40 in 2015 already met "at most 50"; 60 in 2020 no longer does. The note's raw ratio
    # CAGR_a / CAGR_r = 0.0845 / 0.0150 would be +5.6 ("on track"); the directed ratio is -5.6.
    result = run([40, 60], target=50)
    assert result.status == "deterioration"
    assert result.progress_value == pytest.approx(-(1.5**0.2 - 1) / (1.25 ** (1 / 15) - 1))


def test_base_equal_to_target_then_worse_is_deterioration():
    result = run([50, 45], direction="higher", target=50)
    assert result.status == "deterioration"
    assert result.progress_value == -math.inf


@pytest.mark.parametrize("base", [0, -3])
def test_zero_or_negative_base_value_is_not_available(base):
    result = run([base, 5], direction="higher")
    assert result.status == "not_available"
    assert result.reason == "base value is zero or negative"


def test_zero_base_value_with_the_target_met_is_still_target_met():
    assert run([0, 5], direction="higher", target=4).status == "target_met"


def test_negative_current_value_is_not_available():
    assert run([5, -1], direction="higher").reason == "current value is negative"


def test_negative_target_is_not_available():
    assert run([5, 4], direction="lower", target=-1).reason == "target is negative"


def test_zero_target_requires_a_fall_to_zero():
    # CAGR_r = 0 ** (1/15) - 1 = -1: halving in five years is only 12.9 % of that pace.
    result = run([100, 50], target=0)
    assert result.required_growth == -1
    assert result.status == "limited_progress"


def test_one_data_point():
    """The UN DESA progress assessment compares two points in time (the base year and the latest
    year); with one observation there is nothing to assess, and one value at the target is not yet
    "target met" (the same rule as Open SDG's methodology; see
    ``test_opensdg.test_one_observation_at_the_target_is_not_yet_target_achieved``)."""
    result = run([5], years=[2020], direction="higher")
    assert (result.status, result.reason) == ("not_available", "fewer than 2 data points")
    assert run([5], years=[2020], direction="higher", target=6).reason == "fewer than 2 data points"
    one = run([5], years=[2020], direction="higher", target=4)
    assert (one.status, one.target_achieved) == ("not_available", False)
    met = run([4.5, 5], years=[2019, 2020], direction="higher", target=4, base_year=2019)
    assert (met.status, met.target_achieved, met.progress_value) == ("target_met", True, None)


def test_base_year_after_the_last_data():
    result = run([1, 2, 3], years=[2010, 2011, 2012], direction="higher", target=10)
    assert (result.status, result.reason) == ("not_available", "no data at or after base year")
    assert result.current_year == 2012 and result.base_year is None


def test_no_data():
    result = run([None, math.nan], direction="higher")
    assert (result.status, result.reason) == ("not_available", "no data")


def test_gaps_take_the_first_year_with_data_from_the_base_year():
    years = [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020]
    values = [1, 1, math.nan, None, 100, math.nan, 95, math.nan]
    result = run(values, years=years)
    assert (result.base_year, result.base_value) == (2017, 100)
    assert (result.current_year, result.current_value) == (2019, 95)
    assert result.observed_growth == pytest.approx(0.95**0.5 - 1)
    assert result.status == "on_track"  # falling 2.5 % a year, lower is better


def test_target_year_not_after_the_base_year():
    result = run([100, 90], target=50, target_year=2015)
    assert result.reason == "target year is not after base year"
