"""The open API's observations endpoint with ten million observations on PostgreSQL: the first
JSON page, a page deep in the cursor order, and the CSV of one indicator for all areas.

    scripts/with_postgres.sh .venv/bin/python benchmarks/api_observations.py --runs 5

The table is filled as ``observations_10m.py`` fills it (53 indicators × 104 areas × 26 years ×
70 breakdowns = 10,031,840 rows, with the product's indexes). Each request goes end to end
through Django's test client (URL routing, middleware, the API's validation, the query, the JSON
or CSV body and its ETag); the CSV's streamed body is read to its end. Median of ``--runs``
after one warm-up request.
"""

import argparse
import os
import platform
import statistics
import time

from observations_10m import fill, setup

INDICATOR = "DK-IFOR-LOWINC60"


def timed(function, runs: int) -> tuple[float, int]:
    size = function()  # warm: caches, the query plan
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup()
    from django.test import Client

    count, seconds = fill()
    print(f"{count:,} observations written in {seconds:.0f} s (SQL, indexes included)")
    print(f"machine: {os.cpu_count()} cores, {platform.python_implementation()} "
          f"{platform.python_version()}")  # fmt: skip
    client = Client()

    def get(path: str):
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        return response

    def json_page(path: str):
        return lambda: len(get(path).content)

    def csv_file(path: str):
        return lambda: sum(len(chunk) for chunk in get(path).streaming_content)

    base = f"/api/v1/observations?indicator={INDICATOR}"
    # a cursor half-way through the indicator's 189,280 rows, as a client paging along has it
    middle = get(f"{base}&limit=10000")
    for _ in range(8):
        middle = get(middle.json()["next"])
    deep = middle.json()["next"]
    reads = {
        "first page, 1,000 rows (JSON)": json_page(base),
        "first page, 10,000 rows (JSON)": json_page(f"{base}&limit=10000"),
        "a page half-way through, 10,000 rows (JSON, with a cursor)": json_page(deep),
        "the totals of all 104 areas, 2000–2025 (JSON, 2,704 rows in one page)": json_page(
            f"{base}&breakdown=&limit=10000"
        ),
        "CSV of the indicator, all areas and breakdowns (189,280 rows)": csv_file(
            f"{base}&format=csv"
        ),
    }
    print("| request | median | body |\n|---|---|---|")
    for name, read in reads.items():
        seconds, size = timed(read, args.runs)
        shown = f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"
        print(f"| {name} | {shown} | {size / 1e6:.1f} MB |")


if __name__ == "__main__":
    main()
