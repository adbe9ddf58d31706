"""Benchmark of the progress engine: every method over all municipalities x indicators x years.

    .venv/bin/python benchmarks/progress.py

Reproducible random data (NumPy seed below): 98 municipalities x 250 indicators x 16 years
(2010-2025), about 10 % of values missing, 60 % of indicators with a numeric target, a fifth of
the others with a natural limit. Reports the median of several runs of ``assess_many`` for each
method and for all three together, the SDSN index, goal dashboard and trend arrows on normalised
scores, and the cost per series of the single-series ``assess`` in a Python loop, measured on a
subset and extrapolated to the whole set. Results go to docs/benchmarks.md ("Progress engine").
"""

from __future__ import annotations

import os

# One core: keep any threaded NumPy backend to a single thread.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from verdensmaal.progress import METHODS, assess, assess_many, sdsn  # noqa: E402

SEED = 20250601
AREAS = 98
INDICATORS = 250
YEARS = np.arange(2010, 2026)
RUNS = 9
LOOP_AREAS = 4  # the single-series loop runs on 4 x 250 = 1 000 series per method


def make_data(rng: np.random.Generator):
    level = rng.lognormal(mean=3, sigma=1.5, size=INDICATORS)
    area_factor = rng.lognormal(mean=0, sigma=0.3, size=(AREAS, INDICATORS))
    growth = rng.normal(0, 0.03, size=(AREAS, INDICATORS))
    noise = rng.normal(0, 0.02, size=(AREAS, INDICATORS, YEARS.size))
    elapsed = YEARS - YEARS[0]
    values = (level * area_factor)[..., None] * np.exp(growth[..., None] * elapsed + noise)
    values[rng.random(values.shape) < 0.10] = np.nan
    direction = rng.choice(np.array(["higher", "lower"]), size=INDICATORS)
    has_target = rng.random(INDICATORS) < 0.6
    target_factor = np.where(direction == "higher", 1.5, 0.5)
    target = np.where(has_target, level * target_factor, np.nan)
    limit = np.where(~has_target & (rng.random(INDICATORS) < 0.2), level * 2, np.nan)
    return values, direction, target, limit


def median_seconds(function, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    rng = np.random.default_rng(SEED)
    values, direction, target, limit = make_data(rng)
    series = AREAS * INDICATORS
    arguments = {"direction": direction, "target": target, "limit": limit}

    def run_all():
        for method in METHODS:
            assess_many(YEARS, values, method=method, **arguments)

    print(f"{AREAS} areas x {INDICATORS} indicators x {YEARS.size} years = {series} series")
    print(f"median of {RUNS} runs, NumPy {np.__version__}")
    vectorised = {}
    for method in METHODS:
        vectorised[method] = median_seconds(
            lambda method=method: assess_many(YEARS, values, method=method, **arguments)
        )
        print(
            f"assess_many {method:8} {vectorised[method] * 1e3:8.1f} ms"
            f"  {vectorised[method] / series * 1e6:6.2f} us/series"
        )
    total = median_seconds(run_all)
    print(f"assess_many all three {total * 1e3:8.1f} ms")

    latest = values[..., -1]
    # The bounds as the product takes them: the worst and the best 2.5 % of the latest values.
    opposite = np.where(direction == "higher", "lower", "higher")
    lower = sdsn.lower_bound(latest, direction)
    upper = sdsn.lower_bound(latest, opposite)
    goals = np.arange(INDICATORS) % 17 + 1
    index_time = median_seconds(lambda: sdsn.index_scores(latest, lower, upper, goals))
    print(f"sdsn.index_scores   {index_time * 1e3:8.1f} ms")
    # Thresholds a quarter and three quarters of the way from the lower bound to the optimum.
    thresholds = {"green": lower + 0.75 * (upper - lower), "red": lower + 0.25 * (upper - lower)}
    dashboard_time = median_seconds(
        lambda: sdsn.goal_dashboard(
            latest, lower=lower, upper=upper, goal_of_indicator=goals, **thresholds
        )
    )
    print(f"sdsn.goal_dashboard {dashboard_time * 1e3:8.1f} ms")
    arrows_time = median_seconds(
        lambda: sdsn.assess_many(
            YEARS, values, direction=direction, target=thresholds["green"], lower=lower, upper=upper
        )
    )
    print(f"sdsn.assess_many, normalised scores {arrows_time * 1e3:8.1f} ms")

    subset = values[:LOOP_AREAS]
    loop_series = LOOP_AREAS * INDICATORS
    years = YEARS.tolist()
    for method in METHODS:

        def loop(method=method):
            results = []
            for area in range(LOOP_AREAS):
                for indicator in range(INDICATORS):
                    results.append(
                        assess(
                            years,
                            subset[area, indicator],
                            method=method,
                            direction=str(direction[indicator]),
                            target=target[indicator],
                            limit=limit[indicator],
                        )
                    )
            return results

        loop_time = median_seconds(loop, runs=3)
        per_series = loop_time / loop_series
        check = assess_many(YEARS, subset, method=method, **arguments).status_names()
        if [r.status for r in loop()] != check.ravel().tolist():
            raise SystemExit(f"{method}: assess and assess_many disagree")
        print(
            f"assess loop {method:8} {per_series * 1e6:6.1f} us/series"
            f" (measured on {loop_series} series; whole set extrapolated:"
            f" {per_series * series:6.2f} s) -> vectorised is"
            f" {per_series / (vectorised[method] / series):5.0f}x faster per series"
        )


if __name__ == "__main__":
    main()
