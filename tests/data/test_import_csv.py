from decimal import Decimal

import pytest

from verdensmaal.data.parsers import ImportValidationError, ObservationRow, parse_csv


def errors_of(data: bytes, **options) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(ImportValidationError) as info:
        parse_csv(data, **options)
    return [(e.row, e.column, e.code) for e in info.value.errors]


def test_long_danish_semicolon_file(fixture_bytes):
    rows = parse_csv(fixture_bytes("csv/long_da_semicolon.csv"))
    assert rows[0] == ObservationRow(
        2, "FOLK1A", "101", "2020Q1", Decimal("632340"), "antal", (("Køn", "I alt"),), frozenset()
    )
    assert rows[1].value == Decimal("311000.5")
    assert rows[1].flags == {"provisional"}
    assert (rows[2].area, rows[2].value, rows[2].flags) == ("085", None, {"suppressed"})
    assert (rows[3].area, rows[3].period, rows[3].flags) == ("147", "2020M03", {"estimated"})


def test_wide_comma_file_with_bom(fixture_bytes):
    rows = parse_csv(fixture_bytes("csv/wide_comma_bom.csv"))
    assert [(r.row, r.area, r.period, r.value, r.flags) for r in rows] == [
        (2, "000", "2018", Decimal("27.5"), frozenset()),
        (2, "000", "2019", Decimal("28.1"), frozenset()),
        (2, "000", "2020", None, {"suppressed"}),
        (3, "084", "2018", Decimal("30.2"), frozenset()),
        (3, "084", "2020", Decimal("31"), frozenset()),
    ]
    assert {r.unit for r in rows} == {"index"}


def test_headers_are_case_insensitive_with_danish_aliases():
    data = "INDIKATOR,Omraade,ÅR,Vaerdi,ENHED\nA,101,2020,1.5,pct\n".encode()
    rows = parse_csv(data)
    assert (rows[0].indicator, rows[0].period, rows[0].value, rows[0].unit) == (
        "A",
        "2020",
        Decimal("1.5"),
        "pct",
    )


def test_empty_value_is_missing_not_zero():
    rows = parse_csv(b"indicator,area,period,value\nA,101,2020,\n")
    assert rows[0].value is None
    assert rows[0].flags == frozenset()


def test_thousands_dot_in_semicolon_file_and_decimal_point_in_comma_file():
    assert parse_csv(b"indicator;area;period;value\nA;101;2020;632.340\n")[0].value == 632340
    # (a column of plain numbers is read as floats, which hold them exactly; see ObservationRow)
    assert parse_csv(b"indicator,area,period,value\nA,101,2020,632.340\n")[0].value == 632.34
    # a decimal point elsewhere in the file decides it, even with semicolons
    rows = parse_csv(b"indicator;area;period;value\nA;101;2020;632.340\nA;101;2021;1.5\n")
    assert rows[0].value == 632.34


def test_mixed_decimal_signs_make_three_digit_dots_ambiguous():
    data = b"indicator;area;period;value\nA;101;2019;1,5\nA;101;2020;2.5\nA;101;2021;632.340\n"
    assert errors_of(data) == [(4, "value", "ambiguous_number")]


def test_disaggregation_empty_cells_are_headline():
    rows = parse_csv(b"indicator,area,period,value,sex\nA,101,2020,1,\nA,101,2020,2,M\n")
    assert rows[0].disaggregation == ()
    assert rows[1].disaggregation == (("sex", "M"),)


def test_every_row_error_is_reported_at_once(fixture_bytes):
    assert errors_of(fixture_bytes("csv/broken_rows.csv")) == [
        (3, None, "duplicate_row"),
        (4, "area", "invalid_area"),
        (4, "value", "invalid_number"),
        (5, "period", "invalid_period"),
        (6, "period", "period_out_of_range"),
    ]


def test_error_messages_are_templates_with_params():
    with pytest.raises(ImportValidationError) as info:
        parse_csv(b"indicator,area,period,value\nA,101,2020,abc\n")
    error = info.value.errors[0]
    assert error.message == "“%(value)s” is not a number."
    assert error.params == {"value": "abc"}
    assert error.render() == "“abc” is not a number."


def test_truncated_file(fixture_bytes):
    assert errors_of(fixture_bytes("csv/truncated.csv")) == [(4, "value", "truncated_row")]


def test_unclosed_quote_is_malformed():
    codes = errors_of(b'indicator,area,period,value\nA,101,2020,1\nA,101,"2021,2\n')
    assert codes == [(3, None, "malformed_csv")]


def test_too_many_cells():
    assert errors_of(b"indicator,area,period,value\nA,101,2020,1,9\n") == [
        (2, None, "too_many_cells")
    ]


def test_trailing_empty_columns_and_blank_rows_are_ignored():
    rows = parse_csv(b"indicator;area;period;value;;\nA;101;2020;1;;\n;;;;;\n\nA;101;2021;2\n")
    assert [r.row for r in rows] == [2, 5]


def test_wrong_delimiter(fixture_bytes):
    assert errors_of(fixture_bytes("csv/wrong_delimiter.csv")) == [
        (1, None, "delimiter_not_detected")
    ]


def test_wrong_encoding_names_the_likely_one(fixture_bytes):
    data = fixture_bytes("csv/long_cp1252.csv")
    with pytest.raises(ImportValidationError) as info:
        parse_csv(data)
    (error,) = info.value.errors
    assert error.code == "invalid_encoding"
    assert error.params["detected_encoding"] == "cp1252"
    assert "UTF-8" in error.message
    rows = parse_csv(data, encoding="cp1252")
    assert rows[0].value == Decimal("1.5")


def test_utf16_with_bom_is_read():
    data = "indicator\tarea\tperiod\tvalue\nA\t101\t2020\t1\n".encode("utf-16")
    assert parse_csv(data)[0].area == "101"


def test_missing_columns_listed_together():
    errors = errors_of(b"indicator,region,value\nA,101,1\n")
    assert errors == [(1, None, "missing_column"), (1, None, "missing_column")]


def test_duplicate_columns():
    assert errors_of(b"indicator,area,omraade,period,value\nA,101,101,2020,1\n") == [
        (1, "omraade", "duplicate_column")
    ]


def test_unknown_codes_reported_row_by_row():
    data = b"indicator,area,period,value\nA,101,2020,1\nB,147,2020,1\nA,153,2020,1\n"
    assert errors_of(data, known_areas={"101", "147"}, known_indicators={"A"}) == [
        (3, "indicator", "unknown_indicator"),
        (4, "area", "unknown_area"),
    ]


def test_unknown_flag():
    assert errors_of(b"indicator,area,period,value,flags\nA,101,2020,1,maybe\n") == [
        (2, "flags", "unknown_flag")
    ]


def test_wide_layout_errors_name_the_period_column():
    data = b"indicator,area,2019,2020M13\nA,101,x,1\nA,101,1,2\n"
    assert errors_of(data) == [
        (1, "2020M13", "invalid_period"),
    ]
    data = b"indicator,area,2019,2020\nA,101,x,1\nA,0101,1,\nA,101,,2\nA,101,3,\n"
    assert errors_of(data) == [(2, "2019", "invalid_number"), (5, "2019", "duplicate_row")]


def test_indicator_option_fills_a_missing_column():
    rows = parse_csv(b"area,period,value\n101,2020,1\n", indicator="X")
    assert rows[0].indicator == "X"


def test_header_only_file_has_no_rows():
    assert errors_of(b"indicator,area,period,value\n") == [(None, None, "no_rows")]


def test_empty_file():
    assert errors_of(b"") == [(None, None, "empty_file")]
    assert errors_of(b"\xef\xbb\xbf  \n") == [(None, None, "empty_file")]
