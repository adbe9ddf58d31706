"""Time to draw the choropleth map of the 98 municipalities, and the ranked chart beside it.

    .venv/bin/python benchmarks/map.py [--runs 50]

Realistic data from a fixed seed: a skewed indicator (log-normal, like incomes or shares) for the
98 municipalities with 5 of them missing, their Danish names, a link per municipality and a
chosen municipality with four peers highlighted. Each warm run is what a page does: classify the
values (5 quantile classes), draw the SVG and build the table rows, in Danish. The cold run is
the first map of a process: it also reads and prepares the outlines. The ranked chart is timed
three ways: the first of a process (Vega's engine starts), new data each time (Vega renders), and
the same data again (the render cache); a line chart of new data for comparison. Results go to
docs/benchmarks.md ("Map and charts").
"""

import argparse
import gzip
import os
import random
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verdensmaal.settings")

import django

django.setup()

from verdensmaal.core import reference  # noqa: E402
from verdensmaal.core.charts import line_chart, ranked_chart  # noqa: E402
from verdensmaal.core.maps import Classes, choropleth_rows, choropleth_svg  # noqa: E402

SEED = 20251130
MISSING = ("825", "563", "492", "741", "101")
CHOSEN = "630"
PEERS = {"615", "621", "607", "561"}


def make_values(rng: random.Random) -> dict[str, float | None]:
    codes = [m["code"] for m in reference.load("areas")["municipalities"]]
    values = {code: round(rng.lognormvariate(3.2, 0.35), 1) for code in codes}
    values.update(dict.fromkeys(MISSING))
    return values


def one_map(values, labels, *, language="da") -> tuple[str, list]:
    classes = Classes.numeric(values, direction="higher")
    svg = choropleth_svg(
        values,
        title="Andel af de 25-64-årige med en videregående uddannelse, 2024",
        legend_title="Procent",
        classes=classes,
        labels=labels,
        href=lambda code: f"/municipalities/{code}/",
        highlight={CHOSEN, *PEERS},
        language=language,
        unit="%",
    )
    rows = choropleth_rows(
        values, classes=classes, labels=labels, highlight={CHOSEN, *PEERS}, language=language
    )
    return svg, rows


def timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--new-runs", type=int, default=10, help="charts of new data (Vega)")
    args = parser.parse_args()
    values = make_values(random.Random(SEED))
    labels = {m["code"]: m["name"] for m in reference.load("areas")["municipalities"]}

    cold, (svg, _rows) = timed(lambda: one_map(values, labels))
    warm = [timed(lambda: one_map(values, labels))[0] for _ in range(args.runs)]
    sdsn_values = {
        code: ("green", "yellow", "orange", "red")[i % 4] for i, code in enumerate(labels)
    }
    sdsn_map = lambda: choropleth_svg(  # noqa: E731
        sdsn_values,
        title="SDG 4",
        legend_title="SDSN",
        classes=Classes.sdsn(),
        labels=labels,
        href=lambda code: f"/municipalities/{code}/",
    )
    sdsn = [timed(sdsn_map)[0] for _ in range(args.runs)]
    ranked = [(code, labels[code], value) for code, value in values.items()]
    chart = lambda: ranked_chart(ranked, highlight=CHOSEN, peers=PEERS, unit="%")  # noqa: E731
    chart_cold, chart_svg = timed(chart)
    chart_cached = [timed(chart)[0] for _ in range(args.runs)]
    rng = random.Random(SEED + 1)
    chart_new = []
    line_new = []
    for _ in range(args.new_runs):
        other = [(code, name, rng.uniform(5, 40)) for code, name, _v in ranked]
        chart_new.append(timed(lambda o=other: ranked_chart(o, highlight=CHOSEN, unit="%"))[0])
        series = {
            name: [(str(year), rng.uniform(10, 20)) for year in range(2014, 2025)]
            for name in ("Vejle", "Region Syddanmark", "Hele landet")
        }
        line_new.append(timed(lambda s=series: line_chart(s, unit="%"))[0])

    size = len(svg.encode())
    print(f"| what | median of {args.runs} | size |\n|---|---|---|")
    print(
        f"| map, numeric classes, warm (classes + SVG + table rows) | "
        f"{statistics.median(warm) * 1000:.1f} ms | {size / 1024:.0f} kB, "
        f"{len(gzip.compress(svg.encode())) / 1024:.0f} kB gzipped |"
    )
    print(f"| map, SDSN colours, warm | {statistics.median(sdsn) * 1000:.1f} ms | |")
    print(f"| map, cold: first of the process (reads the outlines) | {cold * 1000:.0f} ms | |")
    print(
        f"| ranked chart of 98, first of the process (starts Vega) | {chart_cold * 1000:.0f} ms"
        f" (one run) | {len(chart_svg.encode()) / 1024:.0f} kB |"
    )
    print(
        f"| ranked chart of 98, new data each time | {statistics.median(chart_new) * 1000:.0f} ms"
        f" ({args.new_runs} runs) | |"
    )
    cached = statistics.median(chart_cached) * 1000
    print(f"| ranked chart of 98, same data again | {cached:.2f} ms | |")
    print(
        f"| line chart, 3 series x 11 years, new data each time | "
        f"{statistics.median(line_new) * 1000:.0f} ms ({args.new_runs} runs) | |"
    )


if __name__ == "__main__":
    main()
