"""Many new rows into SQLite: the secondary indexes are dropped and made again around the
insert, in its transaction, and come back as they were whether the import is saved or not."""

import pytest
from django.db import connection

from verdensmaal.data import storage
from verdensmaal.data.models import Observation
from verdensmaal.data.services import ImportConflictError, import_apply, import_plan, parse_file

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's indexes; PostgreSQL copies with its own"
)

CONTENT = "indicator,area,period,value\n" + "".join(
    f"DK-IFOR-LOWINC60,{area},{year},{year / 10}\n"
    for area in ("000", "630", "101")
    for year in range(2000, 2020)
)


def indexes() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "ORDER BY name",
            [Observation._meta.db_table],
        )
        return cursor.fetchall()


def plan_of(content: str):
    return import_plan(actor=None, rows=parse_file(content.encode(), format="csv"))


def test_the_indexes_are_made_again_as_they_were(reference, monkeypatch):
    monkeypatch.setattr(storage, "BULK_INSERT", 10)
    dropped = []
    execute = storage._sqlite_secondary_indexes
    monkeypatch.setattr(
        storage, "_sqlite_secondary_indexes", lambda *a: dropped.extend(execute(*a)) or dropped
    )
    before = indexes()
    assert {"observation_by_area", "observation_headline"} <= {name for name, _sql in before}
    import_apply(actor=None, plan=plan_of(CONTENT), source_name="a.csv", format="csv")
    assert dropped and indexes() == before
    assert Observation.objects.filter(area__code="630", breakdown="").count() == 20
    with connection.cursor() as cursor:  # both indexes hold every row again
        cursor.execute(
            "SELECT count(*) FROM data_observation INDEXED BY observation_headline "
            "WHERE indicator_id > 0 AND breakdown = ''"
        )
        headline = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM data_observation INDEXED BY observation_by_area WHERE area_id > 0"
        )
        assert (headline, cursor.fetchone()[0]) == (60, 60)


def test_a_refused_insert_leaves_the_indexes_too(reference, monkeypatch):
    monkeypatch.setattr(storage, "BULK_INSERT", 10)
    first, second = plan_of(CONTENT), plan_of(CONTENT)
    import_apply(actor=None, plan=first, source_name="a.csv", format="csv")
    Observation.objects.all().delete()  # fewer stored rows than new ones: dropped and made
    import_apply(actor=None, plan=first, source_name="b.csv", format="csv")
    before = indexes()
    with pytest.raises(ImportConflictError):  # its keys are taken meanwhile
        import_apply(actor=None, plan=second, source_name="c.csv", format="csv")
    assert indexes() == before
    assert Observation.objects.count() == 60
