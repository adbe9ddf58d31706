"""The pure parts: a stored result read back (per-goal summary, targets addressed), the join to
what a framework measures, and the evidence marked in a text. No database."""

import pytest

from verdensmaal.documents import coverage, results
from verdensmaal.frameworks.evidence import segments, suggestion, target_sort_key, words_by_goal
from verdensmaal.screening import screen, split_text

from .conftest import CLIMATE_PLAN, CLIMATE_PLAN_GOALS, CLIMATE_PLAN_TARGETS


@pytest.fixture(scope="module")
def stored():
    """The screener's result for the climate plan, as it comes back from a JSON field."""
    import json

    return json.loads(json.dumps(screen(split_text(CLIMATE_PLAN), embed="never").to_dict()))


def test_the_known_text_gives_the_known_goals_and_targets(stored):
    assert [set(passage["goals"]) for passage in stored["passages"]] == CLIMATE_PLAN_GOALS
    assert set(results.document_targets(stored)) == CLIMATE_PLAN_TARGETS
    assert results.document_goals(stored) == [7, 11, 12, 13]


def test_the_summary_gives_every_goal_its_share_words_and_targets(stored):
    summaries = {item.goal: item for item in results.goal_summaries(stored)}
    assert sorted(summaries) == list(range(1, 18))
    energy = summaries[7]
    assert energy.passages == (0,) and energy.share == pytest.approx(1 / 4)
    assert ("varmepumper", 1) in energy.words and ("fjernvarmen", 1) in energy.words
    assert energy.targets == (("7.2", 1),)
    assert summaries[13].targets == (("13.1", 1),)
    absent = [item.goal for item in summaries.values() if not item.found]
    assert absent == [1, 2, 3, 4, 5, 6, 8, 9, 10, 14, 15, 16, 17]
    assert summaries[4].share == 0 and summaries[4].words == ()


def test_a_words_count_is_summed_and_its_spelling_kept(stored):
    # "Genanvendelse" hits goal 12 twice (the goal's list and target 12.5's).
    waste = next(item for item in results.goal_summaries(stored) if item.goal == 12)
    assert waste.words[0] == ("Genanvendelse", 2)


def test_passages_for_a_goal_come_most_certain_first():
    result = {
        "passages": [
            {"index": 0, "goals": [7], "scores": {"7": 0.4}},
            {"index": 1, "goals": [], "scores": {"7": 0.1}},
            {"index": 2, "goals": [7], "scores": {"7": 0.9}},
        ]
    }
    assert [p["index"] for p in results.passages_for(result, 7)] == [2, 0]


def test_a_target_below_the_threshold_is_not_addressed():
    passage = {
        "index": 0,
        "goals": [11],
        "targets": [
            {"target": "11.1", "score": results.TARGET_ADDRESSED_SCORE - 0.01},
            {"target": "11.5", "score": results.TARGET_ADDRESSED_SCORE},
        ],
    }
    assert results.document_targets({"passages": [passage]}) == {"11.5": [0]}


# --- the join ------------------------------------------------------------------------------------


def _join(addressed, *, by_any=(), local_targets=(), indicator_targets=None, catalogue=None):
    return coverage.coverage(
        addressed=addressed,
        addressed_by_any=by_any,
        local_targets=local_targets,
        indicator_targets=indicator_targets or {},
        catalogue=catalogue or {},
    )


RECYCLING = coverage.MeasuredTarget(1, frozenset({"12.5"}), frozenset({"RECYCLING", "CO2"}))
FOREST = coverage.MeasuredTarget(2, frozenset({"15.2"}), frozenset({"FOREST"}))
INDICATOR_TARGETS = {"RECYCLING": {"12.5"}, "CO2": {"13.2"}, "FOREST": {"15.1", "15.2"}}


def test_addressed_targets_nothing_measures_are_the_gaps_with_the_catalogues_indicators():
    found = _join(
        {"7.2": [0], "12.5": [2], "13.1": [1], "13.2": [1, 1]},
        local_targets=[RECYCLING, FOREST],
        indicator_targets=INDICATOR_TARGETS,
        catalogue={"7.2": ["EV", "RESHARE"], "13.2": ["CO2"]},
    )
    assert [(gap.target, gap.passages, gap.catalogue_indicators) for gap in found.gaps] == [
        ("7.2", (0,), ("EV", "RESHARE")),
        ("13.1", (1,), ()),  # no indicator in the catalogue: a data need
    ]
    # 12.5 is named by a local target; 13.2 is under an indicator the framework follows.
    assert found.measured == ("12.5", "13.2")


def test_what_is_measured_but_addressed_by_no_document():
    found = _join(
        {"12.5": [0]},
        by_any={"7.2"},
        local_targets=[RECYCLING, FOREST],
        indicator_targets=INDICATOR_TARGETS,
    )
    assert found.unaddressed_local_targets == (2,)
    assert found.unaddressed_indicators == ("CO2", "FOREST")


def test_another_screened_document_addressing_a_target_counts():
    found = _join(
        {"7.2": [0]},
        by_any={"15.2", "13.2"},
        local_targets=[RECYCLING, FOREST],
        indicator_targets=INDICATOR_TARGETS,
    )
    assert found.unaddressed_local_targets == (1,)  # only 12.5 is addressed by no document
    assert found.unaddressed_indicators == ("RECYCLING",)


def test_a_framework_without_local_targets_measures_nothing():
    found = _join({"7.2": [3], "1.1": [0]})
    assert [gap.target for gap in found.gaps] == ["1.1", "7.2"]
    assert found.measured == () and found.unaddressed_local_targets == ()


def test_targets_sort_in_the_uns_order():
    codes = ["10.1", "7.a", "7.10", "7.2", "17.19", "1.1"]
    assert sorted(codes, key=target_sort_key) == ["1.1", "7.2", "7.10", "7.a", "10.1", "17.19"]


# --- evidence marked in a text ----------------------------------------------------------------


def test_segments_mark_the_evidence_and_merge_overlaps():
    text = "Fjernvarme og klimatilpasning"
    evidence = [
        {"goal": 7, "target": "7.2", "start": 0, "end": 10},
        {"goal": 13, "target": "13.1", "start": 14, "end": 29},
        {"goal": 11, "target": "", "start": 14, "end": 20},
    ]
    parts = segments(text, evidence)
    assert [(part.text, part.goals, part.targets) for part in parts] == [
        ("Fjernvarme", (7,), ("7.2",)),
        (" og ", (), ()),
        ("klimatilpasning", (11, 13), ("13.1",)),
    ]
    assert "".join(part.text for part in parts) == text


def test_segments_for_one_goal_and_spans_outside_the_text_are_left_out():
    text = "Fjernvarme og skov"
    evidence = [
        {"goal": 7, "target": "", "start": 0, "end": 10},
        {"goal": 15, "target": "", "start": 14, "end": 18},
        {"goal": 15, "target": "", "start": 14, "end": 99},
    ]
    assert [part.text for part in segments(text, evidence, goals={15}) if part.marked] == ["skov"]


def test_an_action_description_suggests_goals_with_its_words():
    found = suggestion("Kommunen skifter oliefyr ud med varmepumper og udbygger fjernvarmen.")
    assert found["goals"] == [7]
    assert words_by_goal(found)[7][:3] == ["oliefyr", "varmepumper", "fjernvarmen"]
    assert suggestion("   ") == {"goals": [], "scores": {}, "passages": []}
