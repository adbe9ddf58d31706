"""Reads with ten million observations on PostgreSQL: the pages and exports that read by
indicator and by area.

    scripts/with_postgres.sh .venv/bin/python benchmarks/observations_10m.py

The observation table is filled straight in SQL (not through the importer, which
`import_csv.py` measures): every catalogue indicator × the 104 areas × 26 years (2000-2025) ×
70 breakdowns (the total and 23 age groups × 3 sexes) = 10,031,840 rows, with the product's own
indexes. Then each read is timed in the process, through Django's test client for pages (chart
caches warm, one request first) and through the selectors for exports. Median of ``--runs``.
"""

import argparse
import os
import platform
import statistics
import tempfile
import time

PAGES = {
    "indicator page: Vejle, its region and Denmark, with the chart": (
        "/indicators/DK-IFOR-LOWINC60/?area=630"
    ),
    "progress on the 17 goals (Vejle), all indicators × 98 municipalities": (
        "/progress/municipalities/630/"
    ),
    "comparison of 98 municipalities, 3 methods": "/progress/indicators/DK-IFOR-LOWINC60/",
    "municipality page (Vejle)": "/municipalities/630/",
}


def setup() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("run with scripts/with_postgres.sh: this benchmark is for PostgreSQL")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verdensmaal.settings")
    os.environ["VERDENSMAAL_DATA_DIR"] = tempfile.mkdtemp(prefix="vm-bench-")  # static files
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host is allowed
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def fill() -> tuple[int, float]:
    from django.db import connection

    from verdensmaal.areas.models import Area
    from verdensmaal.catalogue.models import Indicator
    from verdensmaal.data.models import Observation

    sql = f"""
        INSERT INTO {Observation._meta.db_table}
            (indicator_id, area_id, period, breakdown, value, unit, flags, updated_at)
        SELECT i.id, a.id, y::text, b.key, round((random() * 100)::numeric, 1), i.unit_code, 0,
               now()
        FROM {Indicator._meta.db_table} i
        CROSS JOIN {Area._meta.db_table} a
        CROSS JOIN generate_series(2000, 2025) AS y
        CROSS JOIN (
            SELECT '' AS key
            UNION ALL
            SELECT 'age=' || g * 5 || '-' || g * 5 + 4 || ';sex=' || s
            FROM generate_series(0, 22) AS g CROSS JOIN unnest(ARRAY['F', 'M', 'T']) AS s
        ) b
    """  # noqa: S608 - fixed names
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Observation._meta.db_table} CASCADE")
        cursor.execute(sql)
        cursor.execute(f"ANALYZE {Observation._meta.db_table}")
        cursor.execute(f"SELECT count(*) FROM {Observation._meta.db_table}")  # noqa: S608
        (count,) = cursor.fetchone()
    return count, time.perf_counter() - start


def timed(function, runs: int) -> float:
    function()  # warm: caches, the query plan
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup()
    from django.test import Client

    from verdensmaal.areas.models import Area
    from verdensmaal.catalogue.models import Indicator
    from verdensmaal.data.selectors import observations, selection

    count, seconds = fill()
    print(f"{count:,} observations written in {seconds:.0f} s (SQL, indexes included)")
    print(f"machine: {os.cpu_count()} cores, {platform.python_implementation()} "
          f"{platform.python_version()}")  # fmt: skip
    client = Client()

    def page(path: str):
        def get() -> None:
            if (status := client.get(path).status_code) != 200:
                raise SystemExit(f"{path} answered {status}")

        return get

    indicator = Indicator.objects.get(code="DK-IFOR-LOWINC60")
    vejle = Area.objects.get(code="630")
    reads = {
        "export of one indicator, all areas and breakdowns (189,280 rows)": lambda: sum(
            1 for _ in observations(selection(indicators=[indicator]))
        ),
        "export of one area, all indicators and breakdowns": lambda: sum(
            1 for _ in observations(selection(indicators=Indicator.objects.all(), areas=[vejle]))
        ),
        "one indicator for one area, 2015-2025": lambda: sum(
            1
            for _ in observations(
                selection(
                    indicators=[indicator], areas=[vejle], period_from="2015", period_to="2025"
                )
            )
        ),
    }
    print("| read | median |\n|---|---|")
    for name, path in PAGES.items():
        print(f"| {name} (`{path}`) | {timed(page(path), args.runs) * 1000:.0f} ms |")
    for name, read in reads.items():
        print(f"| {name} | {timed(read, args.runs) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
