"""Time to draw the choropleth map of the 98 municipalities, and the ranked chart beside it.

    .venv/bin/python benchmarks/map.py [--runs 50]

Realistic data from a fixed seed: a skewed indicator (log-normal, like incomes or shares) for the
98 municipalities with 5 of them missing, their Danish names, a link per municipality and a
chosen municipality with four peers highlighted. Each warm run is what a page does: classify the
values (5 quantile classes), draw the SVG and build the table rows, in Danish. The cold run is
the first map of a process: it also reads and prepares the outlines. The ranked chart is timed
once cold (Vega renders it) and then warm (the render cache). Results go to docs/benchmarks.md
("Map and charts").
"""

import argparse
import gzip
import os
import random
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verdensmaal.settings")

import django  # noqa: E402

django.setup()

from verdensmaal.core import reference  # noqa: E402
from verdensmaal.core.charts import ranked_chart  # noqa: E402
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
    args = parser.parse_args()
    values = make_values(random.Random(SEED))
    labels = {m["code"]: m["name"] for m in reference.load("areas")["municipalities"]}

    cold, (svg, _rows) = timed(lambda: one_map(values, labels))
    warm = [timed(lambda: one_map(values, labels))[0] for _ in range(args.runs)]
    sdsn_values = {
        code: ("green", "yellow", "orange", "red")[i % 4] for i, code in enumerate(labels)
    }
    sdsn = [
        timed(
            lambda: choropleth_svg(
                sdsn_values,
                title="SDG 4",
                legend_title="SDSN",
                classes=Classes.sdsn(),
                labels=labels,
                href=lambda code: f"/municipalities/{code}/",
            )  # fmt: skip
        )[0]
        for _ in range(args.runs)
    ]
    ranked = [(code, labels[code], value) for code, value in values.items()]
    chart = lambda: ranked_chart(ranked, highlight=CHOSEN, peers=PEERS, unit="%")  # noqa: E731
    chart_cold, chart_svg = timed(chart)
    chart_warm = [timed(chart)[0] for _ in range(args.runs)]

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
        f"| ranked chart of 98, first render (Vega) | {chart_cold * 1000:.0f} ms (one run) | "
        f"{len(chart_svg.encode()) / 1024:.0f} kB |"
    )
    print(f"| ranked chart of 98, cached | {statistics.median(chart_warm) * 1000:.2f} ms | |")


if __name__ == "__main__":
    main()
