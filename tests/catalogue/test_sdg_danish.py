"""Checks for the Danish SDG texts (src/verdensmaal/reference/sdg_da.yaml) and their merge into
sdg.json by scripts/build_reference_data.py.

Pure tests: no Django. The English codes come from the shared data folder next to the checkout
(shared/data/sdg in the nearest parent folder that has one) when it exists, otherwise from the
committed sdg.json.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "src" / "verdensmaal" / "reference"
DANISH_FILE = REFERENCE / "sdg_da.yaml"
SDG_JSON = REFERENCE / "sdg.json"
SHARED_DATA = next(
    (p / "shared" / "data" for p in REPO.parents if (p / "shared" / "data" / "sdg").is_dir()),
    REPO.parent / "shared" / "data",
)
BUILD_SCRIPT = REPO / "scripts" / "build_reference_data.py"

KINDS = ("goals", "targets", "indicators")
# Words that only an untranslated English text would contain.
ENGLISH_WORDS = re.compile(r"\b(the|and|of|with|which|through|including|proportion|number)\b", re.I)
# Names kept in their English original inside the Danish texts.
ALLOWED_ENGLISH = (
    "The future we want",
    "Aid for Trade",
    "Food Insecurity Experience Scale",
    "Enhanced Integrated Framework",
    "Financial Soundness Indicators",
    "Mountain Green Cover Index",
    "Macroeconomic Dashboard",
)


def _build_module():
    spec = importlib.util.spec_from_file_location("build_reference_data", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD = _build_module()
DANISH = BUILD.load_danish(DANISH_FILE)
SDG = json.loads(SDG_JSON.read_text(encoding="utf-8"))


def _english() -> dict[str, dict[str, str]]:
    """English texts by kind and code, from the shared source files or else from sdg.json."""
    if (SHARED_DATA / "sdg" / "gt_en.yml").is_file():
        built = BUILD.build_sdg(SHARED_DATA, DANISH)
    else:
        built = SDG
    return {
        "goals": {str(g["number"]): g["title"]["en"] for g in built["goals"]},
        "targets": {t["code"]: t["title"]["en"] for t in built["targets"]},
        "indicators": {i["code"]: i["title"]["en"] for i in built["indicators"]},
    }


ENGLISH = _english()


def _numbers_en(text: str) -> set[float]:
    """1,000 -> 1000; 1.25 -> 1.25 (English separators)."""
    return {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def _numbers_da(text: str) -> set[float]:
    """1.000 -> 1000; 1,25 -> 1.25 (Danish separators); "2./3. klasse" -> 2, 3."""
    found = re.findall(r"\d+(?:\.\d{3})*(?:,\d+)?", text)
    return {float(n.replace(".", "").replace(",", ".")) for n in found}


def test_counts_of_the_un_framework() -> None:
    assert [len(DANISH[kind]) for kind in KINDS] == [17, 169, 252]


@pytest.mark.parametrize("kind", KINDS)
def test_codes_match_the_english_set_exactly(kind: str) -> None:
    missing = sorted(ENGLISH[kind].keys() - DANISH[kind].keys())
    unknown = sorted(DANISH[kind].keys() - ENGLISH[kind].keys())
    assert not missing, f"{kind} without a Danish text: {missing}"
    assert not unknown, f"{kind} in Danish only: {unknown}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_text_is_danish_and_not_a_copy_of_the_english(kind: str) -> None:
    for code, text in DANISH[kind].items():
        assert text.strip(), f"{kind} {code}: empty"
        assert text != ENGLISH[kind][code], f"{kind} {code}: the English text copied"
        rest = text
        for name in ALLOWED_ENGLISH:
            rest = rest.replace(name, "")
        assert not ENGLISH_WORDS.search(rest), f"{kind} {code}: English words in {text!r}"


@pytest.mark.parametrize("kind", ("targets", "indicators"))
def test_numbers_are_kept_exactly(kind: str) -> None:
    for code, english in ENGLISH[kind].items():
        danish = DANISH[kind][code]
        assert _numbers_da(danish) == _numbers_en(english), f"{kind} {code}: {danish!r}"


def test_targets_with_a_year_say_inden_and_skal() -> None:
    for code, english in ENGLISH["targets"].items():
        year = re.match(r"By (20\d\d), ", english)
        if year:
            danish = DANISH["targets"][code]
            assert danish.startswith(f"Inden {year.group(1)} skal "), f"{code}: {danish!r}"


def test_repeated_indicators_have_the_same_danish_text() -> None:
    by_english = defaultdict(set)
    for code, english in ENGLISH["indicators"].items():
        by_english[english].add(DANISH["indicators"][code])
    differing = {english: texts for english, texts in by_english.items() if len(texts) > 1}
    assert not differing


def test_sdg_json_carries_the_danish_texts() -> None:
    """sdg.json is rebuilt after every change of sdg_da.yaml."""
    assert {str(g["number"]): g["title"]["da"] for g in SDG["goals"]} == DANISH["goals"]
    assert {t["code"]: t["title"]["da"] for t in SDG["targets"]} == DANISH["targets"]
    assert {i["code"]: i["title"]["da"] for i in SDG["indicators"]} == DANISH["indicators"]


@pytest.mark.skipif(not (SHARED_DATA / "sdg").is_dir(), reason=f"no {SHARED_DATA}")
def test_build_stops_when_a_danish_text_is_missing_or_unknown() -> None:
    missing = copy.deepcopy(DANISH)
    del missing["targets"]["13.2"]
    with pytest.raises(SystemExit, match=r"13\.2"):
        BUILD.build_sdg(SHARED_DATA, missing)
    unknown = copy.deepcopy(DANISH)
    unknown["indicators"]["13.2.9"] = "Ukendt"
    with pytest.raises(SystemExit, match=r"13\.2\.9"):
        BUILD.build_sdg(SHARED_DATA, unknown)


@pytest.mark.skipif(not (SHARED_DATA / "sdg").is_dir(), reason=f"no {SHARED_DATA}")
def test_build_gives_the_committed_sdg_json() -> None:
    assert BUILD.build_sdg(SHARED_DATA, DANISH) == SDG
