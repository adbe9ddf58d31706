"""Importing rows whose keys are all stored already (a file again, with revised values): the
plan read a column at a time is the plan of the row-by-row diff, and it is taken only when the
stored keys, units and flags are exactly the file's."""

import random

import pytest

from verdensmaal.data import same_keys, services
from verdensmaal.data.models import Observation, ObservationRevision
from verdensmaal.data.services import import_apply, import_plan, parse_file

INDICATORS = ["DK-IFOR-LOWINC60", "DK-AULKP-UNEMPLOYMENT"]
AREAS = ["000", "084", "630", "101"]
PERIODS = ["2019", "2020", "2021"]
SEXES = ["", "M", "K"]
FLAGS = ["", "", "", "provisional", "estimated"]
ORIGINAL = same_keys.same_keys_diff


def content(rows) -> bytes:
    lines = [",".join(map(str, row)) for row in rows]
    return "\n".join(["indicator,area,period,køn,value,flags", *lines]).encode()


def plan_of(data: bytes, *, row_by_row: bool, monkeypatch):
    with monkeypatch.context() as patch:
        if row_by_row:
            patch.setattr(services, "same_keys_diff", lambda *args: None)
        return import_plan(actor=None, rows=parse_file(data, format="csv"))


def outcome(plan):
    return plan.new, plan.changed, plan.before, plan.unchanged


def rows_of(rng: random.Random, keys, flagged: bool) -> list[tuple]:
    """Values that repeat (a changed row may get its old value); with flagged, flags and
    missing values (..) too."""
    values = [
        ".." if flagged and rng.random() < 0.1 else f"{rng.randint(0, 3) / 2}" for _key in keys
    ]
    flags = [rng.choice(FLAGS) if flagged else "" for _key in keys]
    return [(*key, *cells) for key, *cells in zip(keys, values, flags, strict=True)]


@pytest.mark.parametrize("seed", range(12))
def test_the_plan_is_the_row_by_row_plan(reference, monkeypatch, seed):
    """Stored rows, then a file with the same keys or not, other values, flags and missing
    values (..), in another order: both ways of diffing give the same plan."""
    rng = random.Random(seed)
    keys = [(i, a, p, s) for i in INDICATORS for a in AREAS for p in PERIODS for s in SEXES]
    flagged = seed % 2 == 1
    stored = rows_of(rng, rng.sample(keys, rng.randint(len(keys) // 2, len(keys) - 1)), flagged)
    first = plan_of(content(stored), row_by_row=False, monkeypatch=monkeypatch)
    import_apply(actor=None, plan=first, source_name="a.csv", format="csv")
    again = [
        row if rng.random() < 0.7 else (*row[:4], *rows_of(rng, [row[:4]], flagged)[0][4:])
        for row in stored
    ]
    if seed % 3 == 1:  # a new key
        again.append(next((*key, "1", "") for key in keys if key not in {r[:4] for r in stored}))
    if seed % 3 == 2:  # a stored key the file does not have
        again.pop(rng.randrange(len(again)))
    rng.shuffle(again)
    found = []
    monkeypatch.setattr(
        services, "same_keys_diff", lambda *args: found.append(ORIGINAL(*args)) or found[-1]
    )
    columns = plan_of(content(again), row_by_row=False, monkeypatch=monkeypatch)
    by_row = plan_of(content(again), row_by_row=True, monkeypatch=monkeypatch)
    assert outcome(columns) == outcome(by_row)
    assert len(columns.new) + len(columns.changed) + columns.unchanged == len(again)
    if seed % 6 == 0:  # the same keys, no flags: the plan was read a column at a time
        assert found[0] is not None and columns.changed


def test_revised_values_of_a_file_again_are_read_a_column_at_a_time(reference, monkeypatch):
    """The same keys with three values revised: the column-wise diff finds them (and is used),
    and saving keeps the old values as revisions."""
    rows = [("DK-IFOR-LOWINC60", area, period, sex, f"{n}.5", "")
            for n, (area, period, sex) in enumerate(
                (a, p, s) for a in AREAS for p in PERIODS for s in SEXES)]  # fmt: skip
    first = plan_of(content(rows), row_by_row=False, monkeypatch=monkeypatch)
    import_apply(actor=None, plan=first, source_name="a.csv", format="csv")
    found = []
    monkeypatch.setattr(
        services, "same_keys_diff", lambda *args: found.append(ORIGINAL(*args)) or found[-1]
    )
    revised = [(*row[:4], "7", "") if n in (0, 5, 30) else row for n, row in enumerate(rows)]
    plan = import_plan(actor=None, rows=parse_file(content(revised), format="csv"))
    assert found[0] is not None
    assert (len(plan.new), len(plan.changed), plan.unchanged) == (0, 3, len(rows) - 3)
    assert [old[0] for old in plan.before] == [0.5, 5.5, 30.5]
    import_apply(actor=None, plan=plan, source_name="b.csv", format="csv")
    assert Observation.objects.filter(value=7).count() == 3
    assert sorted(ObservationRevision.objects.values_list("value", flat=True)) == [0.5, 5.5, 30.5]


@pytest.mark.parametrize(
    "change",
    [
        lambda rows: [(*rows[0][:5], "provisional"), *rows[1:]],  # a flag
        lambda rows: rows[1:],  # a stored row the file does not have
        lambda rows: [*rows, ("DK-IFOR-LOWINC60", "630", "2022", "", "1", "")],  # a new key
        lambda rows: [(*rows[0][:3], "M", *rows[0][4:]), *rows[1:]],  # a key moved
    ],
)
def test_other_keys_or_flags_leave_it_to_the_row_by_row_diff(reference, monkeypatch, change):
    rows = [("DK-IFOR-LOWINC60", "630", period, "", "1.5", "") for period in PERIODS]
    first = plan_of(content(rows), row_by_row=False, monkeypatch=monkeypatch)
    import_apply(actor=None, plan=first, source_name="a.csv", format="csv")
    found = []
    monkeypatch.setattr(
        services, "same_keys_diff", lambda *args: found.append(ORIGINAL(*args)) or found[-1]
    )
    plan = import_plan(actor=None, rows=parse_file(content(change(rows)), format="csv"))
    assert found == [None]
    assert plan.ok and (plan.new or plan.changed or plan.unchanged < len(rows))


def test_a_value_that_differs_in_its_last_digit_is_a_change(reference, monkeypatch):
    """A stored double that only 17 digits tell from the file's 0.3 (as text with 15 digits
    they are the same) is changed by the file."""
    rows = [("DK-IFOR-LOWINC60", "630", period, "", "0.3", "") for period in PERIODS]
    first = plan_of(content(rows), row_by_row=False, monkeypatch=monkeypatch)
    import_apply(actor=None, plan=first, source_name="a.csv", format="csv")
    Observation.objects.filter(period="2020").update(value=0.1 + 0.2)  # 0.30000000000000004
    plan = plan_of(content(rows), row_by_row=False, monkeypatch=monkeypatch)
    assert [row[2] for _pk, row in plan.changed] == ["2020"]
    assert [old[0] for old in plan.before] == [0.1 + 0.2]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_stored_rows_are_read_meanwhile(reference, monkeypatch):
    """With no transaction open (as `verdensmaal import` plans), PostgreSQL reads the stored rows
    in parts on connections of their own while the plan orders the file's rows; the plan is the
    same as the row-by-row one, and the ids it changes are the stored ones."""
    from django.db import connection

    from verdensmaal.data import storage

    rows = [("DK-IFOR-LOWINC60", area, period, sex, f"{n}.25", "")
            for n, (area, period, sex) in enumerate(
                (a, p, s) for a in AREAS for p in PERIODS for s in SEXES)]  # fmt: skip
    import_apply(
        actor=None,
        plan=plan_of(content(rows), row_by_row=False, monkeypatch=monkeypatch),
        source_name="a.csv",
        format="csv",
    )
    revised = [(*row[:4], "9", "") if n in (2, 17) else row for n, row in enumerate(rows)]
    threads = []
    read = storage._on_own_connection
    monkeypatch.setattr(
        storage, "_on_own_connection", lambda *args: threads.append(1) or read(*args)
    )
    assert not connection.in_atomic_block
    plan = plan_of(content(revised), row_by_row=False, monkeypatch=monkeypatch)
    assert len(threads) == (storage.PARTS if connection.vendor == "postgresql" else 0)
    expected = dict(Observation.objects.filter(value__in=[2.25, 17.25]).values_list("pk", "value"))
    assert {pk: row[4] for pk, row in plan.changed} == dict.fromkeys(expected, 9.0)
    assert sorted(old[0] for old in plan.before) == [2.25, 17.25]
    by_row = plan_of(content(revised), row_by_row=True, monkeypatch=monkeypatch)
    assert outcome(plan) == outcome(by_row)


def test_missing_values_read_back_as_missing(reference, monkeypatch):
    """An area whose values are all suppressed (``..``: stored without a value) and a file again
    that is the same: the column-wise diff reads the missing values back as missing, so nothing
    changes; a value revised beside them is still the one change."""
    rows = [("DK-IFOR-LOWINC60", area, period, "", ".." if area == "630" else "2.5", "")
            for area in AREAS for period in PERIODS]  # fmt: skip
    first = plan_of(content(rows), row_by_row=False, monkeypatch=monkeypatch)
    import_apply(actor=None, plan=first, source_name="a.csv", format="csv")
    assert Observation.objects.filter(value=None).count() == len(PERIODS)
    found = []
    monkeypatch.setattr(
        services, "same_keys_diff", lambda *args: found.append(ORIGINAL(*args)) or found[-1]
    )
    plan = import_plan(actor=None, rows=parse_file(content(rows), format="csv"))
    assert found == [([], [], [])]
    assert (plan.new, plan.changed, plan.unchanged) == ([], [], len(rows))
    stored = Observation.objects.filter(area__code="630", period="2020").get()
    with_value = [(*row[:4], "7", "") if row[1:3] == ("084", "2020") else row for row in rows]
    plan = import_plan(actor=None, rows=parse_file(content(with_value), format="csv"))
    assert found[-1] is not None and [row[4] for _pk, row in plan.changed] == [7.0]
    assert stored.value is None
