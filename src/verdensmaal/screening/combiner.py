"""The combiner: a logistic regression per (passage, goal) over the term and embedding signals.

One small model is shared by all 17 goals (the same weights for each goal, so that it cannot learn
the goal frequencies of its own training passages, and generalises to passages unlike them). It is
fitted by ``scripts/train_screening_combiner.py`` on the training split of the project's own
passages (benchmarks/data/screening/*_train.txt) with L2-regularised Newton iterations (iteratively
reweighted least squares; Hastie, Tibshirani and Friedman, The Elements of Statistical Learning,
2nd ed., section 4.4.1); the decision thresholds are chosen on the development split, per language,
to maximise the macro F1 over the goals. The weights ship in ``data/combiner.json``.

There are two models: ``full`` (terms and embedding) and ``terms`` (terms alone), the second for
passages the screener decides not to embed (see ``screen``'s ``embed`` argument).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .terms import AURORA, TERMS_DA, TERMS_EN, TermHit

DATA = Path(__file__).resolve().parent / "data"
GOALS = 17

TERM_FEATURES = (
    "aurora_terms",  # log(1 + distinct Aurora terms for the goal)
    "own_terms",  # log(1 + distinct terms from the project's own lists)
    "term_share",  # the goal's share of all distinct terms in the passage
    "term_top",  # 1 if no goal has more distinct terms
    "target_terms",  # log(1 + distinct targets of the goal with a hit)
    "log_words",  # log(1 + words in the passage): long passages collect stray terms
)
EMBEDDING_FEATURES = (
    "similarity",  # highest cosine similarity to the goal's anchors
    "similarity_gap",  # that minus the best goal's
    "similarity_z",  # standardised across the 17 goals of this passage
    "similarity_top",  # 1 for the passage's most similar goal
)
# L2 penalty of the fit (not applied to the intercept).
L2_PENALTY = 1.0
NEWTON_STEPS = 50


def term_features(hits: list[TermHit], word_count: int) -> np.ndarray:
    """(17, len(TERM_FEATURES)) for one passage."""
    aurora = np.zeros(GOALS)
    own = np.zeros(GOALS)
    targets = np.zeros(GOALS)
    seen_terms: dict[tuple[int, str], set[str]] = {}
    seen_targets: dict[int, set[str]] = {}
    for hit in hits:
        seen_terms.setdefault((hit.goal, hit.source), set()).add(hit.term.lower())
        if hit.target:
            seen_targets.setdefault(hit.goal, set()).add(hit.target)
    for (goal, source), terms in seen_terms.items():
        if source == AURORA:
            aurora[goal - 1] += len(terms)
        elif source in (TERMS_EN, TERMS_DA):
            own[goal - 1] += len(terms)
    for goal, found in seen_targets.items():
        targets[goal - 1] = len(found)
    counts = aurora + own
    total = counts.sum()
    share = counts / total if total else np.zeros(GOALS)
    top = (counts == counts.max()) & (counts > 0)
    return np.column_stack(
        [
            np.log1p(aurora),
            np.log1p(own),
            share,
            top.astype(float),
            np.log1p(targets),
            np.full(GOALS, np.log1p(word_count)),
        ]
    )


def embedding_features(goal_similarity: np.ndarray) -> np.ndarray:
    """(17, len(EMBEDDING_FEATURES)) from one passage's best similarity per goal."""
    best = goal_similarity.max()
    spread = goal_similarity.std() or 1.0
    return np.column_stack(
        [
            goal_similarity,
            goal_similarity - best,
            (goal_similarity - goal_similarity.mean()) / spread,
            (goal_similarity == best).astype(float),
        ]
    )


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -35, 35)))


@dataclass(frozen=True)
class LogisticModel:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def probability(self, x: np.ndarray) -> np.ndarray:
        return sigmoid(((x - self.mean) / self.scale) @ self.weights + self.bias)

    def to_json(self) -> dict:
        return {
            "features": list(self.features),
            "mean": self.mean.round(6).tolist(),
            "scale": self.scale.round(6).tolist(),
            "weights": self.weights.round(6).tolist(),
            "bias": round(float(self.bias), 6),
        }

    @classmethod
    def from_json(cls, data: dict) -> LogisticModel:
        return cls(
            features=tuple(data["features"]),
            mean=np.array(data["mean"]),
            scale=np.array(data["scale"]),
            weights=np.array(data["weights"]),
            bias=float(data["bias"]),
        )


def fit_logistic(
    x: np.ndarray,
    y: np.ndarray,
    features: tuple[str, ...],
    *,
    penalty: float = L2_PENALTY,
    sample_weight: np.ndarray | None = None,
) -> LogisticModel:
    """L2-regularised logistic regression by Newton's method on standardised features."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.column_stack([(x - mean) / scale, np.ones(len(x))])
    weight = np.ones(len(x)) if sample_weight is None else sample_weight
    beta = np.zeros(z.shape[1])
    ridge = np.full(z.shape[1], penalty)
    ridge[-1] = 0.0
    for _ in range(NEWTON_STEPS):
        p = sigmoid(z @ beta)
        gradient = z.T @ (weight * (p - y)) + ridge * beta
        hessian = (
            (z * (weight * p * (1 - p))[:, None]).T @ z + np.diag(ridge) + 1e-9 * np.eye(len(beta))
        )
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return LogisticModel(features, mean, scale, beta[:-1], float(beta[-1]))


@dataclass(frozen=True)
class Combiner:
    full: LogisticModel
    terms: LogisticModel
    thresholds: dict[str, dict[str, float]]  # language -> model name -> threshold
    # A passage is embedded when the terms model alone leaves some goal between these
    # probabilities (or finds nothing in a passage of at least ``gate_min_words`` words).
    gate_low: float
    gate_high: float
    gate_min_words: int

    def to_json(self) -> dict:
        return {
            "full": self.full.to_json(),
            "terms": self.terms.to_json(),
            "thresholds": self.thresholds,
            "gate": {
                "low": self.gate_low,
                "high": self.gate_high,
                "min_words": self.gate_min_words,
            },
        }

    @classmethod
    def from_json(cls, data: dict) -> Combiner:
        return cls(
            full=LogisticModel.from_json(data["full"]),
            terms=LogisticModel.from_json(data["terms"]),
            thresholds=data["thresholds"],
            gate_low=data["gate"]["low"],
            gate_high=data["gate"]["high"],
            gate_min_words=data["gate"]["min_words"],
        )


@lru_cache(maxsize=1)
def load() -> Combiner:
    return Combiner.from_json(json.loads((DATA / "combiner.json").read_text(encoding="utf-8")))
