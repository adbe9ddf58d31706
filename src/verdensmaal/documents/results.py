"""Reading a stored screening result: the per-goal summary of a document, the targets it
addresses, and its passages for one goal. A plain module (no Django), tested directly.

The result is the screener's own ``ScreeningResult.to_dict()`` as it comes back from a JSON field
(docs/methods.md, "Strategy screening"): a list of passages, each with its text, headings, page,
language, a score per goal (keys turned into strings by JSON), the goals found, the most likely
targets with a score, the words behind each goal found (with character offsets) and, when the
passage was embedded, the goal or target text it came closest to.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

GOALS = tuple(range(1, 18))
# A target counts as addressed by a passage when the screener ranks it at this score or above.
# A target's score is the mean of its own word score (0.5 for one distinct word, 0.67 for two) and,
# for an embedded passage, its similarity score, times the goal's probability (a goal is found from
# a probability of 0.2-0.275 up, by language). 0.25 asks for one word of the target's own under a
# goal at twice that probability (0.5), or two words at 0.38: the passage touches the target, while
# a target ranked on its text's similarity alone, or under a goal found only faintly, stays out.
TARGET_ADDRESSED_SCORE = 0.25
# The words shown per goal in the summary, the most frequent first.
SUMMARY_WORDS = 8


@dataclass(frozen=True)
class GoalSummary:
    """How much of a document addresses one goal, and what is behind it."""

    goal: int
    passages: tuple[int, ...]  # indexes of the passages that address it, the most certain first
    share: float  # of all passages, 0..1
    words: tuple[tuple[str, int], ...]  # the words behind it and how often, the most frequent first
    targets: tuple[tuple[str, int], ...]  # targets addressed in its passages, with passage counts

    @property
    def found(self) -> bool:
        return bool(self.passages)


def _score(passage: dict, goal: int) -> float:
    scores = passage.get("scores", {})
    return float(scores.get(str(goal), scores.get(goal, 0.0)))


def passages_for(result: dict, goal: int) -> list[dict]:
    """The passages that address ``goal``, the most certain first."""
    found = [passage for passage in result.get("passages", []) if goal in passage["goals"]]
    return sorted(found, key=lambda passage: (-_score(passage, goal), passage["index"]))


def addressed_targets(passage: dict, *, minimum: float = TARGET_ADDRESSED_SCORE) -> list[str]:
    return [item["target"] for item in passage.get("targets", []) if item["score"] >= minimum]


def document_targets(result: dict) -> dict[str, list[int]]:
    """Every target the document addresses, with the indexes of the passages behind it."""
    targets: dict[str, list[int]] = {}
    for passage in result.get("passages", []):
        for code in addressed_targets(passage):
            targets.setdefault(code, []).append(passage["index"])
    return targets


def document_goals(result: dict) -> list[int]:
    return sorted({goal for passage in result.get("passages", []) for goal in passage["goals"]})


def goal_summaries(result: dict) -> list[GoalSummary]:
    """One summary per goal, 1 to 17, found or absent."""
    passages = result.get("passages", [])
    total = len(passages)
    summaries = []
    for goal in GOALS:
        behind = passages_for(result, goal)
        words: Counter[str] = Counter()
        spelling: dict[str, str] = {}
        targets: Counter[str] = Counter()
        for passage in behind:
            for hit in passage.get("evidence", []):
                if hit["goal"] == goal:
                    key = hit["term"].lower()
                    spelling.setdefault(key, hit["term"])
                    words[key] += 1
            targets.update(
                code for code in addressed_targets(passage) if code.split(".")[0] == str(goal)
            )
        summaries.append(
            GoalSummary(
                goal=goal,
                passages=tuple(passage["index"] for passage in behind),
                share=len(behind) / total if total else 0.0,
                words=tuple(
                    (spelling[key], count)
                    for key, count in sorted(words.items(), key=lambda item: (-item[1], item[0]))[
                        :SUMMARY_WORDS
                    ]
                ),
                targets=tuple(sorted(targets.items(), key=lambda item: (-item[1], item[0]))),
            )
        )
    return summaries


def languages(result: dict) -> list[str]:
    """The passages' languages, the most common first."""
    counts = Counter(passage["language"] for passage in result.get("passages", []))
    return [language for language, _count in counts.most_common()]
