"""Benchmark of the strategy screener: accuracy on the held-out passages, speed and memory.

    .venv/bin/python benchmarks/screening.py [--runs 5] [--quick]

1. Accuracy: per-goal precision, recall, F1 and accuracy and their macro averages, per language, on
   the held-out test passages (and the dev passages the thresholds were chosen on), for the default
   mode (embed="auto") and, for comparison, terms only and embedding every passage. The language
   is detected, not given.
2. Speed: one action description of 200 words through ``classify`` (median of --runs, model
   loaded), and cold (a fresh process: import, model load, first answer).
3. A 50-page strategy: a PDF of about 16,500 words with chapters and headings (made once with
   WeasyPrint from the Danish training and dev passages, cached in var/), extracted and screened end
   to end in a fresh process: wall time (median of --runs processes), CPU time, passages, share
   embedded, peak memory (resource.getrusage maxrss).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DATA = ROOT / "benchmarks" / "data" / "screening"
LONG_PDF = ROOT / "var" / "screening-benchmark-strategy.pdf"
PAGES = 50
# A strategy page has headings, white space and pictures: about a third of a page of plain text
# in 11 pt. 330 words a page gives 50 pages of A4 in the layout below (checked by the benchmark).
WORDS_PER_PAGE = 330

ACTION_200_WORDS = (
    "Indsats 4.2: Grøn omstilling af varmeforsyningen i landsbyerne. Formål: Kommunen vil hjælpe "
    "de "
    "cirka 1.800 husstande i landsbyerne, der stadig opvarmes med oliefyr eller naturgas, med at "
    "skifte til varmepumper eller små lokale fjernvarmenet. Indsatsen skal både nedbringe "
    "udledningen af CO2 fra boligerne og gøre varmeregningen mindre for familier med lave "
    "indkomster. Aktiviteter: Kommunen tilbyder gratis energitjek af huset, rådgivning om "
    "efterisolering og hjælp til at søge tilskud fra statens puljer. I tre landsbyer undersøger vi "
    "sammen med forsyningsselskabet og de lokale borgerforeninger, om et fælles varmenet med en "
    "stor "
    "varmepumpe og solvarme kan betale sig. Målgruppe: Boligejere og lejere i landsbyer uden "
    "kollektiv varmeforsyning. Partnere: Forsyningsselskabet, Energistyrelsen, lokale håndværkere "
    "og landsbyernes borgerforeninger. Økonomi: 4,5 mio. kr. over fire år, heraf 1,5 mio. kr. fra "
    "ekstern finansiering. Mål: I 2027 er mindst 900 oliefyr og gasfyr udskiftet, og udledningen "
    "fra opvarmning af boliger i landdistrikterne er halveret i forhold til 2020. Opfølgning: "
    "Antallet af udskiftede fyr og energimærker opgøres hvert år i kommunens klimaregnskab, og "
    "resultaterne fremlægges for klima- og miljøudvalget. Ansvarlig: Center for Klima og Miljø i "
    "samarbejde med Borgerservice. Borgerne kan henvende sig til kommunens energivejledere hver "
    "tirsdag og torsdag eftermiddag eller booke et hjemmebesøg."
)


def accuracy(quick: bool) -> dict:
    from verdensmaal.screening import screen
    from verdensmaal.screening.evaluation import read_split, score

    modes = ("auto",) if quick else ("auto", "never", "always")
    results = {}
    for split in ("test", "dev"):
        for language in ("da", "en"):
            passages = read_split(DATA, language, split)
            for mode in modes:
                started = time.perf_counter()
                result = screen([p.text for p in passages], embed=mode)
                elapsed = time.perf_counter() - started
                scores = score([p.goals for p in passages], [set(r.goals) for r in result.passages])
                detected = sum(r.language == language for r in result.passages) / len(passages)
                results[f"{split}/{language}/{mode}"] = {
                    "passages": len(passages),
                    "accuracy": scores.accuracy,
                    "precision": scores.precision,
                    "recall": scores.recall,
                    "f1": scores.f1,
                    "balanced_accuracy": scores.balanced_accuracy,
                    "embedded": result.embedded_count / len(passages),
                    "language_detected": detected,
                    "seconds_per_passage": elapsed / len(passages),
                    "per_goal": [
                        {
                            "goal": g.goal,
                            "positives": g.positives,
                            "precision": g.precision,
                            "recall": g.recall,
                            "f1": g.f1,
                            "accuracy": g.accuracy,
                        }
                        for g in scores.per_goal
                    ],
                }
    return results


def action_speed(runs: int) -> dict:
    from verdensmaal.screening import classify, screen

    if not 190 <= len(ACTION_200_WORDS.split()) <= 210:
        raise ValueError("the action description must have about 200 words")
    classify(ACTION_200_WORDS)  # the model is loaded once per process; cold start is measured apart
    times, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        goals = classify(ACTION_200_WORDS)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    embedded = screen(ACTION_200_WORDS).embedded_count
    return {
        "median_seconds": statistics.median(times),
        "median_cpu_seconds": statistics.median(cpu),
        "all_seconds": [round(t, 2) for t in times],
        "runs": runs,
        "goals": sorted(goals),
        "words": len(ACTION_200_WORDS.split()),
        "passages_embedded": embedded,
    }


def cold_start() -> float:
    code = (
        "import time; t = time.perf_counter();"
        "from verdensmaal.screening import classify;"
        f"classify({ACTION_200_WORDS!r});"
        "print(time.perf_counter() - t)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return float(output.stdout.strip().splitlines()[-1])


def make_long_pdf() -> None:
    """A 50-page strategy: chapters by theme, sections with headings, paragraphs of 3-6 passages
    from the training and dev files (not the held-out ones), in both languages' Danish."""
    if LONG_PDF.exists():
        return
    from html import escape

    import weasyprint

    from verdensmaal.screening.evaluation import read_split

    rng = random.Random(2030)
    passages = [p.text for split in ("train", "dev") for p in read_split(DATA, "da", split)]
    chapters = [
        "Forord",
        "Vision og mål",
        "Klima og energi",
        "Natur, vand og miljø",
        "Sundhed og trivsel",
        "Børn, unge og uddannelse",
        "Job og erhverv",
        "Byudvikling og mobilitet",
        "Et rummeligt fællesskab",
        "Samarbejde og opfølgning",
    ]
    body, words, section = [], 0, 0
    target = PAGES * WORDS_PER_PAGE
    while words < target:
        for chapter_number, chapter in enumerate(chapters, start=1):
            body.append(f"<h1>{chapter_number}. {escape(chapter)}</h1>")
            for _ in range(rng.randint(3, 5)):
                section += 1
                body.append(f"<h2>{chapter_number}.{section} Indsatsområde {section}</h2>")
                for _ in range(rng.randint(2, 4)):
                    paragraph = " ".join(rng.sample(passages, rng.randint(3, 6)))
                    words += len(paragraph.split())
                    body.append(f"<p>{escape(paragraph)}</p>")
            if words >= target:
                break
    html = (
        "<html><head><style>@page { size: A4; margin: 2.5cm } body { font: 11pt/1.45 sans-serif }"
        "</style></head><body>" + "".join(body) + "</body></html>"
    )
    LONG_PDF.parent.mkdir(parents=True, exist_ok=True)
    weasyprint.HTML(string=html).write_pdf(LONG_PDF)


def long_document_child() -> None:
    """Run in a fresh process: extract and screen the long PDF, print JSON."""
    started = time.perf_counter()
    cpu_started = time.process_time()
    from verdensmaal.screening import extract, passages, screen

    data = LONG_PDF.read_bytes()
    blocks = extract(data, LONG_PDF.name)
    extracted = time.perf_counter()
    found = passages(blocks)
    calls = []
    result = screen(found, progress=lambda done, total: calls.append(done))
    finished = time.perf_counter()
    from pypdf import PdfReader

    print(
        json.dumps(
            {
                "seconds": finished - started,
                "cpu_seconds": time.process_time() - cpu_started,
                "extract_seconds": extracted - started,
                "pages": len(PdfReader(LONG_PDF).pages),
                "words": sum(len(p.text.split()) for p in found),
                "passages": len(found),
                "embedded": result.embedded_count,
                "goals": sorted(result.goals),
                "progress_calls": len(calls),
                "peak_memory_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def long_document(runs: int) -> dict:
    subprocess.run([sys.executable, __file__, "--make-pdf"], check=True, cwd=ROOT)
    outputs = []
    for _ in range(runs):
        output = subprocess.run(
            [sys.executable, __file__, "--long-child"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        outputs.append(json.loads(output.stdout.strip().splitlines()[-1]))
    summary = dict(outputs[0])
    summary["seconds"] = statistics.median(o["seconds"] for o in outputs)
    summary["extract_seconds"] = statistics.median(o["extract_seconds"] for o in outputs)
    summary["cpu_seconds"] = statistics.median(o["cpu_seconds"] for o in outputs)
    summary["all_seconds"] = [round(o["seconds"], 1) for o in outputs]
    summary["peak_memory_mb"] = max(o["peak_memory_mb"] for o in outputs)
    summary["runs"] = runs
    return summary


def print_report(report: dict) -> None:
    print("\nAccuracy (macro averages over the 17 goals; language detected)")
    print(
        f"{'set':<18}{'n':>5}{'acc':>8}{'prec':>8}{'rec':>8}{'F1':>8}{'bal.acc':>9}{'embedded':>10}"
    )
    for key, value in report["accuracy"].items():
        print(
            f"{key:<18}{value['passages']:>5}{value['accuracy']:>8.3f}{value['precision']:>8.3f}"
            f"{value['recall']:>8.3f}{value['f1']:>8.3f}{value['balanced_accuracy']:>9.3f}"
            f"{value['embedded']:>10.0%}"
        )
    for language in ("da", "en") if report["accuracy"] else ():
        entry = report["accuracy"][f"test/{language}/auto"]
        print(f"\nHeld-out {language}, per goal")
        print(f"{'goal':>4}{'pos':>5}{'prec':>8}{'rec':>8}{'F1':>8}{'acc':>8}")
        for g in entry["per_goal"]:
            precision = "-" if g["precision"] is None else f"{g['precision']:.2f}"
            recall = "-" if g["recall"] is None else f"{g['recall']:.2f}"
            print(
                f"{g['goal']:>4}{g['positives']:>5}{precision:>8}{recall:>8}{g['f1']:>8.2f}"
                f"{g['accuracy']:>8.3f}"
            )
    action = report["action"]
    print(
        f"\n200-word action description: {action['median_seconds']:.2f} s (median of "
        f"{action['runs']} {action['all_seconds']}; CPU {action['median_cpu_seconds']:.2f} s), "
        f"cold start {report['cold_start_seconds']:.2f} s; "
        f"goals {action['goals']}"
    )
    print(
        f"load average (1 min) {report['load_average_1min_at_start']:.1f} at the start, "
        f"{report['load_average_1min_at_end']:.1f} at the end (2 cores; above 2 the timings wait "
        "for other processes)"
    )
    if "long" in report:
        long = report["long"]
        print(
            f"{long['pages']}-page strategy ({long['words']} words, {long['passages']} passages, "
            f"{long['embedded']} embedded): {long['seconds']:.1f} s end to end (extraction "
            f"{long['extract_seconds']:.1f} s), median of {long['runs']} {long['all_seconds']}; "
            f"CPU {long['cpu_seconds']:.1f} s; peak memory {long['peak_memory_mb']:.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="accuracy in auto mode only, no PDF")
    parser.add_argument(
        "--skip-accuracy", action="store_true", help="only the speed and memory figures"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--make-pdf", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--long-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_pdf:
        make_long_pdf()
        return
    if args.long_child:
        long_document_child()
        return
    report = {
        "load_average_1min_at_start": os.getloadavg()[0],
        "accuracy": {} if args.skip_accuracy else accuracy(args.quick),
        "action": action_speed(args.runs),
    }
    report["cold_start_seconds"] = statistics.median(cold_start() for _ in range(3))
    if not args.quick:
        report["long"] = long_document(args.runs)
    report["load_average_1min_at_end"] = os.getloadavg()[0]
    report["peak_memory_mb_this_process"] = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
