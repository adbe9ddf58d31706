"""The public API: the issue's examples, the shape of a screening result and its evidence."""

import subprocess
import sys

import pytest

from verdensmaal.screening import Passage, classify, detect_language, screen

CLIMATE_DA = (
    "Vi vil reducere kommunens CO2-udledning med 70 procent inden 2030 ved at udbygge fjernvarmen "
    "og solcellerne."
)
DROPOUT_EN = (
    "School dropout is rising: one in eight students now leaves upper secondary school without a "
    "qualification, and we will give every pupil at risk a mentor."
)
CANTEEN_EN = "The canteen is open from 11.30 to 13.00 on weekdays and closed on Saturdays."
CANTEEN_DA = "Kantinen har åbent fra kl. 11.30 til 13.00 på hverdage og er lukket om lørdagen."


def test_the_climate_passage_addresses_energy_and_climate(no_network):
    assert {7, 13} <= classify(CLIMATE_DA)


def test_an_english_passage_about_school_dropout_addresses_education(no_network):
    assert 4 in classify(DROPOUT_EN)


@pytest.mark.parametrize("text", [CANTEEN_EN, CANTEEN_DA])
def test_the_canteens_opening_hours_address_no_goal(text, no_network):
    assert classify(text) == set()


@pytest.mark.parametrize("embed", ["never", "always"])
def test_the_examples_hold_with_terms_alone_and_with_embedding_everywhere(embed, no_network):
    assert {7, 13} <= set(screen(CLIMATE_DA, embed=embed).goals)
    assert 4 in screen(DROPOUT_EN, embed=embed).goals
    assert not screen(CANTEEN_EN, embed=embed).goals


def test_the_language_is_detected_or_taken_as_given():
    assert detect_language(CLIMATE_DA) == "da"
    assert detect_language(DROPOUT_EN) == "en"
    assert screen(CLIMATE_DA).passages[0].language == "da"
    assert screen(CLIMATE_DA, lang="en").passages[0].language == "en"
    with pytest.raises(ValueError):
        screen(CLIMATE_DA, lang="de")


def test_every_goal_found_points_at_the_words_behind_it(no_network):
    result = screen(CLIMATE_DA, embed="always")
    passage = result.passages[0]
    assert passage.embedded
    for goal in passage.goals:
        words = [e for e in passage.evidence if e.goal == goal]
        assert words, f"goal {goal} without evidence"
        for evidence in words:
            assert passage.text[evidence.start : evidence.end] == evidence.term
            assert evidence.signal == "terms_da"
        assert "terms_da" in passage.signals[goal] and "embedding" in passage.signals[goal]
    terms = {e.term.lower() for e in passage.evidence}
    assert {"fjernvarmen", "solcellerne", "co2"} <= terms
    assert {n.goal for n in passage.nearest} == set(passage.goals)
    assert result.passages_for(13) == (passage,)


def test_english_evidence_names_the_aurora_queries(no_network):
    text = "Greenhouse gas emissions must fall, and the city will adapt to climate change."
    passage = screen(text, embed="never").passages[0]
    assert 13 in passage.goals
    aurora = [e for e in passage.evidence if e.signal == "aurora" and e.goal == 13]
    assert {e.term.lower() for e in aurora} >= {"greenhouse gas", "climate", "change"}


def test_scores_cover_all_goals_and_targets_belong_to_the_goals_found(no_network):
    passage = screen(CLIMATE_DA, embed="always").passages[0]
    assert sorted(passage.scores) == list(range(1, 18))
    assert all(0.0 <= score <= 1.0 for score in passage.scores.values())
    assert passage.targets
    assert all(t.goal in passage.goals and 0 < t.score <= 1 for t in passage.targets)
    assert [t.score for t in passage.targets] == sorted(
        (t.score for t in passage.targets), reverse=1
    )
    renewable = [t for t in passage.targets if t.target == "7.2"]
    assert renewable and "renewable energy" in renewable[0].text


def test_a_long_text_is_screened_passage_by_passage_with_headings_and_progress(no_network):
    text = (
        "# Klima og energi\n\n"
        + CLIMATE_DA
        + "\n\n# Praktisk\n\n"
        + CANTEEN_DA
        + "\n\n"
        + "Alle skoler skal have flere lærere, så eleverne bliver dygtigere til dansk og matematik."
    )
    calls = []
    result = screen(text, progress=lambda done, total: calls.append((done, total)))
    assert [p.headings for p in result.passages] == [
        ("Klima og energi",),
        ("Praktisk",),
        ("Praktisk",),
    ]
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert {7, 13} <= result.passages[0].goals
    assert result.passages[1].goals == frozenset()
    assert 4 in result.passages[2].goals
    assert result.goals >= {4, 7, 13}


def test_passages_can_be_given_ready_made():
    result = screen([Passage(CLIMATE_DA, ("Klima",)), CANTEEN_DA], embed="never")
    assert result.passages[0].heading == "Klima"
    assert result.passages[1].goals == frozenset()


def test_auto_embeds_only_the_passages_the_terms_leave_uncertain(no_network):
    result = screen([CANTEEN_DA, CLIMATE_DA], embed="auto")
    assert not result.passages[0].embedded  # short, no term: certain enough


def test_importing_the_package_imports_no_django():
    code = (
        "import sys, verdensmaal.screening, verdensmaal.screening.evaluation;"
        "from verdensmaal.screening import classify; classify('Kantinen er åben.', lang='da');"
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0  # noqa: S603


def test_the_embedding_budget_caps_the_words_embedded_in_auto_mode(no_network):
    uncertain = [
        "Borgerne skal have bedre muligheder for at deltage i fællesskabet, og vi vil styrke "
        "foreningslivet og de frivillige i alle dele af kommunen i de kommende år.",
        "Vi vil skabe gode rammer for et aktivt liv i hele kommunen med plads til alle "
        "generationer og til både store og små fællesskaber, ude og inde, hele året rundt, både "
        "om dagen og om aftenen, og sammen med borgerne finder vi nye veje til at gøre det.",
    ]
    assert screen(uncertain, embedding_budget=None).embedded_count == 2
    assert screen(uncertain, embedding_budget=0).embedded_count == 0
    one = len(uncertain[0].split()) + 1
    assert screen(uncertain, embedding_budget=one).embedded_count == 1
    assert screen(uncertain, embed="always", embedding_budget=0).embedded_count == 2


def test_a_result_becomes_plain_json_data(no_network):
    import json

    result = screen(CLIMATE_DA, embed="always")
    data = json.loads(json.dumps(result.to_dict()))
    assert data["goals"] == sorted(result.goals)
    (passage,) = data["passages"]
    assert passage["scores"]["13"] == result.passages[0].scores[13]
    assert {e["term"] for e in passage["evidence"]} >= {"fjernvarmen", "solcellerne"}
    assert passage["nearest"] and passage["signals"]["7"]


def test_the_model_loads_and_embeds_in_a_fresh_process_with_the_network_blocked():
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network blocked')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from verdensmaal.screening import embedding, screen\n"
        "assert not embedding.is_loaded()\n"
        "result = screen('Vi planter ny skov og genopretter vådområder for at øge biodiversiteten "
        "i kommunen.', embed='always')\n"
        "assert embedding.is_loaded() and result.passages[0].embedded\n"
        "assert 15 in result.goals, result.goals\n"
    )
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
    )
    assert completed.returncode == 0, completed.stderr
