import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from verdensmaal.data.parsers import ImportValidationError, parse_xlsx


def workbook_bytes(rows, *, title="Data", extra_sheets=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, more in extra_sheets:
        other = workbook.create_sheet(name)
        for row in more:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def errors_of(data: bytes, **options):
    with pytest.raises(ImportValidationError) as info:
        parse_xlsx(data, **options)
    return [(e.row, e.column, e.code) for e in info.value.errors]


def test_long_layout_with_numeric_cells():
    data = workbook_bytes(
        [
            ["Indikator", "Område", "Periode", "Værdi", "Køn"],
            ["A", 101, 2020, 1234.5, "M"],
            ["A", 85, "2020K1", "1.234,5", None],
            ["A", 0, 2021.0, 1.234, None],
            [None, None, None, None, None],
            ["A", 147, "2021", "..", None],
        ]
    )
    rows = parse_xlsx(data)
    assert [(r.row, r.area, r.period, r.value, r.disaggregation) for r in rows] == [
        (2, "101", "2020", Decimal("1234.5"), (("Køn", "M"),)),
        (3, "085", "2020Q1", Decimal("1234.5"), ()),
        (4, "000", "2021", Decimal("1.234"), ()),
        (6, "147", "2021", None, ()),
    ]
    assert rows[-1].flags == {"suppressed"}


def test_wide_layout_on_a_named_sheet():
    data = workbook_bytes(
        [["notes"]],
        extra_sheets=[("Tal", [["indicator", "area", 2019, 2020], ["G", "000", 27.5, None]])],
    )
    rows = parse_xlsx(data, sheet="Tal")
    assert [(r.period, r.value) for r in rows] == [("2019", Decimal("27.5"))]


def test_missing_sheet():
    assert errors_of(workbook_bytes([["a"]]), sheet="Nope") == [(None, None, "sheet_not_found")]


def test_every_error_with_row_and_column():
    data = workbook_bytes(
        [
            ["indicator", "area", "period", "value"],
            ["A", 101, 2020, "mange"],
            ["A", 999, "2020M13", 1],
            ["A", 101, 2020, 2],
        ]
    )
    assert errors_of(data, known_indicators={"A"}) == [
        (2, "value", "invalid_number"),
        (3, "area", "invalid_area"),
        (3, "period", "invalid_period"),
    ]


def test_not_an_xlsx():
    assert errors_of(b"indicator,area,period,value\n") == [(None, None, "invalid_xlsx")]
    assert errors_of(b"PK\x03\x04garbage") == [(None, None, "invalid_xlsx")]


def test_damaged_xlsx_part():
    good = workbook_bytes([["indicator", "area", "period", "value"], ["A", 101, 2020, 1]])
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = content[: len(content) // 2]
            target.writestr(item, content)
    assert [code for _, _, code in errors_of(damaged.getvalue())] == ["invalid_xlsx"]


def test_a_month_that_excel_turned_into_a_date_is_the_month():
    """Typing 2020-03 into a cell gives the date 1 March 2020; another day is not a period."""
    import datetime as dt

    data = workbook_bytes(
        [
            ["indicator", "area", "period", "value"],
            ["A", 101, dt.datetime(2020, 3, 1), 1],
            ["A", 101, dt.date(2021, 12, 1), 2],
            ["A", 101, dt.datetime(2020, 3, 15), 3],
        ]
    )
    with pytest.raises(ImportValidationError) as info:
        parse_xlsx(data)
    assert [(e.row, e.code, e.params["value"]) for e in info.value.errors] == [
        (4, "invalid_period", "2020-03-15")
    ]
    rows = parse_xlsx(workbook_bytes([["indicator", "area", "period", "value"], *[
        ["A", 101, dt.datetime(2020, 3, 1), 1], ["A", 101, dt.date(2021, 12, 1), 2]
    ]]))  # fmt: skip
    assert [row.period for row in rows] == ["2020M03", "2021M12"]
