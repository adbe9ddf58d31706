"""Matching incoming rows with stored rows: the merge of two lists in key order agrees with
matching by key, and notices when the database sorts text otherwise."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verdensmaal.data import services
from verdensmaal.data.services import ImportPlan

KEYS = [(1, area, period, breakdown) for area in (1, 2) for period in ("2019", "2020", "2020M01")
        for breakdown in ("", "køn=K", "køn=M")]  # fmt: skip


@st.composite
def stored_and_incoming(draw):
    stored_keys = sorted(draw(st.sets(st.sampled_from(KEYS))))
    incoming_keys = sorted(draw(st.sets(st.sampled_from(KEYS), min_size=1)))
    value = st.sampled_from([1.5, 2.0, None])
    stored = [(*key, draw(value), "pct", draw(st.sampled_from([0, 4])), 100 + number)
              for number, key in enumerate(stored_keys)]  # fmt: skip
    incoming = [(*key, draw(value), "pct", draw(st.sampled_from([0, 4]))) for key in incoming_keys]
    return stored, incoming, draw(st.integers(1, 5))


def chunked(rows, size):
    return iter([rows[start : start + size] for start in range(0, len(rows), size)])


def outcome(plan):
    return plan.new, sorted(plan.changed), plan.unchanged


@settings(max_examples=300, deadline=None)
@given(stored_and_incoming())
def test_the_merge_finds_what_matching_by_key_finds(case):
    stored, incoming, size = case
    merged, matched = ImportPlan(), ImportPlan()
    services._merge(merged, incoming, 0, chunked(stored, size))
    services._match(matched, incoming, 0, chunked(stored, size))
    assert outcome(merged) == outcome(matched)
    assert len(merged.new) + len(merged.changed) + merged.unchanged == len(incoming)


def test_stored_rows_in_another_order_are_noticed():
    """A PostgreSQL database in a collation other than "C" sorts "køn=K" and "alder=..." its
    own way: the merge says so, and the plan matches by key instead."""
    incoming = [(1, 1, "2020", "alder=0-17", 1.0, "pct", 0), (1, 1, "2020", "køn=K", 2.0, "pct", 0)]
    stored = [(*incoming[1][:6], 0, 7), (*incoming[0][:6], 0, 8)]  # "k" before "a"
    with pytest.raises(services._OtherOrder):
        services._merge(ImportPlan(), incoming, 0, chunked(stored, 1))
    plan = ImportPlan()
    services._match(plan, incoming, 0, chunked(stored, 1))
    assert (plan.new, plan.unchanged) == ([], 2)


def test_the_plan_falls_back_to_matching_by_key(reference, monkeypatch):
    from verdensmaal.data.models import Observation
    from verdensmaal.data.services import import_apply, import_plan, parse_file

    def other_order(*args):
        raise services._OtherOrder

    content = "indicator,area,period,value\n" + "".join(
        f"DK-IFOR-LOWINC60,630,{year},{year / 10}\n" for year in range(2000, 2020)
    )
    first = import_plan(actor=None, rows=parse_file(content.encode(), format="csv"))
    import_apply(actor=None, plan=first, source_name="a.csv", format="csv")
    monkeypatch.setattr(services, "_merge", other_order)
    again = content.replace("2010,201.0", "2010,7") + "DK-IFOR-LOWINC60,630,2020,1\n"
    plan = import_plan(actor=None, rows=parse_file(again.encode(), format="csv"))
    assert (len(plan.new), len(plan.changed), plan.unchanged) == (1, 1, 19)
    import_apply(actor=None, plan=plan, source_name="b.csv", format="csv")
    assert Observation.objects.get(period="2010").value == 7
