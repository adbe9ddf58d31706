"""The project's committed reference files (built by ``scripts/build_reference_data.py``)."""

import json
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference"


@cache
def load(name: str):
    return json.loads((REFERENCE_DIR / f"{name}.json").read_text(encoding="utf-8"))
