"""Checks for the hand-curated indicator catalogue (src/verdensmaal/reference/indicators.yaml).

Pure tests: no Django, no network. They load the YAML with PyYAML and check its shape and
its links to the UN SDG framework. The SDG codes come from the project's own generated
reference file (src/verdensmaal/reference/sdg.json) when it exists, otherwise from the
shared data folder beside the repository (../shared/data/sdg); if neither is present the
linkage tests are skipped with a reason.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = REPO / "src" / "verdensmaal" / "reference" / "indicators.yaml"
PROJECT_SDG_JSON = REPO / "src" / "verdensmaal" / "reference" / "sdg.json"
SHARED_SDG_DIR = REPO.parent / "shared" / "data" / "sdg"

MIN_INDICATORS = 40
MIN_GOALS = 14

CODE_RE = re.compile(r"^DK-[A-Z0-9]+(?:-[A-Z0-9]+)*$")
TARGET_RE = re.compile(r"^(?:[1-9]|1[0-7])\.(?:[1-9]|1[0-9]|[a-d])$")
SDG_INDICATOR_RE = re.compile(r"^(?:[1-9]|1[0-7])\.(?:[1-9]|1[0-9]|[a-d])\.[1-9]$")
TABLE_RE = re.compile(r"^[A-Z][A-Z0-9]{2,11}$")

DIRECTIONS = {"higher", "lower", "range"}
ASSESSED = {"higher", "lower"}  # the directions the progress methods assess
THRESHOLD_BASES = {"national", "eu", "international", "network"}
YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
FREQUENCIES = {"annual", "quarterly", "monthly", "election", "irregular"}
SOURCE_KINDS = {"statbank", "file"}
UNIT_CODES = {
    "percent",
    "per_1000",
    "per_100000",
    "years",
    "dkk",
    "km",
    "index",
    "ratio",
    "m2_per_person",
    "m3_per_person",
    "kg_per_person",
    "gj_per_person",
    "tonnes_co2e",
    "tonnes_co2e_per_person",
}
# Area and time are chosen by the importer, never fixed in an indicator's filters.
NOT_A_FILTER = {"OMRÅDE", "TID"}
LANGS = ("da", "en")


def _load_catalogue() -> dict:
    with CATALOGUE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


CATALOGUE_DATA = _load_catalogue()
INDICATORS = CATALOGUE_DATA["indicators"]
DENOMINATORS = CATALOGUE_DATA.get("denominators") or {}
BY_CODE = {ind.get("code", f"#{i}"): ind for i, ind in enumerate(INDICATORS)}


def _dashed_to_dotted(key: str, suffix: str = "-title") -> str:
    # "13-2-title" -> "13.2"; "9-c-1-title" -> "9.c.1"
    return key.removesuffix(suffix).replace("-", ".")


def _load_sdg_codes() -> tuple[set[str], set[str], str] | None:
    """Return (target codes, indicator codes, where they came from), or None if unavailable."""
    if PROJECT_SDG_JSON.is_file():
        data = json.loads(PROJECT_SDG_JSON.read_text(encoding="utf-8"))
        targets = {t["code"] for t in data.get("targets", [])}
        indicators = {i["code"] for i in data.get("indicators", [])}
        if targets and indicators:
            return targets, indicators, str(PROJECT_SDG_JSON)
    gt, gi = SHARED_SDG_DIR / "gt_en.yml", SHARED_SDG_DIR / "gi_en.yml"
    if gt.is_file() and gi.is_file():
        with gt.open(encoding="utf-8") as fh:
            targets = {_dashed_to_dotted(k) for k in yaml.safe_load(fh)}
        with gi.open(encoding="utf-8") as fh:
            indicators = {_dashed_to_dotted(k) for k in yaml.safe_load(fh)}
        return targets, indicators, str(SHARED_SDG_DIR)
    return None


@pytest.fixture(scope="module")
def sdg_codes() -> tuple[set[str], set[str]]:
    found = _load_sdg_codes()
    if found is None:
        pytest.skip(
            f"No SDG reference data: neither {PROJECT_SDG_JSON} nor {SHARED_SDG_DIR} "
            "(gt_en.yml, gi_en.yml) exists"
        )
    targets, indicators, _origin = found
    return targets, indicators


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _assert_bilingual(value: object, field: str) -> None:
    assert isinstance(value, dict), f"{field} must be a mapping with 'da' and 'en'"
    for lang in LANGS:
        text = value.get(lang)
        assert isinstance(text, str), f"{field}.{lang} is missing"
        assert text.strip(), f"{field}.{lang} is empty"


def _assert_filters(filters: object, field: str) -> None:
    assert isinstance(filters, dict), f"{field} must be a mapping"
    for variable, values in filters.items():
        assert isinstance(variable, str), f"{field}: variable ids are strings"
        assert variable.strip(), f"{field}: empty variable id"
        assert variable.upper() not in NOT_A_FILTER, f"{field} must not fix {variable}"
        assert isinstance(values, list), f"{field}.{variable} must be a list"
        assert values, f"{field}.{variable} is empty"
        for v in values:
            assert isinstance(v, str), f"{field}.{variable}: value {v!r} must be a quoted string"
            assert v.strip(), f"{field}.{variable}: empty value"
        assert len(values) == len(set(values)), f"{field}.{variable} repeats a value"


# --------------------------------------------------------------------- catalogue-wide


def test_catalogue_has_enough_indicators() -> None:
    assert isinstance(INDICATORS, list)
    assert len(INDICATORS) >= MIN_INDICATORS


def test_codes_are_unique() -> None:
    codes = [ind.get("code") for ind in INDICATORS]
    duplicates = sorted(c for c, n in Counter(codes).items() if n > 1)
    assert not duplicates, f"duplicate codes: {duplicates}"


def test_enough_goals_are_covered() -> None:
    goals = {int(t.split(".")[0]) for ind in INDICATORS for t in ind.get("sdg_targets", [])}
    assert len(goals) >= MIN_GOALS, f"only goals {sorted(goals)} are covered"


def test_denominators_are_well_formed() -> None:
    for name, den in DENOMINATORS.items():
        assert TABLE_RE.match(den.get("table", "")), f"denominator {name}: bad table"
        assert den.get("area_variable"), f"denominator {name}: no area_variable"
        _assert_filters(den.get("filters", {}), f"denominator {name}.filters")
        assert den.get("measure"), f"denominator {name}: no measure"


def test_unverified_entries_say_what_to_confirm() -> None:
    unverified = [ind["code"] for ind in INDICATORS if ind.get("verified") is False]
    for code in unverified:
        assert str(BY_CODE[code].get("note", "")).strip(), f"{code}: unverified without note"


# --------------------------------------------------------------------- per indicator


@pytest.mark.parametrize("code", list(BY_CODE))
def test_code_format(code: str) -> None:
    assert CODE_RE.match(code), f"{code!r} is not an uppercase DK-... code"


@pytest.mark.parametrize("code", list(BY_CODE))
def test_texts_in_both_languages(code: str) -> None:
    ind = BY_CODE[code]
    for field in ("name", "description", "unit", "comparability"):
        _assert_bilingual(ind.get(field), f"{code}.{field}")


@pytest.mark.parametrize("code", list(BY_CODE))
def test_unit_code(code: str) -> None:
    assert BY_CODE[code].get("unit_code") in UNIT_CODES


@pytest.mark.parametrize("code", list(BY_CODE))
def test_direction(code: str) -> None:
    ind = BY_CODE[code]
    direction = ind.get("direction")
    assert direction in DIRECTIONS, f"{code}: direction {direction!r}"
    if direction == "range":
        lo, hi = ind.get("range_min"), ind.get("range_max")
        assert _is_number(lo), f"{code}: range_min must be a number"
        assert _is_number(hi), f"{code}: range_max must be a number"
        assert lo < hi, f"{code}: range_min must be below range_max"
    else:
        assert "range_min" not in ind, f"{code}: range_min without direction: range"
        assert "range_max" not in ind, f"{code}: range_max without direction: range"


@pytest.mark.parametrize("code", list(BY_CODE))
def test_sdg_codes_are_well_formed(code: str) -> None:
    ind = BY_CODE[code]
    targets = ind.get("sdg_targets")
    assert isinstance(targets, list), f"{code}: sdg_targets must be a list"
    assert targets, f"{code}: informs no SDG target"
    assert len(targets) == len(set(targets)), f"{code}: repeated target"
    for t in targets:
        assert isinstance(t, str), f"{code}: target {t!r} must be a quoted string"
        assert TARGET_RE.match(t), f"{code}: target {t!r} is not like '13.2'"
    indicators = ind.get("sdg_indicators", [])
    assert isinstance(indicators, list), f"{code}: sdg_indicators must be a list"
    for i in indicators:
        assert isinstance(i, str), f"{code}: indicator {i!r} must be a quoted string"
        assert SDG_INDICATOR_RE.match(i), f"{code}: indicator {i!r} is not like '13.2.2'"


@pytest.mark.parametrize("code", list(BY_CODE))
def test_sdg_targets_exist(code: str, sdg_codes: tuple[set[str], set[str]]) -> None:
    known_targets, known_indicators = sdg_codes
    ind = BY_CODE[code]
    missing = [t for t in ind["sdg_targets"] if t not in known_targets]
    assert not missing, f"{code}: unknown SDG targets {missing}"
    missing = [i for i in ind.get("sdg_indicators", []) if i not in known_indicators]
    assert not missing, f"{code}: unknown SDG indicators {missing}"


@pytest.mark.parametrize("code", list(BY_CODE))
def test_source(code: str) -> None:
    ind = BY_CODE[code]
    source = ind.get("source")
    assert isinstance(source, dict), f"{code}: no source"
    kind = source.get("kind")
    assert kind in SOURCE_KINDS, f"{code}: source.kind {kind!r}"
    assert str(source.get("publisher", "")).strip(), f"{code}: no publisher"
    _assert_bilingual(source.get("measure"), f"{code}.source.measure")
    url = source.get("url", "")
    assert url.startswith("https://"), f"{code}: url must be an https documentation link"
    if kind == "statbank":
        table = source.get("table", "")
        assert TABLE_RE.match(table), f"{code}: table {table!r}"
        assert str(source.get("area_variable", "")).strip(), f"{code}: no area_variable"
        _assert_filters(source.get("filters", {}), f"{code}.source.filters")
        assert url == f"https://www.statistikbanken.dk/{table}", f"{code}: url {url}"
        for variable in source.get("eliminated", []):
            assert variable not in source.get("filters", {}), f"{code}: {variable} twice"
    else:
        assert str(source.get("dataset", "")).strip(), f"{code}: file source without dataset"
        assert "table" not in source, f"{code}: file source with a StatBank table"


@pytest.mark.parametrize("code", [c for c, i in BY_CODE.items() if "derived" in i["source"]])
def test_derived_ratio(code: str) -> None:
    derived = BY_CODE[code]["source"]["derived"]
    assert str(derived.get("formula", "")).strip(), f"{code}: derived without formula"
    for part in ("numerator", "denominator"):
        spec = derived.get(part)
        assert isinstance(spec, dict), f"{code}: derived.{part} missing"
        if "ref" in spec:
            assert spec["ref"] in DENOMINATORS, f"{code}: unknown denominator {spec['ref']}"
        elif "filters" in spec:
            _assert_filters(spec["filters"], f"{code}.derived.{part}.filters")
            if "table" in spec:
                assert TABLE_RE.match(spec["table"]), f"{code}: derived.{part}.table"
        else:
            assert str(spec.get("file_field", "")).strip(), f"{code}: derived.{part} is empty"


@pytest.mark.parametrize("code", list(BY_CODE))
def test_frequency_and_first_year(code: str) -> None:
    ind = BY_CODE[code]
    assert ind.get("frequency") in FREQUENCIES, f"{code}: frequency {ind.get('frequency')!r}"
    assert "first_year" in ind, f"{code}: first_year missing (use null when unknown)"
    first_year = ind["first_year"]
    if first_year is not None:
        assert isinstance(first_year, int), f"{code}: first_year must be an integer"
        assert 1900 <= first_year <= datetime.date.today().year, f"{code}: first_year"


@pytest.mark.parametrize("code", list(BY_CODE))
def test_demo_range(code: str) -> None:
    ind = BY_CODE[code]
    demo = ind.get("demo_range")
    assert isinstance(demo, list), f"{code}: demo_range must be [min, max]"
    assert len(demo) == 2, f"{code}: demo_range must be [min, max]"
    lo, hi = demo
    assert _is_number(lo), f"{code}: demo_range min must be a number"
    assert _is_number(hi), f"{code}: demo_range max must be a number"
    assert lo < hi, f"{code}: demo_range min must be below max"
    if ind["unit_code"] != "percent":
        return
    assert lo >= 0, f"{code}: negative percentage in demo_range"


@pytest.mark.parametrize("code", list(BY_CODE))
def test_verification_is_explicit(code: str) -> None:
    ind = BY_CODE[code]
    verified = ind.get("verified")
    assert isinstance(verified, bool), f"{code}: verified must be true or false"
    if verified:
        assert str(ind.get("evidence", "")).strip(), f"{code}: verified without evidence"
    else:
        assert str(ind.get("note", "")).strip(), f"{code}: unverified without a note"


@pytest.mark.parametrize("code", list(BY_CODE))
def test_thresholds(code: str) -> None:
    """Every assessed indicator has SDSN green and red thresholds with their basis and source,
    or says in both languages why it has none."""
    ind = BY_CODE[code]
    thresholds = ind.get("thresholds")
    if ind["direction"] not in ASSESSED:
        assert thresholds is None, f"{code}: thresholds on a target range are not assessed"
        return
    if thresholds is None:
        _assert_bilingual(ind.get("no_thresholds"), f"{code}.no_thresholds")
        return
    assert "no_thresholds" not in ind, f"{code}: thresholds and no_thresholds"
    assert set(thresholds) == {"green", "red", "basis", "note"}, f"{code}: {sorted(thresholds)}"
    green, red = thresholds["green"], thresholds["red"]
    assert _is_number(green) and _is_number(red), f"{code}: green and red must be numbers"
    sign = 1 if ind["direction"] == "higher" else -1
    assert sign * (green - red) > 0, f"{code}: green must be better than red"
    assert thresholds["basis"] in THRESHOLD_BASES, f"{code}: basis {thresholds['basis']!r}"
    _assert_bilingual(thresholds["note"], f"{code}.thresholds.note")
    note = thresholds["note"]
    if thresholds["basis"] == "network":
        assert "etværk" in note["da"] and "network" in note["en"], f"{code}: say it is ours"
    else:
        for lang in LANGS:
            assert YEAR_RE.search(note[lang]), f"{code}: the {lang} note names no year"


@pytest.mark.parametrize("code", list(BY_CODE))
def test_natural_limit(code: str) -> None:
    ind = BY_CODE[code]
    if "natural_limit" not in ind:
        return
    limit = ind["natural_limit"]
    assert ind["direction"] in ASSESSED, f"{code}: a natural limit needs a direction"
    assert _is_number(limit), f"{code}: natural_limit must be a number"
    sign = 1 if ind["direction"] == "higher" else -1
    lo, hi = ind["demo_range"]
    assert sign * (limit - (hi if sign > 0 else lo)) >= 0, f"{code}: demo_range passes the limit"
    thresholds = ind.get("thresholds")
    if thresholds:
        green = thresholds["green"]
        assert sign * (limit - green) >= 0, f"{code}: the green threshold lies beyond the limit"
    if ind["unit_code"] == "percent" and sign > 0:
        assert limit <= 100, f"{code}: a share cannot pass 100"
