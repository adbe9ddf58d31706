"""The order of rows by key, which the import plan compares with the stored rows' order."""

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from verdensmaal.data.parsers.base import ordered_codes, repeated_codes

keys = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 3), st.integers(0, 2), st.integers(0, 3)),
    max_size=40,
)


def columns(rows):
    return [np.array(column, np.int64) for column in zip(*rows, strict=True)]


@given(keys)
def test_rows_in_key_order_and_repeated_keys_found(rows):
    if not rows:
        return
    order, repeated = ordered_codes(columns(rows))
    assert [rows[i] for i in order.tolist()] == sorted(rows)
    assert repeated == (len(set(rows)) < len(rows)) == repeated_codes(columns(rows))


def test_keys_of_very_many_distinct_values_are_ordered_too():
    """Past what one integer per row can hold, NumPy sorts the columns one after another."""
    size = 60_000  # 60,000 distinct values in each column: 60,000 ** 4 is more than 2 ** 62
    shuffled = [(n * 7919) % size for n in range(size)]
    rows = [((n * 13) % size, (n * 31) % size, (n * 17) % size, n) for n in shuffled]
    assert math.prod(len(set(column)) for column in zip(*rows, strict=True)) > 2**62
    order, repeated = ordered_codes(columns(rows))
    assert [rows[i] for i in order.tolist()] == sorted(rows) and not repeated
    assert repeated_codes(columns([*rows, rows[5]]))
