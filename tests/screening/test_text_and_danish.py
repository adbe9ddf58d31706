"""Tokens, sentences, language detection, and Danish compounds in the Danish term lists."""

import pytest

from verdensmaal.screening.terms import find_terms
from verdensmaal.screening.text import detect_language, sentence_spans, tokenize


def goals_with_terms(text: str, language: str = "da") -> set[int]:
    return {hit.goal for hit in find_terms(text, language)}


def test_tokens_keep_their_offsets_and_are_lower_case():
    text = "Kommunens CO2-udledning, Æbler!"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["kommunens", "co2", "udledning", "æbler"]
    assert all(text[t.start : t.end].lower() == t.text for t in tokens)


def test_sentences_end_at_full_stops_but_not_inside_abbreviations_or_numbers():
    text = "Vi afsætter 2,5 mio. kr. til indsatsen. Den starter i 2025! Hvad så?"
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    assert sentences == [
        "Vi afsætter 2,5 mio. kr. til indsatsen.",
        "Den starter i 2025!",
        "Hvad så?",
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Kommunen vil styrke indsatsen for de udsatte familier.", "da"),
        ("Vi skal sikre rent drikkevand til alle borgere i byen.", "da"),
        ("Bæredygtig byudvikling", "da"),
        ("The council will support families on low incomes.", "en"),
        ("Clean water must be available for all residents of the city.", "en"),
    ],
)
def test_language_detection(text, language):
    assert detect_language(text) == language


def test_a_text_without_clues_gets_the_default_language():
    assert detect_language("2024 2025 2026") == "da"
    assert detect_language("2024 2025 2026", default="en") == "en"


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("Fjernvarmeudbygningen fortsætter i de nye boligområder.", 7),
        ("Klimatilpasningsplanen udpeger de mest udsatte områder.", 13),
        ("Havvindmøllerne skal levere strøm til hele regionen.", 7),
        ("Spildevandsoverløbene til åen skal stoppes.", 6),
        ("Skovrejsningsprojektet ved byen er i gang.", 15),
        ("Drivhusgasudledningen fra landbruget skal ned.", 13),
        ("Ungdomsuddannelserne skal have færre frafaldne elever.", 4),
    ],
)
def test_danish_compounds_are_matched_by_their_parts(text, goal):
    assert goal in goals_with_terms(text)


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("Vandrestien rundt om søen er genåbnet.", 6),
        ("Medarbejderne var fulde af arbejdsglæde og energi.", 7),
        ("Klimaanlægget i mødelokalet er i stykker.", 13),
        ("Arbejdsklimaet i afdelingen er blevet bedre.", 13),
        ("Skovvej er lukket for gennemkørsel i to uger.", 15),
        ("Planen følger kommunens øvrige politikker.", 16),
    ],
)
def test_danish_words_that_only_look_like_goal_words_are_not_evidence(text, goal):
    assert goal not in goals_with_terms(text)


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("The riverside walk will be closed for a week.", 6),
        ("The team brought great energy to the meeting.", 7),
        ("Item 7: Any other business.", 8),
        ("Visitors can use the car park behind the town hall.", 11),
        ("The report was considered by the finance committee.", 17),
    ],
)
def test_english_words_that_only_look_like_goal_words_are_not_evidence(text, goal):
    assert goal not in goals_with_terms(text, "en")
