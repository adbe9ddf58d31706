"""Screening passages for the SDGs they address: the signals put together, with their evidence.

For each passage:
1. the language is detected (or given);
2. the term signal: the Aurora queries and our English lists (English) or our Danish lists (Danish),
   with the words and their character offsets (``terms.py``);
3. the terms model of the combiner gives a probability per goal; where it is certain (every goal
   clearly in or out) the passage is done, otherwise (``embed="auto"``) it is embedded with
   multilingual-e5-small and compared with the goals' and targets' texts (``embedding.py``), in
   batches, and the full model decides (``combiner.py``);
4. a goal is found when its probability reaches the threshold chosen on the development set for
   that language and model; its most likely targets are ranked by their own term hits and their
   texts' similarity to the passage.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import combiner as combiner_module
from . import embedding
from .documents import Passage, split_text
from .terms import TermHit, find_terms
from .text import detect_language, language_scores, tokenize

EMBED_AUTO, EMBED_ALWAYS, EMBED_NEVER = "auto", "always", "never"
# In "auto" mode one call embeds at most this many words (about 45 s of one core): the passages the
# terms leave most uncertain first. A 200-word action is far below it; a 50-page strategy (about
# 16,500 words) has its most uncertain half embedded, so it is screened in about a minute on two
# busy cores instead of two and a half. ``screen(..., embedding_budget=None)`` lifts the cap.
EMBEDDING_WORD_BUDGET = 8000
# A goal the terms alone are sure of still needs this many distinct words behind it to skip the
# embedding: one word can mean something else ("nye veje" are new ways, not roads).
CERTAIN_TERMS = 2
# Targets listed per passage, at most.
MAX_TARGETS = 5
# A target's embedding score runs from 0 at this similarity to its text to 1 at the upper one
# (E5 puts related texts at about 0.80-0.90 and unrelated ones at 0.70-0.78).
TARGET_SIMILARITY_FLOOR = 0.78
TARGET_SIMILARITY_CEILING = 0.90
# A passage's own language clues must beat the other language's by this much to override the
# document's language (a heading or a list of names says little).
LANGUAGE_MARGIN = 3.0

SIGNAL_EMBEDDING = "embedding"

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Words in the passage that a query matched: ``text[start:end] == term``."""

    goal: int
    target: str  # "" when the query is for the goal as a whole
    term: str
    start: int
    end: int
    signal: str  # "aurora", "terms_en", "terms_da"


@dataclass(frozen=True, slots=True)
class NearestText:
    """The goal or target text the passage came closest to in meaning (the embedding signal)."""

    goal: int
    target: str
    text: str
    similarity: float
    signal: str = SIGNAL_EMBEDDING


@dataclass(frozen=True, slots=True)
class TargetScore:
    target: str
    goal: int
    score: float  # 0..1
    text: str = ""  # the target's official English text


@lru_cache(maxsize=1)
def _target_texts() -> dict[str, str]:
    path = Path(__file__).resolve().parent / "data" / "sdg_texts.json"
    return json.loads(path.read_text(encoding="utf-8"))["targets"]


@dataclass(frozen=True)
class PassageResult:
    index: int
    text: str
    headings: tuple[str, ...]
    page: int | None
    language: str
    scores: dict[int, float]  # goal -> probability 0..1, all 17 goals
    goals: frozenset[int]  # the goals found
    targets: tuple[TargetScore, ...]  # most likely targets of the goals found, best first
    evidence: tuple[Evidence, ...]  # term hits of the goals found
    nearest: tuple[NearestText, ...]  # per goal found, its closest anchor text (when embedded)
    embedded: bool
    signals: dict[int, tuple[str, ...]] = field(default_factory=dict)  # goal -> signals that fired

    @property
    def heading(self) -> str:
        return " › ".join(self.headings)

    def to_dict(self) -> dict:
        """Plain data for JSON (goals as sorted lists, goal keys as they are)."""
        return {
            "index": self.index,
            "text": self.text,
            "headings": list(self.headings),
            "page": self.page,
            "language": self.language,
            "scores": dict(self.scores),
            "goals": sorted(self.goals),
            "targets": [asdict(target) for target in self.targets],
            "evidence": [asdict(evidence) for evidence in self.evidence],
            "nearest": [asdict(nearest) for nearest in self.nearest],
            "embedded": self.embedded,
            "signals": {goal: list(signals) for goal, signals in self.signals.items()},
        }


@dataclass(frozen=True)
class ScreeningResult:
    passages: tuple[PassageResult, ...]

    @property
    def goals(self) -> frozenset[int]:
        return frozenset(goal for passage in self.passages for goal in passage.goals)

    def passages_for(self, goal: int) -> tuple[PassageResult, ...]:
        """The passages behind a goal, the most certain first."""
        found = [passage for passage in self.passages if goal in passage.goals]
        return tuple(sorted(found, key=lambda passage: -passage.scores[goal]))

    @property
    def embedded_count(self) -> int:
        return sum(passage.embedded for passage in self.passages)

    def to_dict(self) -> dict:
        return {
            "goals": sorted(self.goals),
            "passages": [passage.to_dict() for passage in self.passages],
        }


def _as_passages(source: str | Sequence[str] | Sequence[Passage]) -> list[Passage]:
    if isinstance(source, str):
        return split_text(source)
    return [item if isinstance(item, Passage) else Passage(str(item)) for item in source]


def _languages(passages: list[Passage], lang: str | None) -> list[str]:
    if lang is not None:
        if lang not in ("da", "en"):
            raise ValueError(f"unsupported language {lang!r}")
        return [lang] * len(passages)
    document = detect_language(" ".join(passage.text for passage in passages[:200]))
    result = []
    for passage in passages:
        scores = language_scores(passage.text)
        other = "en" if document == "da" else "da"
        result.append(other if scores[other] - scores[document] >= LANGUAGE_MARGIN else document)
    return result


def screen(
    source: str | Sequence[str] | Sequence[Passage],
    *,
    lang: str | None = None,
    embed: str = EMBED_AUTO,
    progress: ProgressCallback | None = None,
    embedding_budget: int | None = EMBEDDING_WORD_BUDGET,
) -> ScreeningResult:
    """Screen a text (split into passages), a list of passage texts or of :class:`Passage`.

    ``lang`` is "da" or "en", or None to detect it (per document, and per passage where a passage is
    clearly in the other language). ``embed``: "auto" embeds only the passages the terms leave
    uncertain, "always" every passage, "never" none (terms only, fastest). ``progress(done, total)``
    is called once for each passage as it is finished (``done`` counts up to ``total``): the ones
    the terms settle first, then the embedded ones batch by batch. ``embedding_budget`` caps the
    words embedded in "auto" mode (None: no cap).
    """
    if embed not in (EMBED_AUTO, EMBED_ALWAYS, EMBED_NEVER):
        raise ValueError(f"embed must be auto, always or never, not {embed!r}")
    passages = _as_passages(source)
    languages = _languages(passages, lang)
    model = combiner_module.load()
    total = len(passages)

    done = 0

    def finished(count: int) -> None:
        nonlocal done
        for _ in range(count):
            done += 1
            if progress is not None:
                progress(done, total)

    # The term stage, for every passage; a passage it settles is finished.
    term_stage = []
    candidates = []  # (margin to the threshold, index, words) of the passages to embed
    for index, (passage, language) in enumerate(zip(passages, languages, strict=True)):
        tokens = tokenize(passage.text)
        hits = find_terms(passage.text, language, tokens)
        features = combiner_module.term_features(hits, len(tokens))
        probability = model.terms.probability(features)
        term_stage.append((hits, features, probability))
        if embed == EMBED_ALWAYS or (
            embed == EMBED_AUTO and _uncertain(probability, hits, len(tokens), model)
        ):
            margin = float(np.abs(probability - model.thresholds[language]["terms"]).min())
            candidates.append((margin, index, len(tokens)))
    to_embed = _within_budget(candidates, embedding_budget if embed == EMBED_AUTO else None)
    finished(total - len(to_embed))

    # The embedding stage, in batches, for the passages the terms left open.
    similarities: dict[int, np.ndarray] = {}
    for batch_start in range(0, len(to_embed), embedding.BATCH_SIZE):
        batch = to_embed[batch_start : batch_start + embedding.BATCH_SIZE]
        vectors = embedding.embed([_embedding_input(passages[i]) for i in batch])
        for i, row in zip(batch, embedding.anchor_similarities(vectors), strict=True):
            similarities[i] = row
        finished(len(batch))

    results = []
    for index, passage in enumerate(passages):
        hits, features, probability = term_stage[index]
        language = languages[index]
        anchor_similarity = similarities.get(index)
        if anchor_similarity is not None:
            goal_similarity = embedding.goal_similarities(anchor_similarity[None, :])[0]
            full = np.hstack([features, combiner_module.embedding_features(goal_similarity)])
            probability = model.full.probability(full)
            threshold = model.thresholds[language]["full"]
        else:
            threshold = model.thresholds[language]["terms"]
        results.append(
            _passage_result(
                index, passage, language, hits, probability, threshold, anchor_similarity
            )
        )
    return ScreeningResult(tuple(results))


def _within_budget(candidates: list[tuple[float, int, int]], budget: int | None) -> list[int]:
    """The passages to embed: the most uncertain first while the words fit in the budget; ordered
    by length, so that each batch's texts (one thread each) take about as long as each other."""
    chosen, words = [], 0
    for _, index, count in sorted(candidates):
        if budget is not None and words + count > budget:
            continue
        chosen.append((count, index))
        words += count
    return [index for _, index in sorted(chosen)]


def _uncertain(probability: np.ndarray, hits: list[TermHit], word_count: int, model) -> bool:
    """Whether the terms leave the passage open: a goal between the gate's probabilities, a goal
    above them on fewer than CERTAIN_TERMS distinct words, or nothing found in a passage long enough
    to say something."""
    if ((probability > model.gate_low) & (probability < model.gate_high)).any():
        return True
    confident = np.flatnonzero(probability >= model.gate_high) + 1
    for goal in confident:
        if len({hit.term.lower() for hit in hits if hit.goal == goal}) < CERTAIN_TERMS:
            return True
    return not len(confident) and word_count >= model.gate_min_words


def _embedding_input(passage: Passage) -> str:
    return f"{passage.headings[-1]}. {passage.text}" if passage.headings else passage.text


def _passage_result(
    index: int,
    passage: Passage,
    language: str,
    hits: list[TermHit],
    probability: np.ndarray,
    threshold: float,
    anchor_similarity: np.ndarray | None,
) -> PassageResult:
    scores = {goal: round(float(probability[goal - 1]), 4) for goal in range(1, 18)}
    found = frozenset(goal for goal, score in scores.items() if score >= threshold)
    evidence = tuple(
        Evidence(hit.goal, hit.target, hit.term, hit.start, hit.end, hit.source)
        for hit in hits
        if hit.goal in found
    )
    nearest = []
    signals: dict[int, tuple[str, ...]] = {}
    table = embedding.anchors() if anchor_similarity is not None else None
    for goal in sorted(found):
        fired = sorted({hit.source for hit in hits if hit.goal == goal})
        if table is not None:
            columns = np.flatnonzero(table.goals == goal)
            best = columns[np.argmax(anchor_similarity[columns])]
            nearest.append(
                NearestText(
                    goal,
                    str(table.targets[best]),
                    str(table.texts[best]),
                    round(float(anchor_similarity[best]), 4),
                )
            )
            fired.append(SIGNAL_EMBEDDING)
        signals[goal] = tuple(fired)
    return PassageResult(
        index=index,
        text=passage.text,
        headings=passage.headings,
        page=passage.page,
        language=language,
        scores=scores,
        goals=found,
        targets=_rank_targets(found, hits, anchor_similarity, scores),
        evidence=evidence,
        nearest=tuple(nearest),
        embedded=anchor_similarity is not None,
        signals=signals,
    )


def _rank_targets(
    goals: frozenset[int],
    hits: list[TermHit],
    anchor_similarity: np.ndarray | None,
    scores: dict[int, float],
) -> tuple[TargetScore, ...]:
    """Targets of the goals found, scored by the mean of their term score (1 - 1/(1 + distinct
    words that hit the target)) and, when the passage was embedded, their embedding score."""
    if not goals:
        return ()
    words: dict[str, set[str]] = {}
    for hit in hits:
        if hit.target and hit.goal in goals:
            words.setdefault(hit.target, set()).add(hit.term.lower())
    similarity: dict[str, float] = {}
    if anchor_similarity is not None:
        table = embedding.anchors()
        for column in np.flatnonzero(np.isin(table.goals, list(goals)) & (table.targets != "")):
            similarity[str(table.targets[column])] = float(anchor_similarity[column])
    ranked = []
    for target in set(words) | set(similarity):
        goal = int(target.split(".")[0])
        parts = [1 - 1 / (1 + len(words.get(target, ())))]
        if target in similarity:
            span = TARGET_SIMILARITY_CEILING - TARGET_SIMILARITY_FLOOR
            parts.append(min(max((similarity[target] - TARGET_SIMILARITY_FLOOR) / span, 0), 1))
        score = sum(parts) / len(parts) * scores[goal]
        if score > 0:
            ranked.append(
                TargetScore(target, goal, round(score, 4), _target_texts().get(target, ""))
            )
    ranked.sort(key=lambda item: (-item.score, item.goal, item.target))
    return tuple(ranked[:MAX_TARGETS])


def classify(text: str, *, lang: str | None = None) -> set[int]:
    """The goals a passage (or a longer text, passage by passage) addresses."""
    return set(screen(text, lang=lang).goals)
