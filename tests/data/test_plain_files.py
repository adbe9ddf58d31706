"""The column-wise reading of plain long files gives exactly what the row-by-row reading gives.

Plain files (every row complete and valid) are read a column at a time, for speed; anything
else is read a row at a time, which reports every error. These tests generate files, plain and
not, and parse each twice: as it comes, and with the column-wise reading switched off. Text
without quotation marks is also split into columns without the csv module: that too must give
what the csv module gives.
"""

import csv
import io
from decimal import Decimal
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verdensmaal.data.parsers import ImportValidationError, csvfile, parse_csv, tabular
from verdensmaal.data.parsers.base import ErrorCollector
from verdensmaal.data.parsers.columnar import text_columns
from verdensmaal.data.parsers.frame import frame_columns
from verdensmaal.data.parsers.text import csv_records

# the two column-wise readers of plain text: polars' (the one parse_csv uses) and NumPy's
READERS = pytest.mark.parametrize("reader", [frame_columns, text_columns], ids=["polars", "numpy"])

KNOWN_INDICATORS = {"A", "B", "C"}
KNOWN_AREAS = {"000", "084", "101", "630"}

# (valid cells, cells that are not) per column; "C " and "0630" are valid in their own ways
CELLS = {
    "indicator": (["A", "B", " C "], ["D", ""]),
    "area": (["101", "630", "0630", "84", "000", "0", " 101 "], ["999", "x", ""]),
    "period": (["2020", "2021", "2020K1", "2020-Q2", "2020M3", "2020-03"], ["2020M13", ""]),
    "value": (["1", "2.5", "1,5", "1.234,5", "632.340", "-3", "1e3", "..", " 7 ", "1 234"], ["x"]),
    "flags": (["", "p", "e", "foreløbig", "b;e"], ["nope"]),
    "unit": (["", "pct", " kr "], []),
    "sex": (["", "M", "F", " F "], []),
}


@st.composite
def files(draw):
    """Long files, half of them with every cell valid (duplicate rows aside)."""
    plain = draw(st.booleans())
    header = ["indicator", "area", "period", "value"]
    header += [name for name in ("flags", "unit", "sex") if draw(st.booleans())]
    choices = {
        name: st.sampled_from(valid if plain else valid + wrong)
        for name, (valid, wrong) in CELLS.items()
    }
    rows = [[draw(choices[name]) for name in header] for _ in range(draw(st.integers(1, 12)))]
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=draw(st.sampled_from([";", ","])),
        lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
    )
    writer.writerows([header, *rows])
    return out.getvalue().encode()


def parsed(content: bytes, **known):
    try:
        return parse_csv(content, **known)
    except ImportValidationError as exc:
        return [(e.row, e.column, e.code, e.params) for e in exc.errors]


@READERS
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files(), st.booleans())
def test_column_wise_and_row_by_row_agree(reader, content, check_codes):
    known = (
        {"known_indicators": KNOWN_INDICATORS, "known_areas": KNOWN_AREAS} if check_codes else {}
    )
    with mock.patch.object(csvfile, "frame_columns", reader):
        as_it_comes = stored_values(parsed(content, **known))
    with mock.patch.object(tabular, "_read_plain_long", return_value=None):
        row_by_row = stored_values(parsed(content, **known))
    assert as_it_comes == row_by_row


def stored_values(result):
    """Rows with their values as stored (the column-wise reading gives floats of plain cells),
    or the errors."""
    if result and isinstance(result[0], tuple) and len(result[0]) == 4:
        return result  # errors
    return [row._replace(value=None if row.value is None else float(row.value)) for row in result]


@READERS
def test_a_plain_file_is_read_column_wise(reader):
    content = "indicator;area;period;value;sex\nA;101;2020;1,5;F\nA;101;2020;2;M\nA;85;2021;..;\n"
    row_by_row = mock.patch.object(tabular, "_parse_long", side_effect=AssertionError)
    with row_by_row, mock.patch.object(csvfile, "frame_columns", reader):
        rows = parse_csv(content.encode())
    assert [(r.area, r.period, r.value, r.disaggregation, r.flags) for r in rows] == [
        ("101", "2020", Decimal("1.5"), (("sex", "F"),), frozenset()),
        ("101", "2020", Decimal("2"), (("sex", "M"),), frozenset()),
        ("085", "2021", None, (), frozenset({"suppressed"})),
    ]


def test_a_file_with_a_bad_cell_is_read_row_by_row():
    content = "indicator;area;period;value\nA;101;2020;1\nA;101;2021;x\n"
    with mock.patch.object(tabular, "_parse_long", wraps=tabular._parse_long) as row_by_row:
        assert parsed(content.encode()) == [
            (3, "value", "invalid_number", {"value": "x"}),
        ]
    assert row_by_row.call_count == 1


@st.composite
def texts(draw):
    """Lines of cells; a cell may hold a delimiter (a ragged line) or a NUL, a line may be blank."""
    delimiter, width = draw(st.sampled_from([";", ",", "\t"])), draw(st.integers(1, 4))
    messy = draw(st.booleans())
    cell = st.text(alphabet="ab1 æ;,\t\r\x00" if messy else "ab1 æ", max_size=10)
    lines = draw(st.lists(st.lists(cell, min_size=width, max_size=width), min_size=1, max_size=6))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"] if messy else ["\n", "\r\n"]))
    text = newline.join(delimiter.join(line) for line in lines)
    return text + draw(st.sampled_from(["", "\n", "\r\n", "\n\n"])), delimiter, width


@READERS
@settings(max_examples=400, deadline=None)
@given(texts())
def test_text_without_quotes_splits_as_the_csv_module_reads_it(reader, text_delimiter_width):
    """Cells read column-wise give the texts the csv module gives, and each column's distinct
    texts with a number per row give the same again."""
    text, delimiter, width = text_delimiter_width
    columns = reader(text, delimiter, width)
    if columns is None:
        return
    errors = ErrorCollector()
    records = list(csv_records(text, delimiter, errors))[1:]
    assert not errors
    assert list(columns.numbers) == [number for number, _cells in records]
    cells = [columns.texts(column) for column in range(width)]
    assert [list(row) for row in zip(*cells, strict=True)] == [row for _n, row in records]
    for column in range(width):
        distinct, codes = columns.factors(column)
        assert len(set(distinct)) == len(distinct)
        assert [distinct[code] for code in codes] == cells[column]


@READERS
def test_quotes_and_ragged_lines_are_left_to_the_csv_module(reader):
    assert reader('a,b\n"1",2\n', ",", 2) is None
    assert reader("a,b\n1,2\n3\n", ",", 2) is None
    assert reader("a,b\n1,2\n3,4,5\n", ",", 2) is None
    assert reader("a,b\n1,2\n3\n4,5,6\n", ",", 2) is None  # as many separators in all
    assert reader("a,b\n1,2\r3,4\n", ",", 2) is None
    assert reader("a\n1\n\n2\n", ",", 1) is None  # csv skips the blank line
    columns = reader("a,b\r\n1,2\r\n3,4", ",", 2)
    assert [columns.texts(0), columns.texts(1)] == [["1", "3"], ["2", "4"]]


numbers = st.one_of(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=3, min_value=-(10**9), max_value=10**9
    ),
    st.integers(-(10**14), 10**14),
).map(str)


# cells the column-wise readers leave to parse_value, a cell at a time
NOT_PLAIN = ["1e3", "-", ".", "1.2.3", "1,2.3", "+5", "5-", " 5", "1234567890123456", "½"]


@READERS
@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(numbers, numbers.map(lambda text: text.replace(".", ",")),
                          st.sampled_from(["..", "", "632.340", "-1.234", "5.", ".5", "007"]),
                          st.sampled_from(NOT_PLAIN)),
                min_size=1, max_size=20))  # fmt: skip
def test_a_column_of_plain_numbers_reads_as_each_cell_alone(reader, cells):
    """The column read at once gives each cell's number as parse_value reads it alone, and
    marks what NumberStyle would note."""
    from verdensmaal.data.parsers.base import NumberStyle, parse_value

    text = "value\n" + "\n".join(cells) + "\n"
    columns = reader(text, ",", 1) if "" not in cells else None
    read = columns and columns.plain_numbers(0)
    if columns is not None and set(cells) & set(NOT_PLAIN):
        assert read is None
    if read is None:
        return  # not plain: long numbers, or an empty cell (a blank line to the csv module)
    style = NumberStyle(False)
    for index, cell in enumerate(cells):
        value, suppressed = parse_value(cell)
        assert read.values[index] == (None if value is None else float(value))
        assert bool(read.suppressed[index]) == suppressed
        if value is not None and ("." in cell or "," in cell) and style.note(cell):
            assert (index, cell) in read.ambiguous
    assert (read.comma, read.point) == (style.saw_comma, style.saw_point)
