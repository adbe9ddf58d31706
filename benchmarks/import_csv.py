"""Import 1,000,000 long-form CSV rows through the product's import path, then the same file again.

    .venv/bin/python benchmarks/import_csv.py              # SQLite in a temporary data folder
    scripts/with_postgres.sh .venv/bin/python benchmarks/import_csv.py   # throwaway PostgreSQL

The path timed is the one the upload page and `verdensmaal import` use: parse the file (pure
parser), plan (check against the catalogue and diff against the database), apply (bulk insert on
SQLite, COPY on PostgreSQL, in one transaction). Each fresh run starts from an empty observation
table; the re-import runs find every row unchanged and write nothing; then 1 % of the values
change (every hundredth row), as when a source revises some figures, and are saved with their
old values kept as revisions.
"""

import argparse
import os
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path


def setup_django() -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["VERDENSMAAL_DATA_DIR"] = tempfile.mkdtemp(prefix="vm-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verdensmaal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)


def write_csv(path: Path, rows: int) -> None:
    """indicator × area × month, values with a decimal point."""
    from verdensmaal.areas.models import Area
    from verdensmaal.catalogue.models import Indicator

    indicators = list(Indicator.objects.values_list("code", flat=True))
    areas = list(Area.objects.values_list("code", flat=True))
    periods = [f"{year}M{month:02d}" for year in range(1990, 2030) for month in range(1, 13)]
    with path.open("w", encoding="utf-8") as out:
        out.write("indicator,area,period,value\n")
        written = 0
        for period in periods:
            for indicator in indicators:
                for number, area in enumerate(areas):
                    if written == rows:
                        return
                    out.write(
                        f"{indicator},{area},{period},{(written * 7919 + number) % 100000 / 100}\n"
                    )
                    written += 1
    raise SystemExit(f"only {written} distinct rows can be made")


def revised(content: bytes) -> bytes:
    """Every hundredth row's value changed."""
    lines = content.split(b"\n")
    for number in range(1, len(lines), 100):
        if lines[number]:
            head, _comma, value = lines[number].rpartition(b",")
            lines[number] = head + b"," + str(float(value) + 1).encode()
    return b"\n".join(lines)


def import_once(content: bytes) -> tuple[float, int, int]:
    from verdensmaal.data.services import import_apply, import_plan, parse_file

    start = time.perf_counter()
    rows = parse_file(content, format="csv")
    plan = import_plan(actor=None, rows=rows)
    if plan.new or plan.changed:
        import_apply(actor=None, plan=plan, source_name="benchmark.csv", format="csv")
    return time.perf_counter() - start, len(plan.new), plan.unchanged


def empty_tables() -> None:
    from django.db import connection

    from verdensmaal.data.models import DataImport, Observation, ObservationRevision

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            tables = [m._meta.db_table for m in (ObservationRevision, Observation)]
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
    else:
        ObservationRevision.objects.all().delete()
        Observation.objects.all().delete()
    DataImport.objects.all().delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    path = Path(tempfile.mkdtemp()) / "observations.csv"
    write_csv(path, args.rows)
    content = path.read_bytes()
    changed_content = revised(content)
    fresh, again, changed = [], [], []
    for _run in range(args.runs):
        empty_tables()
        seconds, new, _unchanged = import_once(content)
        if new != args.rows:
            raise SystemExit(f"expected {args.rows} new rows, got {new}")
        fresh.append(seconds)
        seconds, new, unchanged = import_once(content)
        if (new, unchanged) != (0, args.rows):
            raise SystemExit(f"the same file again gave {new} new and {unchanged} unchanged rows")
        again.append(seconds)
        seconds, new, unchanged = import_once(changed_content)
        if (new, unchanged) != (0, args.rows - args.rows // 100):
            raise SystemExit(f"the revised file gave {new} new and {unchanged} unchanged rows")
        changed.append(seconds)
    database = connection.vendor
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"database: {database}; rows: {args.rows:,}; file: {len(content) / 1e6:.0f} MB; ")
    print(f"machine: {os.cpu_count()} cores, {python}")
    for name, runs in (
        ("fresh import", fresh),
        ("same file again", again),
        ("1 % of the values revised", changed),
    ):
        listed = ", ".join(f"{seconds:.1f}" for seconds in runs)
        print(f"{name}: median {statistics.median(runs):.1f} s (runs: {listed})")
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
