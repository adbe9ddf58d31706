import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from verdensmaal.data.parsers import ImportValidationError, excel, parse_xlsx


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


def rewritten(data: bytes, change) -> bytes:
    """The workbook with ``change(name, content)`` applied to each part."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item.filename, change(item.filename, source.read(item.filename)))
    return out.getvalue()


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, content)
    return out.getvalue()


def test_a_formula_saved_without_its_result_is_an_error_not_an_empty_cell():
    data = workbook_bytes(
        [["indicator", "area", "period", "value"], ["A", 101, 2020, "=1+1"], ["A", 101, 2021, 3]]
    )
    with pytest.raises(ImportValidationError) as info:
        parse_xlsx(data)
    (error,) = info.value.errors
    assert (error.row, error.column, error.code) == (2, "value", "formula_without_value")
    assert error.params["cell"] == "D2"


def test_a_formula_with_its_saved_result_is_read_as_the_result():
    """As Excel saves it: the formula and its last result, which is what the cell shows."""
    data = rewritten(
        workbook_bytes([["indicator", "area", "period", "value"], ["A", 101, 2020, "=1+1"]]),
        lambda name, content: content.replace(b"<f>1+1</f><v></v>", b"<f>1+1</f><v>2.5</v>"),
    )
    assert [row.value for row in parse_xlsx(data)] == [Decimal("2.5")]


def test_shared_rich_and_inline_texts():
    """Excel keeps texts in a shared table, some as rich-text runs; openpyxl writes them inline."""
    data = workbook_bytes(
        [["indicator", "area", "period", "value", "køn"], ["A", 101, 2020, 1, "M"]]
    )
    shared = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>indicator</t></si><si><r><t>are</t></r><r><rPr><b/></rPr><t>a</t></r>"
        b"<rPh><t>x</t></rPh></si></sst>"
    )

    def to_shared(name, content):
        if name == "xl/worksheets/sheet1.xml":
            for position, text in ((0, b"indicator"), (1, b"area")):
                cell = b"AB"[position : position + 1] + b"1"
                content = content.replace(
                    b'<c r="' + cell + b'" t="inlineStr"><is><t>' + text + b"</t></is></c>",
                    b'<c r="' + cell + b'" t="s"><v>' + str(position).encode() + b"</v></c>",
                )
        if name == "xl/_rels/workbook.xml.rels":
            content = content.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdS" Target="strings.xml" Type="http://schemas.openxmlformats'
                b'.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>',
            )
        return content

    data = with_part(rewritten(data, to_shared), "xl/strings.xml", shared)
    (row,) = parse_xlsx(data)
    assert (row.indicator, row.area, row.disaggregation) == ("A", "101", (("køn", "M"),))


def test_a_shared_text_that_is_not_there_is_a_damaged_file():
    data = rewritten(
        workbook_bytes([["indicator", "area", "period", "value"], ["A", 101, 2020, 1]]),
        lambda name, content: content.replace(
            b'<c r="A2" t="inlineStr"><is><t>A</t></is></c>', b'<c r="A2" t="s"><v>7</v></c>'
        ),
    )
    assert [code for _, _, code in errors_of(data)] == ["invalid_xlsx"]


def test_a_strict_open_xml_workbook_is_read():
    """Excel's "Strict Open XML Spreadsheet" uses other namespaces for the same parts."""
    data = rewritten(
        workbook_bytes([["indicator", "area", "period", "value"], ["A", 101, 2020, 1.5]]),
        lambda name, content: content.replace(
            b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        ).replace(
            b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        ),
    )
    assert [row.value for row in parse_xlsx(data)] == [Decimal("1.5")]


def test_dates_in_a_workbook_counted_from_1904():
    """Old Mac workbooks count days from 1904: serial 0 is 1 January 1904."""
    import datetime as dt

    data = workbook_bytes(
        [["indicator", "area", "period", "value"], ["A", 101, dt.datetime(2020, 3, 1), 1]]
    )
    data = rewritten(
        data,
        lambda name, content: content.replace(
            b"<workbookPr/>", b'<workbookPr date1904="1"/>'
        ).replace(b"<v>43891</v>", b"<v>" + str(43891 - 1462).encode() + b"</v>"),
    )
    assert [row.period for row in parse_xlsx(data)] == ["2020M03"]


def test_a_value_beyond_the_last_column_read_is_refused():
    data = workbook_bytes(
        [["indicator", "area", "period", "value"], ["A", 101, 2020, 1, *[None] * 1000, "x"]]
    )
    assert errors_of(data) == [(2, None, "too_many_cells")]


def test_a_sheet_of_too_many_cells_is_refused(monkeypatch):
    monkeypatch.setattr(excel, "MAX_CELLS", 10)
    data = workbook_bytes(
        [["indicator", "area", "period", "value"], *[["A", 101, 2000 + n, n] for n in range(5)]]
    )
    assert errors_of(data) == [(3, None, "file_too_large")]


def test_the_sheet_is_read_as_a_stream(tmp_path):
    """A sheet's XML is let go of as it is read: parsing 40 MB of it (formatted empty cells, as
    when a whole area of a sheet is formatted) takes a small part of that in memory, measured in
    a process of its own."""
    import subprocess
    import sys

    padding = "x" * 10_000
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>A</t></is></c><c r="B{n}"><v>101</v></c>'
        f'<c r="C{n}" t="inlineStr"><is><t>{1900 + n // 12}M{n % 12 + 1:02d}</t></is></c>'
        f'<c r="D{n}"><v>{n}.5</v></c><c r="F{n}" s="0" x="{padding}"/>'
        f'<c r="G{n}" s="0" x="{padding}"/></row>'
        for n in range(2, 2002)
    )
    data = rewritten(
        workbook_bytes([["indicator", "area", "period", "value"]]),
        lambda name, content: content.replace(
            b"</row></sheetData>", b"</row>" + rows.encode() + b"</sheetData>"
        ),
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        expanded = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    assert expanded > 40_000_000
    path = tmp_path / "wide.xlsx"
    path.write_bytes(data)
    # the peak of this process's own memory (ru_maxrss would count the forked test process)
    script = (
        "import re, sys\n"
        "from verdensmaal.data.parsers.excel import parse_xlsx\n"
        "def peak():\n"
        "    status = open('/proc/self/status').read()\n"
        "    return int(re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1)) * 1024\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "before = peak()\n"
        "rows = parse_xlsx(data)\n"
        "print(len(rows), peak() - before)\n"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    count, grown = map(int, result.stdout.split())
    assert count == 2000
    assert grown < expanded / 8
