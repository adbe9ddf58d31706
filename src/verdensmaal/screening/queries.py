"""Boolean keyword queries in Scopus syntax, evaluated over the tokens of a passage.

The English term evidence comes from the Aurora Universities Network's SDG search queries v5.0
(Aurora Universities Network, "Search Queries for Mapping Research Output to the SDGs", 2020,
doi:10.5281/zenodo.3817445, CC BY 4.0): per SDG target a few ``TITLE-ABS-KEY`` query lines.
:func:`parse_aurora_xml` reads one of their XML files; ``scripts/build_screening_data.py`` turns
the 17 files into ``data/aurora_queries.json`` inside this package. The project's own Danish and
English term lists (``data/terms_da.yaml``, ``data/terms_en.yaml``) use the same syntax.

The syntax, as Scopus defines it (precedence from the tightest: OR, then W/n and PRE/n, then AND,
then AND NOT):

- ``"quality education"``: a phrase, its words consecutive; ``"climat*"`` a prefix wildcard;
  ``"*varme*"`` and ``"*varme"`` infix and suffix wildcards (our extension, for the heads of Danish
  compounds); ``?`` one letter. An English word without a wildcard also matches its plural (Scopus
  matches plurals and possessives of loose phrases too: "school" finds "schools").
- ``a OR b``, ``a AND b``, ``a AND NOT b`` (over the whole passage).
- ``a W/n b``: some match of ``a`` and some match of ``b`` with at most ``n`` words between them, in
  either order; ``a PRE/n b`` likewise with ``a`` first.

A query evaluates to its matches; a match is the tuple of token spans of the terms that made it,
which become the evidence shown to the editor.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from xml.etree import ElementTree

from .text import Token

Span = tuple[int, int]  # token indices, [start, end)
Match = tuple[Span, ...]

# A query can only match this many times per passage; more adds no evidence and costs time.
MAX_MATCHES_PER_NODE = 64

_AURORA_NS = {
    "aqd": "http://aurora-network.global/queries/namespace/",
    "dc": "http://dublincore.org/documents/dcmi-namespace/",
}


class QuerySyntaxError(ValueError):
    pass


# --- the syntax tree ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """A quoted phrase: one pattern per word."""

    words: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AndNot:
    positive: Node
    negative: Node


@dataclass(frozen=True, slots=True)
class Near:
    left: Node
    right: Node
    distance: int
    ordered: bool


Node = Term | Or | And | AndNot | Near


# --- parsing --------------------------------------------------------------------------------------

_LEXER = re.compile(
    r"""\s*(?:
        (?P<phrase>"[^"]*"|\{[^}]*\})
      | (?P<lparen>\()
      | (?P<rparen>\))
      | (?P<near>[WwPp][/](?P<dist>\d+)|PRE/(?P<predist>\d+))
      | (?P<word>[^\s()"]+)
    )""",
    re.VERBOSE,
)
_PHRASE_WORD = re.compile(r"[\w*?]+", re.UNICODE)


def _lex(query: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    query = query.strip()
    while position < len(query):
        match = _LEXER.match(query, position)
        if not match or match.end() == position:
            raise QuerySyntaxError(f"cannot read the query at {query[position : position + 30]!r}")
        position = match.end()
        if match.group("phrase"):
            tokens.append(("phrase", match.group("phrase")[1:-1]))
        elif match.group("lparen"):
            tokens.append(("(", "("))
        elif match.group("rparen"):
            tokens.append((")", ")"))
        elif match.group("near"):
            text = match.group("near").upper()
            distance = match.group("dist") or match.group("predist")
            tokens.append(("pre" if text.startswith("P") else "w", distance))
        else:
            word = match.group("word")
            if word.upper() in ("AND", "OR", "NOT"):
                tokens.append((word.upper(), word))
            else:  # an unquoted word is a one-word phrase
                tokens.append(("phrase", word))
    return tokens


def make_term(phrase: str) -> Term:
    words = tuple(w.lower() for w in _PHRASE_WORD.findall(phrase.replace("_", " ")))
    words = tuple(w for w in words if w.strip("*?"))
    if not words:
        raise QuerySyntaxError(f"empty phrase {phrase!r}")
    return Term(words=words, text=" ".join(phrase.split()))


class _Parser:
    def __init__(self, query: str):
        self.tokens = _lex(query)
        self.position = 0

    def peek(self, offset: int = 0) -> tuple[str, str] | None:
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def parse(self) -> Node:
        node = self.and_not()
        if self.peek() is not None:
            raise QuerySyntaxError(f"unexpected {self.peek()[1]!r}")
        return node

    def and_not(self) -> Node:
        node = self.and_()
        while self._at("AND") and self._at("NOT", 1):
            self.take()
            self.take()
            node = AndNot(node, self.and_())
        return node

    def and_(self) -> Node:
        parts = [self.near()]
        while self._at("AND") and not self._at("NOT", 1):
            self.take()
            parts.append(self.near())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def near(self) -> Node:
        node = self.or_()
        while self.peek() and self.peek()[0] in ("w", "pre"):
            kind, distance = self.take()
            node = Near(node, self.or_(), int(distance), ordered=kind == "pre")
        return node

    def or_(self) -> Node:
        parts = [self.primary()]
        while self._at("OR"):
            self.take()
            parts.append(self.primary())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def primary(self) -> Node:
        token = self.peek()
        if token is None:
            raise QuerySyntaxError("the query ends too early")
        if token[0] == "(":
            self.take()
            node = self.and_not()
            if not self._at(")"):
                raise QuerySyntaxError("a parenthesis is not closed")
            self.take()
            return node
        if token[0] == "phrase":
            self.take()
            return make_term(token[1])
        raise QuerySyntaxError(f"unexpected {token[1]!r}")

    def _at(self, kind: str, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token is not None and token[0] == kind


def parse_query(query: str) -> Node:
    """The syntax tree of one query line; raises :class:`QuerySyntaxError`."""
    return _Parser(query).parse()


def terms_of(node: Node) -> list[Term]:
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Or | And):
        return [term for part in node.parts for term in terms_of(part)]
    if isinstance(node, AndNot):
        return terms_of(node.positive) + terms_of(node.negative)
    return terms_of(node.left) + terms_of(node.right)


# --- evaluation -----------------------------------------------------------------------------------


def _plural_forms(word: str) -> tuple[str, ...]:
    forms = [word, word + "s", word + "es"]
    if word.endswith("y") and len(word) > 2:
        forms.append(word[:-1] + "ies")
    return tuple(forms)


class PassageIndex:
    """The tokens of one passage, indexed for quick word-pattern look-ups, with a cache per term."""

    def __init__(self, tokens: list[Token], *, plurals: bool):
        self.tokens = tokens
        self.plurals = plurals
        self.positions: dict[str, list[int]] = {}
        for index, token in enumerate(tokens):
            self.positions.setdefault(token.text, []).append(index)
        self.vocabulary = sorted(self.positions)
        self._word_cache: dict[str, list[int]] = {}
        self._term_cache: dict[tuple[str, ...], list[Match]] = {}

    def word_positions(self, pattern: str) -> list[int]:
        cached = self._word_cache.get(pattern)
        if cached is not None:
            return cached
        found: list[int] = []
        if "?" in pattern or (pattern.startswith("*") and len(pattern) > 1):
            regex = re.compile(
                re.escape(pattern).replace(r"\*", r"\w*").replace(r"\?", r"\w") + r"\Z"
            )
            for word in self.vocabulary:
                if regex.match(word):
                    found.extend(self.positions[word])
        elif pattern.endswith("*"):
            prefix = pattern.rstrip("*")
            start = bisect.bisect_left(self.vocabulary, prefix)
            for word in self.vocabulary[start:]:
                if not word.startswith(prefix):
                    break
                found.extend(self.positions[word])
        else:
            for form in _plural_forms(pattern) if self.plurals else (pattern,):
                found.extend(self.positions.get(form, ()))
        found.sort()
        self._word_cache[pattern] = found
        return found

    def term_matches(self, term: Term) -> list[Match]:
        cached = self._term_cache.get(term.words)
        if cached is not None:
            return cached
        first, *rest = term.words
        matches: list[Match] = []
        for start in self.word_positions(first):
            position = start
            for pattern in rest:
                position += 1
                if position >= len(self.tokens) or position not in self._position_set(pattern):
                    break
            else:
                matches.append(((start, start + len(term.words)),))
        self._term_cache[term.words] = matches
        return matches

    def _position_set(self, pattern: str) -> set[int]:
        key = "\0set\0" + pattern
        cached = self._word_cache.get(key)
        if cached is None:
            cached = set(self.word_positions(pattern))
            self._word_cache[key] = cached  # type: ignore[assignment]
        return cached  # type: ignore[return-value]


def _extent(match: Match) -> Span:
    return min(span[0] for span in match), max(span[1] for span in match)


def evaluate(node: Node, index: PassageIndex) -> list[Match]:
    """The matches of ``node`` in the indexed passage; empty when it does not match."""
    if isinstance(node, Term):
        return index.term_matches(node)
    if isinstance(node, Or):
        matches: list[Match] = []
        for part in node.parts:
            matches.extend(evaluate(part, index))
            if len(matches) >= MAX_MATCHES_PER_NODE:
                break
        return matches[:MAX_MATCHES_PER_NODE]
    if isinstance(node, And):
        matches = []
        for part in node.parts:
            found = evaluate(part, index)
            if not found:
                return []
            matches.extend(found)
        return matches[:MAX_MATCHES_PER_NODE]
    if isinstance(node, AndNot):
        if evaluate(node.negative, index):
            return []
        return evaluate(node.positive, index)
    left = evaluate(node.left, index)
    if not left:
        return []
    right = evaluate(node.right, index)
    matches = []
    for a in left:
        a_start, a_end = _extent(a)
        for b in right:
            b_start, b_end = _extent(b)
            if node.ordered:
                gap = b_start - a_end
                ok = 0 <= gap <= node.distance
            else:
                gap = max(b_start - a_end, a_start - b_end)
                ok = gap <= node.distance and not (a_start < b_end and b_start < a_end)
            if ok:
                matches.append(a + b)
                if len(matches) >= MAX_MATCHES_PER_NODE:
                    return matches
    return matches


def match_query(node: Node, tokens: list[Token], *, plurals: bool = True) -> list[Match]:
    """Convenience for one query over one tokenised passage."""
    return evaluate(node, PassageIndex(tokens, plurals=plurals))


# --- the Aurora XML files -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuroraTarget:
    goal: int
    target: str  # "4.1", "4.a"
    description: str
    queries: tuple[str, ...]


def parse_aurora_xml(text: str) -> list[AuroraTarget]:
    """The targets and ``TITLE-ABS-KEY`` query lines of one Aurora v5 XML file.

    The files are the project's own copies of the published queries (shared reference data), read
    at build time only; ElementTree does not resolve external entities.
    """
    root = ElementTree.fromstring(text.lstrip("\ufeff"))  # noqa: S314
    goal = int(root.findtext("dc:identifier[@type='sdg']", namespaces=_AURORA_NS))
    targets = []
    for definition in root.iterfind(".//aqd:query-definition", _AURORA_NS):
        uri = definition.findtext("dc:identifier[@type='uri']", namespaces=_AURORA_NS) or ""
        target = uri.rstrip("/").rsplit("/", 1)[-1]
        descriptions = definition.findall(".//aqd:subquery-description", _AURORA_NS)
        description = " ".join((descriptions[0].text or "").split()) if descriptions else ""
        lines = tuple(
            " ".join((line.text or "").split())
            for line in definition.iterfind(".//aqd:query-line", _AURORA_NS)
            if line.get("field") == "TITLE-ABS-KEY" and (line.text or "").strip()
        )
        if lines:
            targets.append(AuroraTarget(goal, target, description, lines))
    return targets
