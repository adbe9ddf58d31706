"""Random malformed input: every parser raises ImportValidationError or returns rows, never
anything else."""

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from verdensmaal.data.parsers import (
    ImportValidationError,
    JsonStatMapping,
    ObservationRow,
    parse_csv,
    parse_jsonstat,
    parse_open_sdg,
    parse_xlsx,
)

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def survives(parse, data, *args, **kwargs):
    try:
        rows = parse(data, *args, **kwargs)
    except ImportValidationError as exc:
        assert exc.errors
        for error in exc.errors:
            error.render()  # every template fits its params
        return
    assert all(isinstance(row, ObservationRow) for row in rows)


cells = st.one_of(
    st.sampled_from(
        ["A", "101", "85", "0101", "999", "2020", "2020K1", "2020M13", "1.234,5", "..", "", "x"]
    ),
    st.text(max_size=8),
)
headers = st.lists(
    st.sampled_from(
        [
            "indicator",
            "indikator",
            "area",
            "område",
            "period",
            "år",
            "value",
            "værdi",
            "unit",
            "flags",
            "sex",
            "2019",
            "2020K1",
            "",
            "value",
        ]
    ),
    min_size=0,
    max_size=7,
)


@st.composite
def csvish(draw):
    header = draw(headers)
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    rows = draw(st.lists(st.lists(cells, max_size=8), max_size=8))
    quote = draw(st.booleans())
    lines = [delimiter.join(header)] + [
        delimiter.join(f'"{c}' if quote and i == 0 else c for i, c in enumerate(row))
        for row in rows
    ]
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"])), "replace")


@FUZZ
@given(st.binary(max_size=300))
def test_csv_random_bytes(data):
    survives(parse_csv, data)


@FUZZ
@given(st.text(max_size=300))
def test_csv_random_text(text):
    survives(parse_csv, text.encode())


@FUZZ
@given(csvish())
def test_csv_random_structures(data):
    survives(parse_csv, data)
    survives(parse_open_sdg, data, indicator="X")


@FUZZ
@given(st.binary(max_size=300))
def test_open_sdg_random_bytes(data):
    survives(parse_open_sdg, data, indicator="X")


@FUZZ
@given(st.binary(max_size=300))
def test_xlsx_random_bytes(data):
    survives(parse_xlsx, data)
    survives(parse_xlsx, b"PK\x03\x04" + data)


sheet_text = st.one_of(
    st.sampled_from(["A", "101", "2020", "2020M13", "1.234,5", "..", "", "x", "value", "area"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=8),
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(sheet_text, st.integers(), st.floats(), st.none()),
            max_size=6,
        ),
        max_size=6,
    )
)
def test_xlsx_random_sheets(rows):
    # openpyxl cannot write control characters; the reader is fuzzed with raw bytes above
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    survives(parse_xlsx, buffer.getvalue())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def jsonstat_like(draw):
    ids = draw(st.lists(st.sampled_from(["OMRÅDE", "Tid", "KØN", "X"]), max_size=3, unique=True))
    sizes = [draw(st.integers(0, 3)) for _ in ids]
    dimension = {
        i: {
            "category": draw(
                st.one_of(
                    st.just({"index": [draw(cells) for _ in range(s)]}),
                    st.just({"index": {draw(cells): n for n in range(s)}}),
                    json_values,
                )
            )
        }
        for i, s in zip(ids, sizes, strict=True)
    }
    count = 1
    for s in sizes:
        count *= s
    values = draw(st.one_of(st.lists(json_values, min_size=count, max_size=count), json_values))
    dataset = {"dimension": dimension, "value": values, "status": draw(json_values)}
    if draw(st.booleans()):
        return {"version": "2.0", "class": "dataset", "id": ids, "size": sizes, **dataset}
    dimension.update({"id": ids, "size": sizes, "role": draw(json_values)})
    return {"dataset": dataset}


@FUZZ
@given(jsonstat_like())
def test_jsonstat_random_structures(document):
    survives(parse_jsonstat, json.dumps(document).encode(), JsonStatMapping("X"))


@FUZZ
@given(json_values)
def test_jsonstat_random_json(document):
    survives(parse_jsonstat, json.dumps(document).encode(), JsonStatMapping("X"))


@FUZZ
@given(st.binary(max_size=200))
def test_jsonstat_random_bytes(data):
    survives(parse_jsonstat, data, JsonStatMapping("X"))
