"""The column-wise reading of plain long files gives exactly what the row-by-row reading gives.

Plain files (every row complete and valid) are read a column at a time, for speed; anything
else is read a row at a time, which reports every error. These tests generate files, plain and
not, and parse each twice: as it comes, and with the column-wise reading switched off.
"""

from decimal import Decimal
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verdensmaal.data.parsers import ImportValidationError, parse_csv, tabular

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
    delimiter = draw(st.sampled_from([";", ","]))
    quoted = [[f'"{cell}"' for cell in row] for row in [header, *rows]]
    return "\n".join(delimiter.join(row) for row in quoted).encode()


def parsed(content: bytes, **known):
    try:
        return parse_csv(content, **known)
    except ImportValidationError as exc:
        return [(e.row, e.column, e.code, e.params) for e in exc.errors]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files(), st.booleans())
def test_column_wise_and_row_by_row_agree(content, check_codes):
    known = (
        {"known_indicators": KNOWN_INDICATORS, "known_areas": KNOWN_AREAS} if check_codes else {}
    )
    as_it_comes = parsed(content, **known)
    with mock.patch.object(tabular, "_read_plain_long", return_value=None):
        row_by_row = parsed(content, **known)
    assert as_it_comes == row_by_row


def test_a_plain_file_is_read_column_wise():
    content = "indicator;area;period;value;sex\nA;101;2020;1,5;F\nA;101;2020;2;M\nA;85;2021;..;\n"
    row_by_row = mock.patch.object(tabular, "_parse_long", side_effect=AssertionError)
    with row_by_row:
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
