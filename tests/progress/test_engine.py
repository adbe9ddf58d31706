"""The shared entry points: input checks, base and current observation, the vectorised path."""

import ast
import math
import pathlib

import numpy as np
import pytest

import verdensmaal.progress as progress
from verdensmaal.progress import REASONS, assess, assess_many

METHODS = sorted(progress.METHODS)
YEARS = np.arange(2013, 2023)


def test_no_django_import_in_the_package():
    package = pathlib.Path(progress.__file__).parent
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "django" for name in names), module.name


def test_unknown_method_and_direction_are_errors():
    with pytest.raises(ValueError, match="unknown method"):
        assess([2015, 2016], [1, 2], method="eurostat", direction="higher")
    with pytest.raises(ValueError, match="direction"):
        assess([2015, 2016], [1, 2], method="unsd", direction="up")
    with pytest.raises(ValueError, match="direction"):
        assess_many(YEARS, np.ones((2, YEARS.size)), method="unsd", direction=["up", "higher"])


def test_bad_years_are_errors():
    with pytest.raises(ValueError, match="duplicate"):
        assess([2015, 2015], [1, 2], method="unsd", direction="higher")
    with pytest.raises(ValueError, match="whole"):
        assess([2015.5, 2016], [1, 2], method="unsd", direction="higher")
    with pytest.raises(ValueError, match="increasing"):
        assess_many([2016, 2015], [[1, 2]], method="unsd", direction="higher")
    with pytest.raises(ValueError, match="last axis"):
        assess_many([2015, 2016], [[1, 2, 3]], method="unsd", direction="higher")


def test_unsorted_single_series_is_sorted():
    result = assess([2020, 2015], [90, 100], method="unsd", direction="lower")
    assert (result.base_year, result.current_year) == (2015, 2020)


@pytest.mark.parametrize("method", METHODS)
def test_three_dimensional_input_matches_each_slice(method):
    rng = np.random.default_rng(7)
    values = rng.uniform(10, 100, size=(4, 3, YEARS.size))
    values[rng.random(values.shape) < 0.3] = np.nan
    direction = np.array(["higher", "lower", "higher"])
    target = np.array([120.0, np.nan, 5.0])
    many = assess_many(YEARS, values, method=method, direction=direction, target=target)
    assert many.shape == (4, 3)
    for area in range(4):
        row = assess_many(YEARS, values[area], method=method, direction=direction, target=target)
        np.testing.assert_array_equal(row.status, many.status[area])
        np.testing.assert_array_equal(row.progress_value, many.progress_value[area])


def test_numeric_direction_equals_words():
    values = np.array([[100, 90], [100, 110]], dtype=float)
    words = assess_many([2015, 2020], values, method="opensdg", direction=["lower", "higher"])
    signs = assess_many([2015, 2020], values, method="opensdg", direction=[-1, 1])
    np.testing.assert_array_equal(words.status, signs.status)


def test_per_series_base_year_broadcasts():
    values = np.array([[100, 90, 80], [100, 90, 80]], dtype=float)
    many = assess_many(
        [2014, 2015, 2016], values, method="unsd", direction="lower", base_year=[2014, 2015]
    )
    assert many.base_year.tolist() == [2014, 2015]


def test_status_and_reason_labels():
    values = np.array([[100, 80], [np.nan, np.nan], [0, 5]], dtype=float)
    many = assess_many([2015, 2020], values, method="unsd", direction="higher")
    assert many.status_names().tolist() == ["deterioration", "not_available", "not_available"]
    assert many.reason_texts().tolist() == ["", "no data", "base value is zero or negative"]
    one = many.at(2)
    assert (one.status, one.reason, one.base_value) == ("not_available", one.reason, 0.0)
    assert math.isclose(many.at(0).observed_growth, 0.8**0.2 - 1)


def test_reason_codes_are_positions_that_never_move():
    """Reason codes are stored and compared as positions in REASONS: new reasons are appended."""
    assert REASONS[:10] == (
        "",
        "no data",
        "no data at or after base year",
        "fewer than 2 data points",
        "base value is zero or negative",
        "current value is negative",
        "target is negative",
        "target year is not after base year",
        "base value and current value have opposite signs",
        "no target given",
    )
    assert REASONS[10:] == (
        "a value from the base year on has the opposite sign",
        "target and base value have opposite signs",
    )
    assert len(set(REASONS)) == len(REASONS)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_opens_the_same_way(method):
    """The shared opening: missing data and a base year after the data are reported alike."""
    values = np.array([[np.nan, np.nan], [1.0, 2.0]])
    many = assess_many([2013, 2014], values, method=method, direction="higher", target=5)
    assert many.reason_texts().tolist() == ["no data", "no data at or after base year"]
    assert many.current_year.tolist()[1] == 2014
