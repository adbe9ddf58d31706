"""The Scopus query language over tokens: each operator, precedence, and the Aurora files."""

import json
from pathlib import Path

import pytest

from verdensmaal.screening import queries
from verdensmaal.screening.queries import (
    And,
    AndNot,
    Near,
    Or,
    QuerySyntaxError,
    Term,
    match_query,
    parse_aurora_xml,
    parse_query,
)
from verdensmaal.screening.terms import find_terms, rules_by_source
from verdensmaal.screening.text import tokenize


def matches(query: str, text: str, *, plurals: bool = True) -> list[str]:
    """The matched words, as they stand in the text."""
    tokens = tokenize(text)
    found = match_query(parse_query(query), tokens, plurals=plurals)
    return [
        " + ".join(text[tokens[a].start : tokens[b - 1].end] for a, b in match) for match in found
    ]


def test_a_phrase_needs_its_words_in_a_row():
    assert matches('"quality education"', "Quality education for all") == ["Quality education"]
    assert matches('"quality education"', "education of quality") == []


def test_wildcards_prefix_infix_suffix_and_single_letter():
    assert matches('"climat*"', "Climatic change and the climate") == ["Climatic", "climate"]
    assert matches('"*varme*"', "fjernvarmeudbygning") == ["fjernvarmeudbygning"]
    assert matches('"*mølle"', "vindmølle og vandmøller") == ["vindmølle"]
    assert matches('"wom?n"', "women and woman") == ["women", "woman"]


def test_an_english_word_matches_its_plural_and_possessive_but_danish_words_do_not():
    assert matches('"school"', "two schools and the school's yard") == ["schools", "school"]
    assert matches('"policy"', "new policies") == ["policies"]
    assert matches('"skole"', "skoles", plurals=False) == []


def test_or_and_and_not():
    assert matches('"a" OR "b"', "b c") == ["b"]
    assert matches('"water" AND "sanitation"', "water and sanitation") == ["water", "sanitation"]
    assert matches('"water" AND "sanitation"', "water only") == []
    assert matches('"forest*" AND NOT "marine"', "forest ecosystems") == ["forest"]
    assert matches('"forest*" AND NOT ("marine" OR "sea")', "forests by the sea") == []


def test_within_n_words_in_either_order():
    query = '"climate" W/3 "adapt*"'
    assert matches(query, "adapting the city to a changing climate") == []  # four words apart
    assert matches(query, "adapting to a changing climate") == ["climate + adapting"]
    assert matches(query, "climate change adaptation") == ["climate + adaptation"]
    assert matches('"climate" W/0 "change"', "climate change") == ["climate + change"]


def test_pre_n_keeps_the_order():
    assert matches('"climate" PRE/2 "change"', "climate is changing") == []
    assert matches('"climate" PRE/2 "chang*"', "climate is changing") == ["climate + changing"]
    assert matches('"chang*" PRE/2 "climate"', "climate is changing") == []


def test_precedence_or_binds_tighter_than_w_n_than_and_than_and_not():
    node = parse_query('"a" OR "b" W/2 "c" AND "d" AND NOT "e"')
    assert isinstance(node, AndNot)
    assert isinstance(node.positive, And)
    near = node.positive.parts[0]
    assert isinstance(near, Near) and isinstance(near.left, Or)
    assert near.distance == 2 and not near.ordered
    assert matches('"a" OR "b" W/2 "c"', "b x c") == ["b + c"]


def test_chained_proximity_as_in_aurora():
    query = '( "reduc*" ) W/3 ( "disaster*" ) W/3 ( "risk*" )'
    assert matches(query, "reducing disaster risk") == ["reducing + disaster + risk"]
    assert matches(query, "reducing costs; disaster plans for many years of risk") == []


@pytest.mark.parametrize(
    "query", ['"a" OR', '("a" OR "b"', '"a" "b" AND', '""', "AND", '"a" W/x "b"', '"a")']
)
def test_broken_queries_are_refused(query):
    with pytest.raises(QuerySyntaxError):
        parse_query(query)


def test_unquoted_words_are_one_word_terms():
    node = parse_query("(water OR sanitation)")
    assert node == Or((Term(("water",), "water"), Term(("sanitation",), "sanitation")))


AURORA_XML = """\ufeff<?xml version="1.0" encoding="utf-8"?>
<aqd:query xmlns:dc="http://dublincore.org/documents/dcmi-namespace/"
           xmlns:aqd="http://aurora-network.global/queries/namespace/">
  <dc:identifier type="sdg">6</dc:identifier>
  <aqd:query-definitions syntax="SCOPUS">
    <aqd:query-definition>
      <aqd:subquery-identifier>1</aqd:subquery-identifier>
      <dc:identifier type="uri">http://metadata.un.org/sdg/6.1</dc:identifier>
      <aqd:subquery-descriptions>
        <aqd:subquery-description>By 2030, achieve universal and
          equitable access to safe and affordable drinking water for all</aqd:subquery-description>
      </aqd:subquery-descriptions>
      <aqd:query-lines>
        <aqd:query-line field="TITLE-ABS-KEY">("drinking water" OR "safe water")</aqd:query-line>
        <aqd:query-line field="AF-ID"></aqd:query-line>
      </aqd:query-lines>
    </aqd:query-definition>
  </aqd:query-definitions>
</aqd:query>"""


def test_an_aurora_file_gives_its_targets_and_title_abs_key_lines():
    (target,) = parse_aurora_xml(AURORA_XML)
    assert (target.goal, target.target) == (6, "6.1")
    assert target.description.startswith("By 2030, achieve universal and equitable access")
    assert target.queries == ('("drinking water" OR "safe water")',)


def test_every_shipped_query_parses_and_every_goal_has_terms_in_both_languages():
    path = Path(queries.__file__).parent / "data" / "aurora_queries.json"
    aurora = json.loads(path.read_text(encoding="utf-8"))
    assert aurora["licence"] == "CC BY 4.0" and "10.5281/zenodo.3817445" in aurora["source"]
    rules = rules_by_source()
    assert len(rules["aurora"]) == sum(len(t["queries"]) for t in aurora["targets"]) > 300
    for source in ("aurora", "terms_en", "terms_da"):
        assert {rule.goal for rule in rules[source]} == set(range(1, 18)), source


def test_hits_carry_the_target_and_the_offsets_of_the_words():
    text = "Safe drinking water for every home."
    hits = [hit for hit in find_terms(text, "en") if hit.goal == 6]
    assert any(hit.target == "6.1" and hit.source == "aurora" for hit in hits)
    for hit in hits:
        assert text[hit.start : hit.end] == hit.term
