"""Reading Excel workbooks: a large real one, and a small one that unpacks to very much.

    .venv/bin/python benchmarks/import_xlsx.py --rows 100000 --runs 3

Each workbook is read by the product's parser (``parse_xlsx``, as the upload page and
`verdensmaal import` read it) in a process of its own; timed from start to end of the parse,
with the process's processor time and its peak memory (VmHWM, the parse's own growth above the
process as it was before).

- a workbook as openpyxl writes it (inline strings, styles): ``--rows`` rows in the long layout
  with a sex breakdown, random values with three decimals;
- a "zip bomb": the same header, then one row repeated until the sheet unpacks to
  ``--expanded`` MB, compressed to well under 1 MB.
"""

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from openpyxl import Workbook

HEADER = ["indicator", "area", "period", "køn", "value"]
PARSE = """
import re, sys, time
from verdensmaal.data.parsers import ImportValidationError, parse_xlsx
def peak():
    return int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
data = open(sys.argv[1], "rb").read()
before, start, processor = peak(), time.perf_counter(), time.process_time()
try:
    outcome = f"{len(parse_xlsx(data))} rows"
except ImportValidationError as error:
    outcome = f"refused: {error.errors[0].code}"
print(time.perf_counter() - start, time.process_time() - processor, peak() - before, outcome)
"""


def large(path: Path, rows: int) -> None:
    rng = random.Random(2026)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append(HEADER)
    areas = [101 + n for n in range(98)]
    written = 0
    for year in range(1950, 2100):
        for month in range(1, 13):
            for area in areas:
                for sex in ("", "M", "K"):
                    if written == rows:
                        book.save(path)
                        return
                    sheet.append(["DK-IFOR-LOWINC60", area, f"{year}M{month:02d}", sex,
                                  round(rng.uniform(0, 100_000), 3)])  # fmt: skip
                    written += 1
    raise SystemExit("too many rows asked for")


def bomb(path: Path, expanded_mb: int) -> None:
    book = Workbook()
    book.active.append(HEADER)
    plain = io.BytesIO()
    book.save(plain)
    cells = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in HEADER)
    row = (
        b'<row><c t="inlineStr"><is><t>DK-IFOR-LOWINC60</t></is></c><c><v>101</v></c>'
        b'<c t="inlineStr"><is><t>2020M01</t></is></c><c t="inlineStr"><is><t>M</t></is></c>'
        b"<c><v>1.5</v></c></row>"
    ) * 2000
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, source.read(item.filename))
                continue
            with target.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                    b'main"><sheetData><row>' + cells.encode() + b"</row>"
                )
                written = 0
                while written < expanded_mb * 1024 * 1024:
                    sheet.write(row)
                    written += len(row)
                sheet.write(b"</sheetData></worksheet>")


def measure(path: Path, runs: int) -> list[tuple[float, float, float, str]]:
    results = []
    for _run in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PARSE, str(path)], check=True, capture_output=True, text=True
        ).stdout.split(maxsplit=3)
        results.append((float(out[0]), float(out[1]), float(out[2]), out[3].strip()))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--expanded", type=int, default=800, help="MB the bomb unpacks to")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="vm-xlsx-"))
    try:
        cases = {
            f"{args.rows:,} rows": (folder / "large.xlsx", lambda p: large(p, args.rows)),
            f"a bomb unpacking to {args.expanded} MB": (
                folder / "bomb.xlsx",
                lambda p: bomb(p, args.expanded),
            ),
        }
        print(f"machine: {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}")
        for name, (path, make) in cases.items():
            make(path)
            results = measure(path, args.runs)
            seconds = statistics.median(r[0] for r in results)
            processor = statistics.median(r[1] for r in results)
            peak = max(r[2] for r in results)
            print(
                f"{name} ({path.stat().st_size / 1e6:.2f} MB on disk): median {seconds:.2f} s "
                f"(runs: {', '.join(f'{r[0]:.2f}' for r in results)}), {processor:.2f} s "
                f"processor, peak memory +{peak:.0f} MB; {results[0][3]}"
            )
    finally:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
