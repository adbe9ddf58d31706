"""Build the project's reference files from the shared source data.

    python scripts/build_reference_data.py ../shared/data

Writes ``src/verdensmaal/reference/{sdg,areas,map}.json``; the generated files are committed
and loaded by ``verdensmaal load_reference``. The Danish texts of the goals' titles, the targets
and the global indicators come from the project's own translation beside the output,
``src/verdensmaal/reference/sdg_da.yaml``; the build stops when a code is missing there or has no
English counterpart. Sources and licences are listed in ``NOTICE.md``.
"""

import argparse
import csv
import json
import re
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parents[1] / "src" / "verdensmaal" / "reference"
DANISH = OUT / "sdg_da.yaml"

REGION_NAMES_EN = {
    "081": "North Denmark Region",
    "082": "Central Denmark Region",
    "083": "Region of Southern Denmark",
    "084": "Capital Region of Denmark",
    "085": "Region Zealand",
}

_PART = r"(\d+|[a-z])"


def _code(key: str, parts: int) -> str | None:
    """'13-a-title' -> '13.a' (targets: 2 parts; indicators: 3 parts)."""
    match = re.fullmatch("-".join([_PART] * parts) + "-title", key)
    return ".".join(match.groups()) if match else None


def _sort_key(code: str) -> tuple:
    # UN order: numbered targets before lettered ones (13.3 before 13.a).
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in code.split("."))


def load_danish(path: Path = DANISH) -> dict[str, dict[str, str]]:
    """The project's Danish texts: {"goals": {"1": ...}, "targets": {...}, "indicators": {...}}."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        kind: {str(code): " ".join(text.split()) for code, text in data[kind].items()}
        for kind in ("goals", "targets", "indicators")
    }


def _merge_danish(kind: str, items: list[dict], danish: dict[str, str], key: str = "code") -> None:
    """Put the Danish text into each item's title; stop on any code without its pair."""
    codes = {str(item[key]) for item in items}
    missing, unknown = sorted(codes - danish.keys()), sorted(danish.keys() - codes)
    if missing or unknown:
        raise SystemExit(f"{DANISH.name}, {kind}: no Danish text for {missing}; unknown {unknown}")
    for item in items:
        item["title"]["da"] = danish[str(item[key])]


def build_sdg(source: Path, danish: dict[str, dict[str, str]] | None = None) -> dict:
    danish = load_danish() if danish is None else danish
    goals = []
    with (source / "sdg" / "goals_da_en.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            goals.append(
                {
                    "number": int(row["goal"]),
                    "name": {"da": row["navn_da"], "en": row["short_en"]},
                    "title": {"da": "", "en": row["title_en"]},
                    "colour": row["color_hex"].upper(),
                }
            )
    targets_en = yaml.safe_load((source / "sdg" / "gt_en.yml").read_text(encoding="utf-8"))
    indicators_en = yaml.safe_load((source / "sdg" / "gi_en.yml").read_text(encoding="utf-8"))
    targets = sorted(
        (
            {"code": code, "title": {"da": "", "en": " ".join(text.split())}}
            for key, text in targets_en.items()
            if (code := _code(key, 2))
        ),
        key=lambda t: _sort_key(t["code"]),
    )
    indicators = sorted(
        (
            {"code": code, "title": {"da": "", "en": " ".join(text.split())}}
            for key, text in indicators_en.items()
            if (code := _code(key, 3))
        ),
        key=lambda i: _sort_key(i["code"]),
    )
    _merge_danish("goals", goals, danish["goals"], key="number")
    _merge_danish("targets", targets, danish["targets"])
    _merge_danish("indicators", indicators, danish["indicators"])
    return {"goals": goals, "targets": targets, "indicators": indicators}


def build_areas(source: Path) -> dict:
    municipalities, regions = [], {}
    with (source / "areas" / "kommuner.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            regions[row["regionskode"]] = {
                "code": row["regionskode"],
                "dagi_code": row["dagi_regionskode"],
                "name": {"da": row["region"], "en": REGION_NAMES_EN[row["regionskode"]]},
                "iso_3166_2": row["iso_3166_2_region"],
                "nuts2": row["nuts2"],
            }
            if row["er_kommune"] != "1":
                continue  # Christiansø is administered by the state, not a municipality
            municipalities.append(
                {
                    "code": row["kommunekode"].zfill(3),
                    "dagi_code": row["dagi_kode"],
                    "name": row["navn"],
                    "region": row["regionskode"],
                }
            )
    return {
        "country": {"code": "000", "name": {"da": "Hele landet", "en": "All of Denmark"}},
        "regions": sorted(regions.values(), key=lambda r: r["code"]),
        "municipalities": sorted(municipalities, key=lambda m: m["code"]),
    }


def build_map(source: Path) -> list[dict]:
    paths = json.loads((source / "geo" / "denmark_kommuner_svg_paths.json").read_text())
    return sorted(({"code": p["code"], "d": p["d"]} for p in paths), key=lambda p: p["code"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the shared data folder (../shared/data)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in {
        "sdg": build_sdg(args.source),
        "areas": build_areas(args.source),
        "map": build_map(args.source),
    }.items():
        indent = None if name == "map" else 1
        text = json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=True)
        (OUT / f"{name}.json").write_text(text + "\n", encoding="utf-8")
        print(f"wrote {OUT / name}.json")


if __name__ == "__main__":
    main()
