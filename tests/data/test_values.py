from decimal import Decimal

import pytest

from verdensmaal.data.parsers.base import FieldError, normalise_area, normalise_period, parse_value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", (Decimal("1234.5"), False)),
        ("1234,5", (Decimal("1234.5"), False)),
        ("1.234,5", (Decimal("1234.5"), False)),
        ("-1.234.567,25", (Decimal("-1234567.25"), False)),
        ("1.234.567", (Decimal("1234567"), False)),
        ("1 234,5", (Decimal("1234.5"), False)),
        ("\u22123,5", (Decimal("-3.5"), False)),
        ("0", (Decimal("0"), False)),
        ("1.5e3", (Decimal("1500"), False)),
        ("..", (None, True)),
        ("", (None, False)),
        ("   ", (None, False)),
    ],
)
def test_parse_value(text, expected):
    assert parse_value(text) == expected


@pytest.mark.parametrize(
    "text", ["abc", "12a", "1,2,3", "1.23,4", "12.34.5", "NaN", "Infinity", "1_000", "--1", "."]
)
def test_parse_value_rejects_text(text):
    with pytest.raises(FieldError) as info:
        parse_value(text)
    assert info.value.code == "invalid_number"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020", "2020"),
        (" 2020 ", "2020"),
        ("2020Q1", "2020Q1"),
        ("2020K4", "2020Q4"),
        ("2020k2", "2020Q2"),
        ("2020-Q3", "2020Q3"),
        ("2020M03", "2020M03"),
        ("2020M3", "2020M03"),
        ("2020-12", "2020M12"),
        ("1900", "1900"),
        ("2100M12", "2100M12"),
    ],
)
def test_normalise_period(text, expected):
    assert normalise_period(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2020M13", "invalid_period"),
        ("2020M00", "invalid_period"),
        ("2020Q5", "invalid_period"),
        ("2020K0", "invalid_period"),
        ("1899", "period_out_of_range"),
        ("2101", "period_out_of_range"),
        ("20", "invalid_period"),
        ("år 2020", "invalid_period"),
        ("2020-2021", "invalid_period"),
        ("", "invalid_period"),
    ],
)
def test_normalise_period_rejects(text, code):
    with pytest.raises(FieldError) as info:
        normalise_period(text)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("000", "000"),
        ("0", "000"),
        ("85", "085"),
        ("081", "081"),
        ("101", "101"),
        ("0101", "101"),
        ("1084", "084"),
        ("860", "860"),
        (" 411 ", "411"),
    ],
)
def test_normalise_area(text, expected):
    assert normalise_area(text) == expected


@pytest.mark.parametrize(
    "text", ["999", "86", "080", "100", "861", "1", "0000", "0084", "2084", "København", "", "1O1"]
)
def test_normalise_area_rejects(text):
    with pytest.raises(FieldError) as info:
        normalise_area(text)
    assert info.value.code == "invalid_area"


def test_strict_areas_do_not_pad():
    assert normalise_area("084", strict=True) == "084"
    for code in ("01", "84", "0101"):
        with pytest.raises(FieldError):
            normalise_area(code, strict=True)


def test_an_ambiguous_value_with_surrounding_spaces_is_still_ambiguous():
    from verdensmaal.data.parsers.base import NumberStyle

    style = NumberStyle(default_thousands_dot=True)
    assert style.observe("632.340 ", 0, 2, "value")
    assert style.observe(" 632.340", 1, 3, "value")
    assert not style.observe("632.34", 2, 4, "value")
