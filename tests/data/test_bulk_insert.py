"""Many new rows into a table that holds fewer: its secondary indexes are dropped and made again
around the insert, in its transaction, and come back as they were whether the import is saved or
not. Observations (new rows) and their revisions (changed rows), on SQLite and PostgreSQL."""

import pytest
from django.db import connection

from verdensmaal.data import storage
from verdensmaal.data.models import Observation, ObservationRevision
from verdensmaal.data.services import (
    ImportConflictError,
    ImportPlan,
    import_apply,
    import_plan,
    parse_file,
)

OBSERVATIONS, REVISIONS = Observation._meta.db_table, ObservationRevision._meta.db_table


def content(change: float = 0) -> str:
    return "indicator,area,period,value\n" + "".join(
        f"DK-IFOR-LOWINC60,{area},{year},{year / 10 + change}\n"
        for area in ("000", "630", "101")
        for year in range(2000, 2020)
    )


CONTENT = content()


def indexes(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                "ORDER BY indexname",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "ORDER BY name",
                [table],
            )
        return cursor.fetchall()


def plan_of(content: str):
    return import_plan(actor=None, rows=parse_file(content.encode(), format="csv"))


@pytest.fixture
def dropped(monkeypatch):
    """The names of the indexes dropped and made again, as they are."""
    monkeypatch.setattr(storage, "BULK_INSERT", 10)
    names = []
    find = storage._indexes

    def spy(cursor, table):
        found = find(cursor, table)
        names.extend(name for name, _drop, _create in found)
        return found

    monkeypatch.setattr(storage, "_indexes", spy)
    return names


def test_the_indexes_are_made_again_as_they_were(reference, dropped):
    before = indexes(OBSERVATIONS)
    assert {"observation_by_area", "observation_headline"} <= {name for name, _sql in before}
    import_apply(actor=None, plan=plan_of(CONTENT), source_name="a.csv", format="csv")
    assert {"observation_by_area", "observation_headline"} <= set(dropped)
    assert indexes(OBSERVATIONS) == before
    assert Observation.objects.filter(area__code="630", breakdown="").count() == 20
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # both indexes hold every row again
            cursor.execute(
                "SELECT count(*) FROM data_observation INDEXED BY observation_headline "
                "WHERE indicator_id > 0 AND breakdown = ''"
            )
            headline = cursor.fetchone()[0]
            cursor.execute(
                "SELECT count(*) FROM data_observation INDEXED BY observation_by_area "
                "WHERE area_id > 0"
            )
            assert (headline, cursor.fetchone()[0]) == (60, 60)


def test_a_refused_insert_leaves_the_indexes_too(reference, dropped):
    first, second = plan_of(CONTENT), plan_of(CONTENT)
    import_apply(actor=None, plan=first, source_name="a.csv", format="csv")
    Observation.objects.all().delete()  # fewer stored rows than new ones: dropped and made
    import_apply(actor=None, plan=first, source_name="b.csv", format="csv")
    before = indexes(OBSERVATIONS)
    with pytest.raises(ImportConflictError):  # its keys are taken meanwhile
        import_apply(actor=None, plan=second, source_name="c.csv", format="csv")
    assert indexes(OBSERVATIONS) == before
    assert Observation.objects.count() == 60


def test_the_unique_key_is_made_again_and_still_refuses_a_repeated_key(reference, dropped):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's unique key belongs to the table: it is never dropped")
    import_apply(actor=None, plan=plan_of(CONTENT), source_name="a.csv", format="csv")
    assert {"observation_key", "data_observation_pkey"} <= set(dropped)
    row = Observation.objects.values_list(
        "indicator_id", "area_id", "period", "breakdown", "value", "unit", "flags"
    )[0]
    with pytest.raises(ImportConflictError):  # the constraint was made again: it holds
        import_apply(
            actor=None, plan=ImportPlan(rows_total=1, new=[row]), source_name="b", format="csv"
        )


def test_many_revisions_into_few_make_the_revision_indexes_again(reference, dropped):
    import_apply(actor=None, plan=plan_of(CONTENT), source_name="a.csv", format="csv")
    dropped.clear()
    before = indexes(REVISIONS)
    plan = plan_of(content(change=0.5))
    assert len(plan.changed) == 60
    import_apply(actor=None, plan=plan, source_name="b.csv", format="csv")
    assert {name for name, _sql in before if "autoindex" not in name} <= set(dropped)
    assert indexes(REVISIONS) == before
    assert ObservationRevision.objects.count() == 60
    assert ObservationRevision.objects.filter(value=200.0).count() == 3  # the year 2000's
