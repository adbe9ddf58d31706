"""Backup and restore of a million observations, end to end, as an operator runs them.

    .venv/bin/python benchmarks/backup.py --rows 1000000 --runs 3
    scripts/with_postgres.sh .venv/bin/python benchmarks/backup.py --rows 1000000 --runs 3

A data folder with the reference data and ``--rows`` observations (53 indicators × 104 areas ×
months, written straight in SQL, with the product's indexes) on SQLite, or on the PostgreSQL of
``DATABASE_URL``. Then, ``--runs`` times: ``verdensmaal backup FILE`` (timed, the whole command)
and ``verdensmaal restore FILE`` into a new, empty data folder (SQLite) or a new, empty database
(PostgreSQL), also the whole command: migrations, loading, sequences, the read-back of every
table against its checksum and the later migrations. On PostgreSQL the archive is also restored
into SQLite (PostgreSQL to SQLite). Prints the medians and the peak memory of the commands.
"""

import argparse
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path

FILL_ROWS = 50_000


def setup(source: Path, rows: int) -> str:
    os.environ["VERDENSMAAL_DATA_DIR"] = str(source)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verdensmaal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    fill(rows)
    return connection.vendor


def _rows(count: int, indicators: list, areas: list):
    rng = random.Random(20)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    made = 0
    for month in range(10_000):
        period = f"{2000 + month // 12}M{month % 12 + 1:02d}"
        for indicator, unit in indicators:
            for area in areas:
                if made == count:
                    return
                stamp = start + timedelta(microseconds=rng.randrange(10**12))
                value = round(rng.uniform(0, 100), 1)
                yield (indicator, area, period, "", value, unit, 0, stamp)
                made += 1


def fill(count: int) -> None:
    from django.db import connection, transaction

    from verdensmaal.areas.models import Area
    from verdensmaal.catalogue.models import Indicator
    from verdensmaal.data.models import Observation

    columns = "indicator_id, area_id, period, breakdown, value, unit, flags, updated_at"
    table = Observation._meta.db_table
    # read before COPY starts: the connection can do nothing else while it runs
    indicators = list(Indicator.objects.values_list("pk", "unit_code"))
    areas = list(Area.objects.values_list("pk", flat=True))
    rows = _rows(count, indicators, areas)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * 8)
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            adapt = connection.ops.adapt_datetimefield_value
            while batch := [(*r[:7], adapt(r[7])) for r in islice(rows, FILL_ROWS)]:
                cursor.executemany(sql, batch)
    print(f"{Observation.objects.count():,} observations in {connection.vendor}", flush=True)


def run(environment: dict, *args: str) -> tuple[float, float]:
    """The command's wall-clock time and its processor time (user and system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "verdensmaal", *args, "--verbosity", "0"],
        env=environment,
        check=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _environment(data_dir: Path, database_url: str | None) -> dict:
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment["VERDENSMAAL_DATA_DIR"] = str(data_dir)
    if database_url:
        environment["DATABASE_URL"] = database_url
    return environment


class _NewPostgresDatabase:
    def __enter__(self) -> str:
        import psycopg

        self.url = os.environ["DATABASE_URL"]
        self.name = f"restore_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')
        base, _, query = self.url.partition("?")
        return f"{base.rsplit('/', 1)[0]}/{self.name}" + (f"?{query}" if query else "")

    def __exit__(self, *exc) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def restore_into(archive: Path, work: Path, *, postgres: bool) -> tuple[float, float]:
    target = Path(tempfile.mkdtemp(dir=work))
    try:
        if postgres:
            with _NewPostgresDatabase() as url:
                return run(_environment(target, url), "restore", str(archive))
        return run(_environment(target, None), "restore", str(archive))
    finally:
        shutil.rmtree(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="vm-backup-bench-"))
    try:
        source = work / "source"
        source.mkdir()
        vendor = setup(source, options.rows)
        source_environment = _environment(source, os.environ.get("DATABASE_URL"))
        archive = work / "backup.zip"
        timings: dict[str, list[tuple[float, float]]] = {
            "backup": [],
            f"restore into {vendor}": [],
        }
        if vendor == "postgresql":
            timings["restore into sqlite"] = []
        for number in range(options.runs):
            timings["backup"].append(run(source_environment, "backup", str(archive)))
            timings[f"restore into {vendor}"].append(
                restore_into(archive, work, postgres=vendor == "postgresql")
            )
            if vendor == "postgresql":
                timings["restore into sqlite"].append(restore_into(archive, work, postgres=False))
            done = ", ".join(f"{name} {t[-1][0]:.1f} s" for name, t in timings.items())
            print(f"run {number + 1}: {done}", flush=True)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size = archive.stat().st_size / 1e6
        print(f"\n{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"{options.rows:,} observations in {vendor}; archive {size:.0f} MB")
        for name, values in timings.items():
            walls = [wall for wall, _ in values]
            cpus = [cpu for _, cpu in values]
            print(
                f"{name}: median {statistics.median(walls):.1f} s "
                f"(runs {min(walls):.1f}-{max(walls):.1f} s), "
                f"processor time {statistics.median(cpus):.1f} s"
            )
        print(f"peak memory of a command: {peak:.0f} MB")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
