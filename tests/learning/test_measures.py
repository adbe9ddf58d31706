"""The learning measures on known numbers (pure: no database)."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from verdensmaal.learning import measures
from verdensmaal.learning.changes import progress_changes

YEARS = [2015, 2016, 2017, 2018, 2019, 2020]
NAN = float("nan")


def test_improvement_is_the_change_per_year_between_the_first_and_last_value_inside_the_period():
    values = [
        [10, 9.5, 9, 8.5, 8, 7.5],  # falls 0.5 a year
        [NAN, 12, NAN, NAN, 10, NAN],  # 12 in 2016 to 10 in 2019: 2/3 a year
        [5, 5, 5, 5, 5, 6],  # rises
        [NAN, NAN, NAN, 4, 3, 2],  # only two years apart: too little
        [NAN] * 6,
    ]
    found = measures.improvement(YEARS, values, start=2015, end=2020, direction="lower")
    assert list(found.first_year) == [2015, 2016, 2015, 2018, 0]
    assert list(found.last_year) == [2020, 2019, 2020, 2020, 0]
    assert found.per_year[0] == pytest.approx(0.5)
    assert found.per_year[1] == pytest.approx(2 / 3)
    assert found.per_year[2] == pytest.approx(-0.2)  # worse where lower is better
    assert np.isnan(found.per_year[3]) and np.isnan(found.per_year[4])
    assert found.total[0] == pytest.approx(2.5)


def test_the_period_limits_which_values_are_compared():
    found = measures.improvement(
        YEARS, [[10, 9.5, 9, 8.5, 8, 7.5]], start=2016, end=2019, direction="higher"
    )
    assert (found.first_year[0], found.last_year[0]) == (2016, 2019)
    assert found.per_year[0] == pytest.approx(-0.5)


def test_ranks_share_places_and_leave_out_missing_ones():
    assert list(measures.ranks(np.array([0.5, 0.7, 0.5, NAN, -1]))) == [2, 1, 2, 0, 4]
    order = measures.ranking(np.array([0.5, 0.7, 0.5, NAN, -1]), ["b", "c", "a", "d", "e"])
    assert order == [1, 2, 0, 4, 3]  # ties by name, the one without a figure last


@given(st.lists(st.floats(-1e6, 1e6), min_size=6, max_size=6))
def test_turning_the_direction_turns_the_sign(series):
    higher = measures.improvement(YEARS, [series], start=2015, end=2020, direction="higher")
    lower = measures.improvement(YEARS, [series], start=2015, end=2020, direction="lower")
    assert higher.per_year[0] == pytest.approx(-lower.per_year[0])


def test_before_and_after_a_case_started():
    years = list(range(2010, 2024))
    values = [20 - 0.2 * (y - 2010) if y <= 2017 else 18.6 - 0.6 * (y - 2017) for y in years]
    result = measures.before_after(years, values, started=2017, direction="lower")
    assert result.before == pytest.approx(0.2)
    assert result.after == pytest.approx(0.6)
    assert result.difference == pytest.approx(0.4)
    too_early = measures.before_after(years, values, started=2022, direction="lower")
    assert math.isnan(too_early.after)


def test_the_mean_series_ignores_missing_values():
    mean = measures.mean_series(np.array([[1, NAN, 3], [3, NAN, NAN]]))
    assert mean[0] == 2 and np.isnan(mean[1]) and mean[2] == 3


def test_ambition_against_what_the_municipalities_managed():
    ref = measures.reference(np.array([0.3, 0.2, -0.1, 0.4, 0.6, NAN]))
    assert ref.median == pytest.approx(0.3)
    assert ref.high == pytest.approx(0.52)  # the 90th percentile, interpolated
    assert ref.count == 5
    years = [2018, 2019, 2020, 2021, 2022, 2023]
    series = [10, NAN, NAN, NAN, NAN, 8.5]

    def target(value, year=2028):
        return measures.ambition(
            baseline_year=2018,
            baseline_value=10,
            target_year=year,
            target_value=value,
            direction="lower",
            years=years,
            values=series,
            ref=ref,
        )

    high = target(5)  # needs 0.5 a year
    assert high.required == pytest.approx(0.5)
    assert high.achieved == pytest.approx(0.3)  # 10 to 8.5 in five years
    assert (high.level, high.pace, high.latest_year) == ("high", "behind", 2023)
    assert high.ratio == pytest.approx(0.6)
    assert target(9).level == "low"  # 0.1 a year: slower than the median municipality
    assert target(9).pace == "on_pace"
    assert target(2).level == "beyond_observed"  # 0.8 a year
    assert target(10).level == "low"  # nothing to gain is no ambition
    nothing = measures.ambition(
        baseline_year=2018,
        baseline_value=10,
        target_year=2028,
        target_value=5,
        direction="lower",
        years=years,
        values=[10, NAN, NAN, NAN, NAN, NAN],
        ref=ref,
    )
    assert nothing.pace == "unknown" and nothing.latest_year is None
    assert measures.level(0.5, measures.reference(np.array([]))) == "unknown"


def test_a_direction_must_be_higher_or_lower():
    with pytest.raises(ValueError):
        measures.improvement(YEARS, [[1] * 6], start=2015, end=2020, direction="range")


def _state(**changes):
    state = {
        "index": {"score": 60, "rank": 10},
        "goals": {
            "13": {"score": 40, "colour": "red", "rank": 50},
            "7": {"score": 70, "colour": "green", "rank": 5},
        },
        "targets": {
            "4": {"status": "on_track", "definition": "a", "title": "Mål"},
            "5": {"status": "deterioration", "definition": "b", "title": "Andet"},
        },
    }
    for path, value in changes.items():
        node = state
        *parents, last = path.split("__")
        for key in parents:
            node = node[key]
        node[last] = value
    return state


def test_progress_changes_name_what_moved_and_leave_the_rest_out():
    after = _state(
        index__rank=12,
        goals__13__colour="orange",
        goals__13__score=43,
        targets__4__status="fair_progress",
    )
    assert progress_changes(_state(), after) == [
        {"kind": "index_rank", "before": 10, "after": 12},
        {"kind": "goal_score", "goal": 13, "before": 40, "after": 43},
        {"kind": "goal_colour", "goal": 13, "before": "red", "after": "orange"},
        {
            "kind": "target_status",
            "target": 4,
            "title": "Mål",
            "before": "on_track",
            "after": "fair_progress",
        },
    ]
    assert progress_changes(_state(), _state()) == []


def test_a_changed_target_definition_or_a_new_target_is_not_a_change_of_the_data():
    after = _state(targets__4__status="fair_progress", targets__4__definition="changed")
    after["targets"]["9"] = {"status": "on_track", "definition": "c", "title": "Nyt"}
    assert progress_changes(_state(), after) == []
    assert progress_changes(_state(goals__13__score=None), _state()) == []
