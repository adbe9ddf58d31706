"""Tokens with character offsets, sentence spans, and a small Danish/English language detector.

Tokens are lower-cased runs of letters and digits (``\\w+``), so "CO2-udledning" gives "co2" and
"udledning" and "women's" gives "women" and "s"; each keeps its offsets in the original text so that
evidence can be highlighted. Danish compounds are matched by the query layer with prefix and infix
wildcards ("fjernvarme*" matches "fjernvarmeudbygning"), not by splitting words here.

The language detector counts frequent function words of each language (closed word classes that
every sentence has, so a few sentences suffice) plus the letters æ, ø and å, which English text
lacks.
It only tells Danish from English, the two languages the product screens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LANGUAGES = ("da", "en")

_TOKEN = re.compile(r"\w+", re.UNICODE)
# A sentence ends at . ! ? or a line break, followed by space and an upper-case letter, a digit or
# a bullet; "kr. 10" and "f.eks. at" stay inside their sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(«»“]?[A-ZÆØÅ0-9•\-–])|\n\s*\n|\n(?=\s*[•\-–*]\s)")

DANISH_FUNCTION_WORDS = frozenset(
    [
        "og",
        "i",
        "at",
        "det",
        "er",
        "en",
        "til",
        "på",
        "som",
        "de",
        "med",
        "af",
        "for",
        "ikke",
        "der",
        "var",
        "har",
        "et",
        "den",
        "han",
        "jeg",
        "men",
        "om",
        "skal",
        "vil",
        "kan",
        "være",
        "eller",
        "efter",
        "fra",
        "hvor",
        "når",
        "også",
        "så",
        "ved",
        "blive",
        "bliver",
        "blev",
        "sig",
        "sin",
        "sine",
        "deres",
        "dem",
        "vi",
        "os",
        "vores",
        "kommunen",
        "kommunens",
        "mere",
        "mellem",
        "under",
        "over",
        "uden",
        "inden",
        "hvis",
        "samt",
        "hele",
        "alle",
        "flere",
        "nye",
        "ny",
        "både",
        "bl.a",
        "disse",
        "denne",
        "dette",
        "får",
        "giver",
        "skabe",
        "sikre",
        "gennem",
    ]
)
ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "in",
        "is",
        "that",
        "for",
        "it",
        "as",
        "was",
        "with",
        "be",
        "by",
        "on",
        "not",
        "he",
        "this",
        "are",
        "or",
        "his",
        "from",
        "at",
        "which",
        "but",
        "have",
        "an",
        "they",
        "you",
        "were",
        "their",
        "has",
        "been",
        "will",
        "would",
        "there",
        "we",
        "our",
        "its",
        "can",
        "all",
        "more",
        "these",
        "into",
        "than",
        "other",
        "also",
        "may",
        "should",
        "must",
        "such",
        "through",
        "between",
        "who",
        "where",
        "when",
    ]
)
# Letters that English text does not use; one of them weighs as much as this many function words.
DANISH_LETTER_WEIGHT = 1.5


@dataclass(frozen=True, slots=True)
class Token:
    """A lower-cased word and its [start, end) character span in the original text."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def words(text: str) -> list[str]:
    return [m.group().lower() for m in _TOKEN.finditer(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of ``text``, leading and trailing blanks left out."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    result = []
    for begin, end in spans:
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if end > begin:
            result.append((begin, end))
    return result


def language_scores(text: str) -> dict[str, float]:
    tokens = words(text)
    danish = sum(token in DANISH_FUNCTION_WORDS for token in tokens)
    english = sum(token in ENGLISH_FUNCTION_WORDS for token in tokens)
    danish += DANISH_LETTER_WEIGHT * sum(ch in "æøåÆØÅ" for ch in text)
    return {"da": float(danish), "en": float(english)}


def detect_language(text: str, *, default: str = "da") -> str:
    """``"da"`` or ``"en"``; ``default`` (the product's default language) when there is no clue."""
    scores = language_scores(text)
    if scores["da"] == scores["en"]:
        return default
    return "da" if scores["da"] > scores["en"] else "en"
