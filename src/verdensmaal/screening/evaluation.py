"""Labelled passages and the per-goal measures the screener is judged by.

The passage files (benchmarks/data/screening/<language>_<split>.txt) hold one passage a line,
``goals | text``, with the goals comma-separated or ``-`` for a passage that addresses none; lines
starting with ``#`` are comments.

Per goal, every passage is a yes/no decision: precision, recall, F1 and accuracy are computed per
goal over all passages and then averaged over the 17 goals (macro averages), as in the SDG
classification literature (for example the comparison of labelling systems by Wulff, Meier and
Mata 2024, "Using novel data and ensemble models to improve automated labeling of Sustainable
Development Goals", Sustainability Science, doi:10.1007/s11625-024-01516-3), which reports per-goal
accuracy, sensitivity and specificity.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

GOALS = tuple(range(1, 18))


@dataclass(frozen=True)
class LabelledPassage:
    text: str
    goals: frozenset[int]
    language: str
    split: str


def read_passages(path: Path | str, *, language: str, split: str) -> list[LabelledPassage]:
    passages = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        labels, separator, text = line.partition(" | ")
        if not separator or not text.strip():
            raise ValueError(f"{path}:{number}: expected 'goals | text'")
        goals = frozenset() if labels.strip() == "-" else frozenset(map(int, labels.split(",")))
        if not goals <= set(GOALS):
            raise ValueError(f"{path}:{number}: unknown goal in {labels!r}")
        passages.append(LabelledPassage(text.strip(), goals, language, split))
    return passages


def read_split(directory: Path | str, language: str, split: str) -> list[LabelledPassage]:
    return read_passages(
        Path(directory) / f"{language}_{split}.txt", language=language, split=split
    )


@dataclass(frozen=True)
class GoalScores:
    goal: int
    positives: int
    precision: float | None  # None when nothing was predicted for the goal
    recall: float | None  # None when the goal has no positive passage
    f1: float
    accuracy: float


@dataclass(frozen=True)
class Scores:
    per_goal: tuple[GoalScores, ...]
    passages: int
    # Mean over goals of (recall + specificity) / 2, a measure that all-negatives cannot game.
    balanced_accuracy: float

    @property
    def accuracy(self) -> float:
        return sum(g.accuracy for g in self.per_goal) / len(self.per_goal)

    @property
    def precision(self) -> float:
        values = [g.precision for g in self.per_goal if g.precision is not None]
        return sum(values) / len(values) if values else 0.0

    @property
    def recall(self) -> float:
        values = [g.recall for g in self.per_goal if g.recall is not None]
        return sum(values) / len(values) if values else 0.0

    @property
    def f1(self) -> float:
        values = [g.f1 for g in self.per_goal if g.positives]
        return sum(values) / len(values) if values else 0.0


def score(truth: list[frozenset[int]], predicted: list[set[int] | frozenset[int]]) -> Scores:
    if len(truth) != len(predicted):
        raise ValueError("truth and predictions differ in length")
    per_goal = []
    balanced = []
    for goal in GOALS:
        tp = sum(goal in t and goal in p for t, p in zip(truth, predicted, strict=True))
        fp = sum(goal not in t and goal in p for t, p in zip(truth, predicted, strict=True))
        fn = sum(goal in t and goal not in p for t, p in zip(truth, predicted, strict=True))
        tn = len(truth) - tp - fp - fn
        precision = tp / (tp + fp) if tp + fp else None
        recall = tp / (tp + fn) if tp + fn else None
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        per_goal.append(
            GoalScores(goal, tp + fn, precision, recall, f1, (tp + tn) / len(truth) if truth else 0)
        )
        specificity = tn / (tn + fp) if tn + fp else 1.0
        balanced.append(((recall if recall is not None else 1.0) + specificity) / 2)
    return Scores(tuple(per_goal), len(truth), sum(balanced) / len(balanced))
