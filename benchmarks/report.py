"""The local review report: one PDF, and `verdensmaal report --all` for all demo members.

    .venv/bin/python benchmarks/report.py [--runs 7] [--all-runs 3]

Data: a scratch data folder with the reference data and the demo (`load_demo`: generated
observations for the 98 municipalities, the network's demo season with its members, and Vejle's
demo framework with its published local targets, actions, partners and strategies). The report
is the public one for this year, in Danish, as the web and the command make it. Measured end to
end:

* in one process, as a web worker serves the download: gathering the content (dashboard, profile,
  framework, every indicator) and drawing the PDF, with the charts' caches emptied before each
  run so that every chart is drawn anew; the first report of a process, which also computes the
  SDSN dashboard of the data version, is reported apart;
* the command as a user runs it, a new process each time:
  `verdensmaal report --municipality 630 --lang da --format pdf --output FILE`;
* `verdensmaal report --all --format pdf --output DIR` for all demo members.

Before the commands are timed, the project's modules are compiled to bytecode once
(``compileall``), as an installed package is; without it, a machine that sets
PYTHONDONTWRITEBYTECODE compiles them again in every new process (about 0.4 s).

Times are wall-clock medians; the process's CPU time is shown next to the in-process figures,
because the machine is shared (the load average is printed with the results).
"""

import argparse
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader  # a test dependency: run the benchmarks in the development venv

CODE = "630"  # Vejle: the demo framework


def setup_django() -> str:
    data_dir = tempfile.mkdtemp(prefix="vm-bench-report-")
    os.environ["VERDENSMAAL_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verdensmaal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    call_command("load_demo", verbosity=0)
    return data_dir


def one_report(language: str = "da") -> tuple[float, float, int, int]:
    """Content and PDF of Vejle's public report: wall and CPU seconds, bytes, pages."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    from verdensmaal.reports.report import municipality_by_code, render_pdf, report_content

    wall, cpu = time.perf_counter(), time.process_time()
    report = report_content(
        municipality_by_code(CODE),
        year=timezone.localdate().year,
        language=language,
        reader=AnonymousUser(),
    )
    pdf = render_pdf(report)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, len(pdf), len(PdfReader(io.BytesIO(pdf)).pages)


def empty_chart_caches() -> None:
    from verdensmaal.core import charts

    charts._line_chart.cache_clear()
    charts._ranked_chart.cache_clear()


def compile_modules() -> None:
    import verdensmaal

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(verdensmaal.__file__).parent)],
        check=True,
        capture_output=True,
    )


def command(*arguments: str) -> float:
    executable = Path(sys.executable).parent / "verdensmaal"
    start = time.perf_counter()
    subprocess.run([str(executable), "report", *arguments], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--all-runs", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from verdensmaal.reports.selectors import member_municipalities

    members = member_municipalities()
    first_wall, first_cpu, size, pages = one_report()
    walls, cpus = [], []
    for _run in range(args.runs):
        empty_chart_caches()
        wall, cpu, _size, _pages = one_report()
        walls.append(wall)
        cpus.append(cpu)
    scratch = Path(tempfile.mkdtemp(prefix="vm-bench-report-out-"))
    compile_modules()
    single = [
        command("--municipality", CODE, "--lang", "da", "--output", str(scratch / "one.pdf"))
        for _run in range(args.runs)
    ]
    every = [
        command("--all", "--lang", "da", "--output", str(scratch / f"all-{run}"))
        for run in range(args.all_runs)
    ]
    files = len(list((scratch / "all-0").iterdir()))

    print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end")  # fmt: skip
    print(f"Vejle's report: {pages} pages, {size / 1024:.0f} kB; {len(members)} demo members\n")
    print("| what | median | CPU (median) | runs |\n|---|---|---|---|")
    print(f"| one PDF, first of a process (dashboard computed) | {first_wall:.2f} s "
          f"| {first_cpu:.2f} s | 1 |")  # fmt: skip
    print(f"| one PDF in a warm process, every chart drawn anew | {statistics.median(walls):.2f} s"
          f" | {statistics.median(cpus):.2f} s | {args.runs} |")  # fmt: skip
    print(f"| `verdensmaal report --municipality {CODE}` (new process) | "
          f"{statistics.median(single):.2f} s | | {args.runs} |")  # fmt: skip
    print(f"| `verdensmaal report --all` ({files} members, new process) | "
          f"{statistics.median(every):.2f} s | | {args.all_runs} |")  # fmt: skip


if __name__ == "__main__":
    main()
