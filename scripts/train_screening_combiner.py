"""Fit the screener's combiner on the training passages; choose its thresholds on the dev passages.

    .venv/bin/python scripts/train_screening_combiner.py [--cache var/screening-embeddings.npz]

Reads benchmarks/data/screening/{da,en}_{train,dev}.txt (never *_test.txt, the held-out part),
writes src/verdensmaal/screening/data/combiner.json and prints what it chose. Passage embeddings are
cached by text in the --cache file, so a second run takes seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from verdensmaal.screening import combiner, embedding, screener  # noqa: E402
from verdensmaal.screening.evaluation import read_split, score  # noqa: E402
from verdensmaal.screening.terms import find_terms  # noqa: E402
from verdensmaal.screening.text import tokenize  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "screening"
LANGUAGES = ("da", "en")
THRESHOLDS = np.round(np.arange(0.10, 0.91, 0.025), 3)
THRESHOLD_WINDOW = 2
# Gate candidates: (low, high, min_words). The cheapest whose dev macro F1 is within this much of
# embedding every passage is chosen.
GATE_CANDIDATES = [
    (low, high, words)
    for low in (0.02, 0.05, 0.1, 0.15)
    for high in (0.6, 0.75, 0.9)
    for words in (6, 10, 15, 25, 1000)
]
GATE_TOLERANCE = 0.01


def cached_embeddings(texts: list[str], cache: Path) -> np.ndarray:
    stored: dict[str, np.ndarray] = {}
    if cache.exists():
        with np.load(cache) as data:
            stored = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    keys = [hashlib.sha256(text.encode()).hexdigest() for text in texts]
    missing = [text for key, text in zip(keys, texts, strict=True) if key not in stored]
    if missing:
        print(f"embedding {len(missing)} passages ...", flush=True)
        for key, vector in zip(
            [hashlib.sha256(t.encode()).hexdigest() for t in missing],
            embedding.embed(missing),
            strict=True,
        ):
            stored[key] = vector
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, keys=np.array(list(stored)), vectors=np.array(list(stored.values())))
    return np.array([stored[key] for key in keys])


def featurise(passages, cache: Path):
    """Per passage: term features (17, t), full features (17, t + e), labels (17,), word count,
    term hits."""
    vectors = cached_embeddings([p.text for p in passages], cache)
    goal_similarity = embedding.goal_similarities(embedding.anchor_similarities(vectors))
    rows = []
    for passage, similarity in zip(passages, goal_similarity, strict=True):
        tokens = tokenize(passage.text)
        hits = find_terms(passage.text, passage.language, tokens)
        terms = combiner.term_features(hits, len(tokens))
        full = np.hstack([terms, combiner.embedding_features(similarity)])
        labels = np.array([goal in passage.goals for goal in range(1, 18)], dtype=float)
        rows.append((terms, full, labels, len(tokens), hits))
    return rows


def best_threshold(probabilities: list[np.ndarray], passages) -> tuple[float, float]:
    """The threshold with the best macro F1 on the dev passages, averaged over its neighbours
    (THRESHOLD_WINDOW steps either side): on a small dev set the F1 curve is flat and noisy, and
    the middle of its plateau generalises better than its highest point."""
    truth = [p.goals for p in passages]
    f1 = np.array(
        [
            score(truth, [set(np.flatnonzero(p >= threshold) + 1) for p in probabilities]).f1
            for threshold in THRESHOLDS
        ]
    )
    kernel = np.ones(2 * THRESHOLD_WINDOW + 1) / (2 * THRESHOLD_WINDOW + 1)
    smoothed = np.convolve(np.pad(f1, THRESHOLD_WINDOW, mode="edge"), kernel, mode="valid")
    best = int(np.argmax(smoothed))
    return float(THRESHOLDS[best]), float(f1[best])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "screening-embeddings.npz")
    args = parser.parse_args()

    train = [p for language in LANGUAGES for p in read_split(DATA, language, "train")]
    dev = {language: read_split(DATA, language, "dev") for language in LANGUAGES}
    train_rows = featurise(train, args.cache)
    dev_rows = {language: featurise(dev[language], args.cache) for language in LANGUAGES}

    def stack(rows, column):
        return np.vstack([row[column] for row in rows])

    labels = np.concatenate([row[2] for row in train_rows])
    terms_model = combiner.fit_logistic(stack(train_rows, 0), labels, combiner.TERM_FEATURES)
    full_model = combiner.fit_logistic(
        stack(train_rows, 1), labels, combiner.TERM_FEATURES + combiner.EMBEDDING_FEATURES
    )
    for name, model in (("terms", terms_model), ("full", full_model)):
        weights = ", ".join(
            f"{feature} {weight:+.2f}"
            for feature, weight in zip(model.features, model.weights, strict=True)
        )
        print(f"{name} model: bias {model.bias:+.2f}; {weights}")

    thresholds: dict[str, dict[str, float]] = {}
    for language in LANGUAGES:
        rows = dev_rows[language]
        terms_p = [terms_model.probability(row[0]) for row in rows]
        full_p = [full_model.probability(row[1]) for row in rows]
        terms_t, terms_f1 = best_threshold(terms_p, dev[language])
        full_t, full_f1 = best_threshold(full_p, dev[language])
        thresholds[language] = {"terms": terms_t, "full": full_t}
        print(
            f"{language} dev: terms only F1 {terms_f1:.3f} at {terms_t}; "
            f"terms + embedding F1 {full_f1:.3f} at {full_t}"
        )

    # The gate: embed a passage only where the terms model is unsure.
    def gated_f1(low, high, words):
        f1s, embedded, count = [], 0, 0
        for language in LANGUAGES:
            predicted = []
            gate = SimpleNamespace(gate_low=low, gate_high=high, gate_min_words=words)
            for terms, full, _, word_count, hits in dev_rows[language]:
                p_terms = terms_model.probability(terms)
                if screener._uncertain(p_terms, hits, word_count, gate):
                    embedded += 1
                    p = full_model.probability(full)
                    t = thresholds[language]["full"]
                else:
                    p, t = p_terms, thresholds[language]["terms"]
                predicted.append(set(np.flatnonzero(p >= t) + 1))
                count += 1
            f1s.append(score([p.goals for p in dev[language]], predicted).f1)
        return float(np.mean(f1s)), embedded / count

    always, _ = gated_f1(-1.0, 2.0, 0)
    candidates = [(gated_f1(*gate), gate) for gate in GATE_CANDIDATES]
    good = [(share, -f1, gate) for (f1, share), gate in candidates if f1 >= always - GATE_TOLERANCE]
    share, negative_f1, gate = min(good)
    print(
        f"gate low {gate[0]}, high {gate[1]}, min words {gate[2]}: embeds {share:.0%} of dev "
        f"passages, macro F1 {-negative_f1:.3f} (embedding all: {always:.3f})"
    )
    result = combiner.Combiner(
        full=full_model,
        terms=terms_model,
        thresholds=thresholds,
        gate_low=gate[0],
        gate_high=gate[1],
        gate_min_words=gate[2],
    )
    path = Path(combiner.__file__).parent / "data" / "combiner.json"
    path.write_text(json.dumps(result.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
