"""The canonical text of stored values (pure: no Django): every kind reads back to the same
value, and JSON's canonical text does not depend on key order."""

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verdensmaal.ops.canonical import DECODERS, ENCODERS, canonical_json, parse_line, rows_text

AWARE = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)
VALUES = {
    "int": st.integers(min_value=-(2**63), max_value=2**63 - 1),
    "str": st.text(),
    "bool": st.booleans(),
    "float": st.floats(allow_nan=False),
    "decimal": st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10**10),
    "datetime": AWARE,
    "date": st.dates(),
    "time": st.times(),
    "duration": st.timedeltas(),
    "binary": st.binary(),
    "uuid": st.uuids(),
}


@pytest.mark.parametrize("kind", sorted(VALUES))
@given(data=st.data())
def test_every_kind_reads_back_to_the_same_value(kind, data):
    value = data.draw(VALUES[kind])
    text = ENCODERS[kind](value)
    line = rows_text([[text, None]])
    assert line.endswith(b"\n") and line.count(b"\n") == 1  # one line, whatever the value
    [[read, null]] = parse_line(line)
    assert DECODERS[kind](read) == value and null is None


def test_timestamps_are_utc_with_microseconds():
    copenhagen = timezone(timedelta(hours=2))
    moment = datetime(2024, 6, 1, 14, 30, 0, 1, tzinfo=copenhagen)
    assert ENCODERS["datetime"](moment) == "2024-06-01T12:30:00.000001+00:00"
    assert ENCODERS["datetime"](datetime(2024, 1, 1, tzinfo=UTC)).endswith("00:00:00.000000+00:00")
    with pytest.raises(ValueError, match="without a time zone"):
        ENCODERS["datetime"](datetime(2024, 1, 1))


def test_decimals_keep_their_places_and_plain_notation():
    assert ENCODERS["decimal"](Decimal("7500.00")) == "7500.00"
    assert ENCODERS["decimal"](Decimal("1E+3")) == "1000"
    assert ENCODERS["decimal"](Decimal("0.25")) == "0.25"


@given(
    st.dictionaries(
        st.text(), st.recursive(st.none() | st.integers() | st.text(), st.lists, max_leaves=5)
    )
)
def test_canonical_json_ignores_key_order(value):
    forwards = json.dumps(value)
    backwards = json.dumps(dict(reversed(list(value.items()))))
    assert canonical_json(forwards) == canonical_json(backwards)
    assert json.loads(canonical_json(forwards)) == value


def test_sql_null_and_json_null_stay_apart():
    assert ENCODERS["json"]("null") == "null"
    assert rows_text([[None, ENCODERS["json"]("null")]]) == b'[[null,"null"]]\n'
