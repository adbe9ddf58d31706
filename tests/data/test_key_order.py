"""The order of rows by key, which the import plan compares with the stored rows' order."""

import math

from hypothesis import given
from hypothesis import strategies as st

from verdensmaal.data.parsers.base import has_repeated_keys, key_order

keys = st.lists(
    st.tuples(
        st.integers(1, 5), st.integers(1, 3), st.sampled_from(["2020", "2020M01", "2019Q4"]),
        st.sampled_from(["", "køn=M", "alder=0-17;køn=K"]),
    ),
    max_size=40,
)  # fmt: skip


@given(keys)
def test_rows_in_key_order_or_none_when_a_key_repeats(rows):
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    order = key_order(columns)
    if len(set(rows)) < len(rows):
        assert order is None and has_repeated_keys(columns)
    else:
        assert [rows[i] for i in order] == sorted(rows)
        assert not has_repeated_keys(columns)


def test_keys_of_very_many_distinct_values_are_ordered_too():
    """Past what one integer per row can hold, NumPy sorts the columns one after another."""
    size = 60_000  # 60,000 distinct values in each column: 60,000 ** 4 is more than 2 ** 62
    shuffled = [(n * 7919) % size for n in range(size)]
    rows = [((n * 13) % size, (n * 31) % size, f"{(n * 17) % size:06d}", str(n)) for n in shuffled]
    assert math.prod(len(set(column)) for column in zip(*rows, strict=True)) > 2**62
    order = key_order(list(zip(*rows, strict=True)))
    assert [rows[i] for i in order] == sorted(rows)
    assert has_repeated_keys(list(zip(*[*rows, rows[5]], strict=True)))
