"""The peer finder and the shared-ambition chart: server time on the demo data, and at ten
million observations on PostgreSQL.

    .venv/bin/python benchmarks/learning.py --runs 7
    scripts/with_postgres.sh .venv/bin/python benchmarks/learning.py --ten-million --runs 5

The demo is loaded whole (``load_demo``: the generated observations, Vejle's framework and the
learning demo, with its nine cases and the members' targets). With ``--ten-million`` (PostgreSQL
only) the observation table is then filled in SQL as in ``observations_10m.py`` (every catalogue
indicator × 104 areas × 26 years × 70 breakdowns: 10,788,960 rows with 57 indicators), the demo's
own values kept. Each page is requested through Django's test client in the process
(templates not instrumented), as the editor of Vejle; "warm" after one request (the charts and
the similar municipalities kept per data version, as in a running server), "cold" with those
caches emptied before every request as after an import (a new content version, so the shared
results miss; the charts of the process drawn anew). Median of ``--runs``, wall and processor
time of this process (the database's own time counts in the wall time only on PostgreSQL).
"""

import argparse
import os
import platform
import statistics
import tempfile
import time

PEERS = "/learning/peers/?area=630&indicator=DK-ENS-CO2E-TRANSPORT"
AMBITION = "/learning/ambition/?indicator=DK-ENS-CO2E-PERCAP"


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verdensmaal.settings")
    os.environ["VERDENSMAAL_DATA_DIR"] = tempfile.mkdtemp(prefix="vm-bench-")
    os.environ["VERDENSMAAL_ALLOWED_HOSTS"] = "testserver"  # the test client's host
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def fill_to_ten_million() -> tuple[int, float]:
    """Every indicator × area × year 2000-2025 × 70 breakdowns, the rows already there kept."""
    from django.db import connection

    from verdensmaal.areas.models import Area
    from verdensmaal.catalogue.models import Indicator
    from verdensmaal.data.models import Observation

    if connection.vendor != "postgresql":
        raise SystemExit("--ten-million runs on PostgreSQL: use scripts/with_postgres.sh")
    table = Observation._meta.db_table
    sql = f"""
        INSERT INTO {table} (indicator_id, area_id, period, breakdown, value, unit, flags,
                             updated_at)
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
        ON CONFLICT (indicator_id, area_id, period, breakdown) DO NOTHING
    """  # noqa: S608 - fixed names
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.execute(f"ANALYZE {table}")
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        (count,) = cursor.fetchone()
    return count, time.perf_counter() - start


def empty_caches() -> None:
    """As after an import: a new content version (the shared results, such as the similar
    municipalities, are computed afresh) and the charts of this process drawn anew."""
    from verdensmaal.audit.services import content_version_bump
    from verdensmaal.core import charts
    from verdensmaal.learning import charts as learning_charts

    content_version_bump()
    for cached in (charts._ranked_chart, charts._line_chart,
                   learning_charts._ambition_chart, learning_charts._evidence_chart):  # fmt: skip
        cached.cache_clear()


def timed(function, runs: int, *, cold: bool = False) -> tuple[float, float]:
    """Medians of the wall time and the processor time of this process, in seconds."""
    function()  # warm: the query plans, the dashboard of the data version
    seconds, processor = [], []
    for _ in range(runs):
        if cold:
            empty_caches()
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        seconds.append(time.perf_counter() - start)
        processor.append(time.process_time() - start_cpu)
    return statistics.median(seconds), statistics.median(processor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--ten-million", action="store_true")
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client

    from verdensmaal.accounts.models import User
    from verdensmaal.areas.models import Area
    from verdensmaal.catalogue.models import Indicator
    from verdensmaal.data.models import Observation
    from verdensmaal.learning.selectors import ambition_comparison, peer_finder
    from verdensmaal.portal.demo import demo_load

    start = time.perf_counter()
    demo_load()
    print(f"demo loaded in {time.perf_counter() - start:.0f} s")
    if args.ten_million:
        count, seconds = fill_to_ten_million()
        print(f"{count:,} observations after filling in SQL ({seconds:.0f} s)")
    else:
        print(f"{Observation.objects.count():,} observations")
    print(f"database: {connection.vendor}; machine: {os.cpu_count()} cores, "
          f"{platform.python_implementation()} {platform.python_version()}")  # fmt: skip

    editor = User.objects.get(username="redaktoer")
    client = Client()
    client.force_login(editor)

    def page(path: str):
        def get() -> None:
            if (status := client.get(path).status_code) != 200:
                raise SystemExit(f"{path} answered {status}")

        return get

    vejle = Area.objects.get(code="630")
    transport = Indicator.objects.get(code="DK-ENS-CO2E-TRANSPORT")
    co2 = Indicator.objects.get(code="DK-ENS-CO2E-PERCAP")
    reads = {
        f"peer finder page (`{PEERS}`)": page(PEERS),
        f"shared ambition page with its chart (`{AMBITION}`)": page(AMBITION),
        "peer finder, the selector alone": lambda: peer_finder(
            editor, municipality=vejle, indicator=transport
        ),
        "shared ambition, the selector alone": lambda: ambition_comparison(editor, co2),
    }
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print("| read | warm median (processor) | cold median (processor) |\n|---|---|---|")
    for name, read in reads.items():
        (warm, warm_cpu), (cold, cold_cpu) = (
            timed(read, args.runs),
            timed(read, args.runs, cold=True),
        )
        print(f"| {name} | {warm * 1000:.0f} ms ({warm_cpu * 1000:.0f}) "
              f"| {cold * 1000:.0f} ms ({cold_cpu * 1000:.0f}) |")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
