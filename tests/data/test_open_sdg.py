from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verdensmaal.data.parsers import (
    ImportValidationError,
    ObservationRow,
    export_open_sdg,
    parse_open_sdg,
)

SAMPLE = (
    b"Year,Series,Sex,Units,GeoCode,Value\n"
    b"2015,,,Percent,,12.5\n"
    b"2016,,,Percent,,13\n"
    b"2015,,Female,Percent,,14.1\n"
    b"2015,,,Percent,101,9.9\n"
)


def test_import_headline_and_disaggregations():
    rows = parse_open_sdg(SAMPLE, indicator="1-2-1")
    assert [(r.row, r.area, r.period, r.value, r.unit, r.disaggregation) for r in rows] == [
        (2, "000", "2015", Decimal("12.5"), "Percent", ()),
        (3, "000", "2016", Decimal("13"), "Percent", ()),
        (4, "000", "2015", Decimal("14.1"), "Percent", (("Sex", "Female"),)),
        (5, "101", "2015", Decimal("9.9"), "Percent", ()),
    ]


def test_area_argument_for_files_without_geocode():
    rows = parse_open_sdg(b"Year,Value\n2020,1\n", indicator="X", area="851")
    assert rows[0].area == "851"


def test_broken_file_reports_all_errors():
    data = b"Year,Sex,GeoCode,Value\n2015,,,1\n2015,,,2\n20x5,,,3\n2016,M,999,abc\n2017,M\n"
    with pytest.raises(ImportValidationError) as info:
        parse_open_sdg(data, indicator="X")
    assert [(e.row, e.column, e.code) for e in info.value.errors] == [
        (3, None, "duplicate_row"),
        (4, "Year", "invalid_period"),
        (5, "Value", "invalid_number"),
        (5, "GeoCode", "invalid_area"),
        (6, "GeoCode", "truncated_row"),
    ]


def test_missing_columns():
    with pytest.raises(ImportValidationError) as info:
        parse_open_sdg(b"Year,Amount\n2020,1\n", indicator="X")
    assert info.value.codes == ["missing_column"]


def test_export_layout():
    rows = parse_open_sdg(SAMPLE, indicator="1-2-1")
    text = export_open_sdg(rows).decode()
    assert text.splitlines() == [
        "Year,Units,Sex,GeoCode,Value",
        "2015,Percent,,,12.5",
        "2016,Percent,,,13",
        "2015,Percent,,101,9.9",
        "2015,Percent,Female,,14.1",
    ]


def test_export_refuses_several_indicators():
    rows = [
        ObservationRow(1, "A", "000", "2020", Decimal(1), None, (), frozenset()),
        ObservationRow(2, "B", "000", "2020", Decimal(1), None, (), frozenset()),
    ]
    with pytest.raises(ValueError, match="one indicator"):
        export_open_sdg(rows)


names = st.sampled_from(["Sex", "Age", "Series", "Køn"])
labels = st.text(alphabet="abcæøå ,\"'-", min_size=1, max_size=6).filter(lambda s: s.strip() == s)
observation = st.builds(
    lambda area, year, value, unit, breakdown: (area, str(year), value, unit, breakdown),
    st.sampled_from(["000", "084", "101", "860"]),
    st.integers(1900, 2100),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1e9, max_value=1e9),
    st.sampled_from([None, "Percent"]),
    st.dictionaries(names, labels, max_size=2),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(observation, max_size=15))
def test_export_then_import_round_trips(observations):
    rows, seen = [], set()
    for area, year, value, unit, breakdown in observations:
        disaggregation = tuple(sorted(breakdown.items()))
        if (area, year, disaggregation) in seen:
            continue
        seen.add((area, year, disaggregation))
        rows.append(ObservationRow(0, "X", area, year, value, unit, disaggregation, frozenset()))
    data = export_open_sdg(rows)
    if not rows:
        return
    parsed = parse_open_sdg(data, indicator="X")

    def key(row):
        return (row.area, row.period, row.disaggregation, row.value, row.unit)

    assert sorted(map(key, parsed)) == sorted(map(key, rows))
