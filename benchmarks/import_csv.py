"""Import a million rows shaped like real statistics through `verdensmaal import`, end to end.

    .venv/bin/python benchmarks/import_csv.py --runs 3           # SQLite in a temporary data folder
    scripts/with_postgres.sh .venv/bin/python benchmarks/import_csv.py --runs 3   # PostgreSQL

The file is what Statistics Denmark's tables give, in the long layout with breakdown columns:
the monthly indicators by area, month (2007M01-2025M12) and sex (the total, men, women); the
quarterly ones by area, quarter and sex; the annual ones by area, year (2000-2024), sex and age
group (the total and six groups), until there are a million rows. Every value is random with
three decimals, as real figures are: nearly every cell is different, so a reader that reads
each distinct cell once gains nothing from the values (the benchmark before this one repeated
its values every 100,000 rows).

Each case runs `verdensmaal import FILE` as a process of its own and times it from start to
exit; its processor time (user and system) and peak memory (maximum resident set size) come
from ``os.wait4``, and the PostgreSQL server's processor time from /proc. On a shared machine
the processor times say more than the wall time; the load average and the time of a fixed loop
of Python (the machine's speed at that moment) are printed with each run. Per run:
the file into an empty observation table (fresh), the same file again (nothing to write), the
file with every hundredth value changed (1 %: 10,000 values updated, each old value kept as a
revision), and the file with every value changed (a million updates and revisions). The table
is emptied before each run; the figures are medians over the runs.

Before timing, the project's modules are compiled to bytecode (``compileall``), as installing
the package compiles them: with PYTHONDONTWRITEBYTECODE set, as on the development machine, an
editable install would otherwise compile them at every command's start.
"""

import argparse
import compileall
import importlib.util
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

VERDENSMAAL = [sys.executable, "-m", "verdensmaal"]
MONTHS = [f"{year}M{month:02d}" for year in range(2007, 2026) for month in range(1, 13)]
QUARTERS = [f"{year}K{quarter}" for year in range(2000, 2025) for quarter in range(1, 5)]
YEARS = [str(year) for year in range(2000, 2025)]
SEXES = ["", "M", "K"]  # the total first, as StatBank's KØN: TOT, M, K
AGES = ["", "0-17", "18-24", "25-34", "35-49", "50-64", "65-"]
REFERENCE_LOOP = 10_000_000  # about 0.2 s on the development machine

CATALOGUE = """
import json
from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Indicator
print(json.dumps({
    "indicators": list(Indicator.objects.order_by("code").values_list("code", "frequency")),
    "areas": list(Area.objects.order_by("code").values_list("code", flat=True)),
}))
"""
EMPTY = """
from django.db import connection
from verdensmaal.data.models import DataImport, Observation, ObservationRevision
tables = [m._meta.db_table for m in (ObservationRevision, Observation, DataImport)]
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
    else:
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        cursor.execute("VACUUM")
"""


def run(*args: str, env: dict) -> str:
    return subprocess.run(
        [*VERDENSMAAL, *args], env=env, check=True, capture_output=True, text=True
    ).stdout


def server_processor() -> float:
    """Processor seconds spent so far by this benchmark's PostgreSQL server: the postmaster's
    own, its ended connections' (counted to it) and its running processes'. 0 when the server
    is not the throwaway cluster of scripts/with_postgres.sh (its data folder beside the socket)
    or not on this machine; other PostgreSQL servers on the machine are not counted."""
    socket = parse_qs(urlparse(os.environ.get("DATABASE_URL", "")).query).get("host", [""])[0]
    try:
        postmaster = int((Path(socket) / "data" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    ticks = 0
    for process in Path("/proc").iterdir():
        if not process.name.isdigit():
            continue
        try:
            fields = (process / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # ended meanwhile
        if int(process.name) == postmaster:
            ticks += sum(int(field) for field in fields[11:15])  # utime stime cutime cstime
        elif int(fields[1]) == postmaster:  # a server process: its own time
            ticks += sum(int(field) for field in fields[11:13])
    return ticks / os.sysconf("SC_CLK_TCK")


def reference_seconds() -> float:
    """Seconds of a fixed loop of pure Python, the best of three: the speed of the machine at
    that moment. The machine's cores are shared with other machines, and its speed varies by a
    third between hours; a case's time is comparable with another's of a similar reference."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        sum(range(REFERENCE_LOOP))
        best = min(best, time.perf_counter() - start)
    return best


def timed(args: list[str], env: dict) -> tuple[float, float, float, str]:
    """Seconds from start to exit, processor seconds (user and system) and peak memory (MB) of
    a command run as its own process."""
    start = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    output = process.stdout.read().decode() + process.stderr.read().decode()
    process.stdout.close()
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{output}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def series(catalogue: dict):
    """(indicator, periods, breakdowns) in the order the file is written."""
    by_frequency: dict[str, list[str]] = {}
    for code, frequency in catalogue["indicators"]:
        by_frequency.setdefault(frequency, []).append(code)
    for code in by_frequency.get("monthly", []):
        yield code, MONTHS, [(sex, "") for sex in SEXES]
    for code in by_frequency.get("quarterly", []):
        yield code, QUARTERS, [(sex, "") for sex in SEXES]
    for code in by_frequency.get("annual", []):
        yield code, YEARS, [(sex, age) for sex in SEXES for age in AGES]


def write_files(folder: Path, catalogue: dict, rows: int) -> tuple[Path, Path, Path, int]:
    """The file, the file with every hundredth value changed, and with every value changed."""
    rng = random.Random(2026)
    paths = [folder / name for name in ("original.csv", "one-percent.csv", "all-changed.csv")]
    outs = [path.open("w", encoding="utf-8") for path in paths]
    for out in outs:
        out.write("indicator,area,period,køn,alder,value\n")
    written = 0
    try:
        for indicator, periods, breakdowns in series(catalogue):
            for area in catalogue["areas"]:
                for period in periods:
                    for sex, age in breakdowns:
                        if written == rows:
                            return (*paths, written)
                        value = rng.uniform(0, 100_000)
                        line = f"{indicator},{area},{period},{sex},{age},"
                        outs[0].write(f"{line}{value:.3f}\n")
                        one = value + 1 if written % 100 == 0 else value
                        outs[1].write(f"{line}{one:.3f}\n")
                        outs[2].write(f"{line}{value + 0.5:.3f}\n")
                        written += 1
    finally:
        for out in outs:
            out.close()
    return (*paths, written)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "verdensmaal.settings"}
    # the project's modules compiled as an install compiles them (see the docstring)
    compileall.compile_dir(importlib.util.find_spec("verdensmaal").submodule_search_locations[0],
                           quiet=1)  # fmt: skip
    if "DATABASE_URL" not in env:
        env["VERDENSMAAL_DATA_DIR"] = tempfile.mkdtemp(prefix="vm-bench-")
    run("migrate", "--verbosity", "0", env=env)
    run("load_reference", "--verbosity", "0", env=env)
    catalogue = json.loads(run("shell", "--no-imports", "-c", CATALOGUE, env=env))
    folder = Path(tempfile.mkdtemp(prefix="vm-bench-files-"))
    try:
        measure(args, env, catalogue, folder)
    finally:
        shutil.rmtree(folder)
        if "VERDENSMAAL_DATA_DIR" in env and "DATABASE_URL" not in env:
            shutil.rmtree(env["VERDENSMAAL_DATA_DIR"])


def measure(args, env: dict, catalogue: dict, folder: Path) -> None:
    database = "postgresql" if "DATABASE_URL" in env else "sqlite"
    original, one_percent, all_changed, rows = write_files(folder, catalogue, args.rows)
    if rows < args.rows:
        raise SystemExit(f"only {rows} distinct rows can be made from the catalogue")
    command = [*VERDENSMAAL, "import", "--verbosity", "0", "--language", "en"]
    cases = {
        "fresh import": (original, f"new: {rows}, changed: 0"),
        "same file again": (original, f"new: 0, changed: 0, unchanged: {rows}"),
        "1 % of the values changed": (one_percent, f"changed: {(rows + 99) // 100},"),
        "every value changed": (all_changed, f"new: 0, changed: {rows},"),
    }
    figures: dict[str, list[tuple[float, ...]]] = {name: [] for name in cases}
    for number in range(1, args.runs + 1):
        run("shell", "--no-imports", "-c", EMPTY, env=env)
        for name, (path, expected) in cases.items():
            reference = reference_seconds()
            server = server_processor()
            seconds, processor, peak, output = timed([*command, str(path)], env)
            server = server_processor() - server
            if expected not in output:
                raise SystemExit(f"{name}: expected “{expected}” in the output, got:\n{output}")
            figures[name].append((seconds, processor, peak, server))
            print(f"run {number}, {name}: {seconds:.1f} s ({processor:.1f} s processor, "
                  f"{server:.1f} s database server), {peak:.0f} MB; load "
                  f"{os.getloadavg()[0]:.1f}, reference loop {reference:.2f} s",
                  flush=True)  # fmt: skip
    size = original.stat().st_size / 1e6
    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"\ndatabase: {database}; rows: {rows:,}; file: {size:.0f} MB; {args.runs} runs")
    print(f"machine: {os.cpu_count()} cores, {python}")
    for name, runs in figures.items():
        times = ", ".join(f"{run[0]:.1f}" for run in runs)
        median = statistics.median(run[0] for run in runs)
        processor = statistics.median(run[1] for run in runs)
        peak = max(run[2] for run in runs)
        server = statistics.median(run[3] for run in runs)
        print(f"{name}: median {median:.1f} s (runs: {times}), {processor:.1f} s processor "
              f"(+ {server:.1f} s database server); peak memory {peak:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
