"""The term signal: which goal and target queries a passage matches, and with which words.

English passages are read with the Aurora SDG queries v5.0 (Aurora Universities Network 2020,
doi:10.5281/zenodo.3817445, CC BY 4.0) and the project's English term lists; Danish passages with
the project's Danish term lists, which use prefix and infix wildcards for compounds. Every hit keeps
the character offsets of the words behind it, so an editor sees exactly what triggered a goal.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .queries import Node, PassageIndex, evaluate, parse_query
from .text import Token, tokenize

DATA = Path(__file__).resolve().parent / "data"

AURORA = "aurora"
TERMS_EN = "terms_en"
TERMS_DA = "terms_da"
SOURCES_BY_LANGUAGE = {"en": (AURORA, TERMS_EN), "da": (TERMS_DA,)}


@dataclass(frozen=True, slots=True)
class Rule:
    goal: int
    target: str  # "7.2", or "" for a goal-wide query
    source: str
    node: Node


@dataclass(frozen=True, slots=True)
class TermHit:
    goal: int
    target: str
    source: str
    term: str  # the words as they stand in the passage
    start: int  # character offsets in the passage
    end: int


def _read_term_file(path: Path, source: str) -> list[Rule]:
    rules = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, query = line.partition(":")
        key = key.strip()
        goal = int(key.split(".")[0])
        if not 1 <= goal <= 17 or not query.strip():
            raise ValueError(f"{path.name}:{number}: cannot read {line!r}")
        rules.append(Rule(goal, key if "." in key else "", source, parse_query(query)))
    return rules


@lru_cache(maxsize=1)
def rules_by_source() -> dict[str, tuple[Rule, ...]]:
    aurora = json.loads((DATA / "aurora_queries.json").read_text(encoding="utf-8"))
    aurora_rules = [
        Rule(entry["goal"], entry["target"], AURORA, parse_query(query))
        for entry in aurora["targets"]
        for query in entry["queries"]
    ]
    return {
        AURORA: tuple(aurora_rules),
        TERMS_EN: tuple(_read_term_file(DATA / "terms_en.txt", TERMS_EN)),
        TERMS_DA: tuple(_read_term_file(DATA / "terms_da.txt", TERMS_DA)),
    }


def find_terms(text: str, language: str, tokens: list[Token] | None = None) -> list[TermHit]:
    """Every term hit in ``text``, one per matched word span, rule and target."""
    tokens = tokenize(text) if tokens is None else tokens
    if not tokens:
        return []
    index = PassageIndex(tokens, plurals=language == "en")
    hits: dict[tuple, TermHit] = {}
    for source in SOURCES_BY_LANGUAGE[language]:
        for rule in rules_by_source()[source]:
            for match in evaluate(rule.node, index):
                for first, last in match:
                    start, end = tokens[first].start, tokens[last - 1].end
                    key = (rule.goal, rule.target, source, start, end)
                    if key not in hits:
                        hits[key] = TermHit(
                            rule.goal, rule.target, source, text[start:end], start, end
                        )
    return sorted(hits.values(), key=lambda hit: (hit.goal, hit.start, hit.target))


def distinct_terms(hits: list[TermHit]) -> dict[tuple[int, str], set[str]]:
    """The distinct matched words per (goal, source)."""
    result: dict[tuple[int, str], set[str]] = defaultdict(set)
    for hit in hits:
        result[hit.goal, hit.source].add(hit.term.lower())
    return result
