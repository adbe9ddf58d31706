"""Strategy screening in the product, end to end: a 50-page strategy through the upload and the
background worker, one action description saved with the goals it suggests, and the pages that
show a screened strategy.

    .venv/bin/python benchmarks/documents.py [--runs 5]            # SQLite in a temporary folder
    scripts/with_postgres.sh .venv/bin/python benchmarks/documents.py   # throwaway PostgreSQL

1. The 50-page strategy PDF of benchmarks/screening.py (A4, 11 pt, about 16,800 words, made once
   with WeasyPrint) is added through the service the upload page calls (read, every check, saved,
   queued: the request's work). Then ``verdensmaal worker --once`` runs in a fresh process, as
   cron or a restarted service starts it: Django, the model's load, the extraction, the screening
   with its progress written on the way, the result stored. Meanwhile this process reads the
   document's progress every half second, as the page does when it refreshes. Timed: the upload,
   the worker process, upload to screened; the worker's peak memory (maxrss of the child process);
   the progress steps a reader saw. Median of --runs.
2. One action description of 200 words saved through ``action_update`` (what the edit form calls:
   the screening of its words, the write, the audit entry), and its screening alone; median of
   --runs after one warm-up. A short pasted text (about 250 words) added and screened in the
   request likewise.
3. The screened strategy's pages through Django's test client (the whole view and template): the
   document page with its 200-odd passages and the join to the framework, one goal's passages, the
   CSV for Danish Excel and the PDF.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.5


def _screening_benchmark():
    spec = importlib.util.spec_from_file_location(
        "screening_benchmark", ROOT / "benchmarks" / "screening.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def setup_django() -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["VERDENSMAAL_DATA_DIR"] = tempfile.mkdtemp(prefix="vm-bench-documents-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verdensmaal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages link the stylesheet


def people():
    """Vejle with an editor and a framework with one local target, as the demo has."""
    from decimal import Decimal

    from verdensmaal.accounts.models import Organisation, User
    from verdensmaal.accounts.services import organisation_create, user_create
    from verdensmaal.areas.models import Area
    from verdensmaal.catalogue.models import Indicator, Target
    from verdensmaal.frameworks.services import framework_create, local_target_create

    organisation = Organisation.objects.filter(name="Vejle Kommune").first()
    if organisation is not None:
        return organisation, User.objects.get(username="bench-editor")
    secretariat = user_create(
        actor=None, username="bench-secretariat", email="s@example.org",
        password=secrets.token_urlsafe(16), role="secretariat",
    )  # fmt: skip
    organisation = organisation_create(
        actor=secretariat, name="Vejle Kommune", kind="municipality",
        area=Area.objects.get(code="630"), cvr="29189900",
    )  # fmt: skip
    editor = user_create(
        actor=None, username="bench-editor", email="e@example.org",
        password=secrets.token_urlsafe(16), role="editor", organisation=organisation,
    )  # fmt: skip
    framework = framework_create(
        actor=editor, organisation=organisation, title_da="Målramme", start_year=2021,
        end_year=2030, sharing="public",
    )  # fmt: skip
    local_target_create(
        actor=editor, framework=framework, title_da="Mere genanvendelse",
        indicator=Indicator.objects.get(code="DK-LABY25-RECYCLING"),
        sdg_targets=[Target.objects.get(code="12.5")], baseline_year=2020,
        baseline_value=Decimal("40"), target_value=Decimal("60"), target_year=2030,
        status="adopted", sharing="public",
    )  # fmt: skip
    return organisation, editor


def long_strategy(runs: int) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from verdensmaal.documents.models import Document
    from verdensmaal.documents.services import document_create

    screening = _screening_benchmark()
    screening.make_long_pdf()
    data = screening.LONG_PDF.read_bytes()
    organisation, editor = people()
    outcomes = []
    for _ in range(runs):
        started = time.perf_counter()
        upload_cpu = time.process_time()
        document = document_create(
            actor=editor,
            organisation=organisation,
            title="Strategi",
            upload=SimpleUploadedFile("strategi.pdf", data),
        )
        uploaded = time.perf_counter()
        upload_cpu = time.process_time() - upload_cpu
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        worker = subprocess.Popen(
            [sys.executable, "-m", "verdensmaal", "worker", "--once"],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        worker_started = time.perf_counter()
        seen = []
        while worker.poll() is None:
            done, total, status = Document.objects.filter(pk=document.pk).values_list(
                "progress_done", "progress_total", "status"
            )[0]
            if status == "screening" and (not seen or seen[-1][1] != done):
                seen.append((round(time.perf_counter() - worker_started, 1), done, total))
            time.sleep(POLL_SECONDS)
        finished = time.perf_counter()
        out, err = worker.communicate()
        if worker.returncode:
            raise SystemExit(f"the worker failed:\n{out}\n{err}")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        document.refresh_from_db()
        if document.status != "done":
            raise SystemExit(f"the document was not screened: {document.status} {out}")
        outcomes.append(
            {
                "upload_seconds": uploaded - started,
                "upload_cpu_seconds": upload_cpu,
                "worker_seconds": finished - worker_started,
                "worker_cpu_seconds": cpu,
                "total_seconds": finished - started,
                "passages": document.progress_total,
                "embedded": sum(p["embedded"] for p in document.result["passages"]),
                "goals": document.goals,
                "progress_seen": seen,
            }
        )
    return {
        "runs": runs,
        "pages": _pdf_pages(screening.LONG_PDF),
        "words": sum(len(p["text"].split()) for p in document.result["passages"]),
        "passages": outcomes[0]["passages"],
        "embedded": [o["embedded"] for o in outcomes],
        "upload_seconds": statistics.median(o["upload_seconds"] for o in outcomes),
        "upload_cpu_seconds": statistics.median(o["upload_cpu_seconds"] for o in outcomes),
        "worker_seconds": statistics.median(o["worker_seconds"] for o in outcomes),
        "worker_cpu_seconds": statistics.median(o["worker_cpu_seconds"] for o in outcomes),
        "all_worker_cpu_seconds": [round(o["worker_cpu_seconds"], 1) for o in outcomes],
        "total_seconds": statistics.median(o["total_seconds"] for o in outcomes),
        "all_total_seconds": [round(o["total_seconds"], 1) for o in outcomes],
        # every worker was a child of this process: the largest child's peak resident memory
        "worker_peak_memory_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "progress_steps_seen": [len(o["progress_seen"]) for o in outcomes],
        "progress_first_run": outcomes[0]["progress_seen"],
        "document": document.pk,
    }


def _pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def action_description(runs: int) -> dict:
    from verdensmaal.frameworks.evidence import suggestion
    from verdensmaal.frameworks.models import Framework
    from verdensmaal.frameworks.services import action_create, action_update

    text = _screening_benchmark().ACTION_200_WORDS
    _organisation, editor = people()
    framework = Framework.objects.get(title_da="Målramme")
    action = action_create(actor=editor, framework=framework, title_da="Grøn varme")
    saves, alone, cpu = [], [], []
    for run in range(runs + 1):
        description = f"{text} (version {run})"  # a changed description is screened again
        started, cpu_started = time.perf_counter(), time.process_time()
        action = action_update(
            actor=editor, action=action, version=action.version, description=description
        )
        elapsed = time.perf_counter() - started
        if run:
            cpu.append(time.process_time() - cpu_started)
        started = time.perf_counter()
        suggestion(description)
        if run:  # the first is the warm-up (term lists read and compiled once per process)
            saves.append(elapsed)
            alone.append(time.perf_counter() - started)
    return {
        "runs": runs,
        "words": len(text.split()),
        "save_seconds": statistics.median(saves),
        "all_save_seconds": [round(t, 3) for t in saves],
        "save_cpu_seconds": statistics.median(cpu),
        "screening_seconds": statistics.median(alone),
        "goals": action.suggested_goals,
    }


def short_text(runs: int) -> dict:
    from verdensmaal.documents.services import document_create

    screening = _screening_benchmark()
    text = "\n\n".join([screening.ACTION_200_WORDS[:900], screening.ACTION_200_WORDS[900:1500]])
    organisation, editor = people()
    times = []
    for run in range(runs + 1):
        started = time.perf_counter()
        document = document_create(actor=editor, organisation=organisation, text=text)
        if run:
            times.append(time.perf_counter() - started)
    return {
        "runs": runs,
        "words": len(text.split()),
        "seconds": statistics.median(times),
        "status": document.status,
        "method": document.method,
    }


def pages(document_pk: int, runs: int) -> dict:
    from django.test import Client

    from verdensmaal.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="bench-editor"))
    paths = {
        "document page": f"/screening/{document_pk}/",
        "one goal's passages": f"/screening/{document_pk}/?goal=11",
        "CSV for Danish Excel": f"/screening/{document_pk}/download/csv-excel/",
        "PDF": f"/screening/{document_pk}/download/pdf/",
    }
    timings = {}
    for name, path in paths.items():
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - started)
        timings[name] = {"seconds": statistics.median(times), "bytes": len(response.content)}
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    report = {
        "database": connection.vendor,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load_average_1min_at_start": os.getloadavg()[0],
    }
    report["action"] = action_description(args.runs)
    report["short_text"] = short_text(args.runs)
    report["long"] = long_strategy(args.runs)
    report["pages"] = pages(report["long"]["document"], args.runs)
    report["load_average_1min_at_end"] = os.getloadavg()[0]
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
