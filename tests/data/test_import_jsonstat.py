import json
from decimal import Decimal

import pytest

from verdensmaal.data.parsers import ImportValidationError, JsonStatMapping, parse_jsonstat


def errors_of(data, mapping, **options):
    with pytest.raises(ImportValidationError) as info:
        parse_jsonstat(data, mapping, **options)
    return [(e.row, e.column, e.code) for e in info.value.errors]


def test_statbank_v1_recorded_response(fixture_bytes):
    rows = parse_jsonstat(
        fixture_bytes("statbank/folk1a_data_jsonstat_en.json"), JsonStatMapping("FOLK1A")
    )
    (row,) = rows
    assert (row.area, row.period, row.value, row.unit, row.disaggregation) == (
        "000",
        "2020Q1",
        Decimal("5822763"),
        "number",
        (),
    )


def test_statbank_v1_bare_dataset_with_breakdowns(fixture_bytes):
    rows = parse_jsonstat(
        fixture_bytes("statbank/bef5_data_jsonstat_dataset_en.json"),
        JsonStatMapping("BEF5", area=None),
    )
    # KØN(M,K) x FODLAND(5101,5104) x Tid(2018,2019), row-major, last fastest
    assert [(r.row, r.disaggregation, r.period, r.value) for r in rows][:3] == [
        (1, (("FODLAND", "5101"), ("KØN", "M")), "2018", Decimal(7016)),
        (2, (("FODLAND", "5101"), ("KØN", "M")), "2019", Decimal(7095)),
        (3, (("FODLAND", "5104"), ("KØN", "M")), "2018", Decimal(1266)),
    ]
    assert rows[-1].value == Decimal(2787)
    assert {r.area for r in rows} == {"000"}


def test_filters_keep_one_category(fixture_bytes):
    rows = parse_jsonstat(
        fixture_bytes("statbank/bef5_data_jsonstat_dataset_en.json"),
        JsonStatMapping("BEF5", filters={"KØN": "K", "FODLAND": "5104"}),
    )
    assert [(r.period, r.value, r.disaggregation) for r in rows] == [
        ("2018", Decimal(2766), ()),
        ("2019", Decimal(2787), ()),
    ]


def v2_dataset(values, status=None, area_codes=("000", "101"), times=("2020K1", "2020K2")):
    dataset = {
        "version": "2.0",
        "class": "dataset",
        "id": ["OMRÅDE", "Tid"],
        "size": [len(area_codes), len(times)],
        "role": {"geo": ["OMRÅDE"], "time": ["Tid"]},
        "dimension": {
            "OMRÅDE": {"category": {"index": list(area_codes)}},
            "Tid": {"category": {"index": {t: i for i, t in enumerate(times)}}},
        },
        "value": values,
    }
    if status is not None:
        dataset["status"] = status
    return json.dumps(dataset).encode()


def test_v2_with_status_and_nulls():
    data = v2_dataset(
        [
            1,
            None,
            2.5,
            "..",
        ],
        status={"0": "p", "2": ".."},
    )
    rows = parse_jsonstat(data, JsonStatMapping("X", unit="persons"))
    assert [(r.area, r.period, r.value, r.flags) for r in rows] == [
        ("000", "2020Q1", Decimal(1), {"provisional"}),
        ("000", "2020Q2", None, {"suppressed"}),
        ("101", "2020Q1", None, {"suppressed"}),
        ("101", "2020Q2", None, {"suppressed"}),
    ]
    assert {r.unit for r in rows} == {"persons"}


def test_v2_sparse_values():
    rows = parse_jsonstat(v2_dataset({"3": 7}), JsonStatMapping("X"))
    assert [(r.row, r.area, r.period, r.value) for r in rows] == [(4, "101", "2020Q2", 7)]


def test_every_cell_error_reported():
    data = v2_dataset([1, "x", True, 4], area_codes=("000", "01"), times=("2020K5", "2020K2"))
    assert errors_of(data, JsonStatMapping("X")) == [
        (1, "Tid", "invalid_period"),
        (2, None, "invalid_number"),
        (3, "OMRÅDE", "invalid_area"),
        (3, "Tid", "invalid_period"),
        (3, None, "invalid_number"),
        (4, "OMRÅDE", "invalid_area"),
    ]


def test_unknown_areas_and_indicator():
    data = v2_dataset([1, 2, 3, 4])
    assert errors_of(data, JsonStatMapping("X"), known_areas={"000"}) == [
        (3, "OMRÅDE", "unknown_area"),
        (4, "OMRÅDE", "unknown_area"),
    ]
    assert len(errors_of(data, JsonStatMapping("X"), known_indicators={"Y"})) == 4


@pytest.mark.parametrize(
    ("document", "code"),
    [
        (b"{not json", "invalid_json"),
        (b"[1, 2]", "invalid_jsonstat"),
        (b'{"dataset": {"value": [1]}}', "invalid_jsonstat"),
        (
            b'{"version": "2.0", "class": "dataset", "id": ["Tid"], "size": [2], '
            b'"dimension": {"Tid": {"category": {"index": ["2020"]}}}, "value": [1, 2]}',
            "invalid_jsonstat",
        ),
        (
            b'{"version": "2.0", "class": "dataset", "id": ["Tid"], "size": [1], '
            b'"dimension": {"Tid": {"category": {"index": ["2020"]}}}, "value": [1, 2]}',
            "invalid_jsonstat",
        ),
        (
            b'{"version": "2.0", "class": "dataset", "id": ["X"], "size": [1], '
            b'"dimension": {"X": {"category": {"index": ["a"]}}}, "value": [1]}',
            "missing_dimension",
        ),
    ],
)
def test_broken_documents(document, code):
    assert [c for _, _, c in errors_of(document, JsonStatMapping("X"))] == [code]


def test_mapping_names_a_missing_dimension():
    assert errors_of(v2_dataset([1, 2, 3, 4]), JsonStatMapping("X", area="REGION")) == [
        (None, "REGION", "missing_dimension")
    ]
