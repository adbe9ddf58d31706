"""The observation table's raw reads and writes for imports: a million rows through the ORM's
converters would take longer than the import. PostgreSQL gets binary COPY and one statement per
step; SQLite gets executemany in C."""

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from itertools import chain
from operator import itemgetter

import numpy as np
from django.db import connection

from .models import Observation, ObservationRevision

BATCH = 10_000  # observation ids in one statement
CHUNK = 50_000  # stored rows read at a time
# New rows (observations or revisions) from which a table's indexes are dropped and made
# again around the insert, in its transaction, when the table holds no more rows than are added:
# sorting the rows once into each index costs less than a million inserts at scattered places of
# it (PostgreSQL's documentation advises it for bulk loads: "Populating a Database", "Remove
# Indexes"). On an empty table: SQLite 0.9 s less of 5 s for a million rows; PostgreSQL about
# 3 s less of 8. While the transaction lasts, readers of that table wait for it.
BULK_INSERT = 100_000
# Memory for one step of a large import on PostgreSQL (SET LOCAL: this transaction only): the
# hash of a million changed rows (about 60 MB) is joined in memory, not in batches on disk, and
# an index made again is sorted in memory. The defaults are 4 and 64 MB.
WORK_MEM = "256MB"
# Queries at once that read the stored rows for an import's plan on PostgreSQL (see
# stored_groups_soon): with two, planning a million rows already stored took 1.3-1.7 s rather
# than 2.2-2.4 s on the 2-core machine (the planner waited 0.7 s for the rows, not 1.2 s).
PARTS = 2
COPY_TYPES = ["int8", "int8", "text", "text", "float8", "text", "int2", "int8", "timestamptz"]
SQLITE_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?")


def stored_rows(indicator_ids: list[int], area_ids: list[int], *, start: tuple | None = None):
    """The stored observations of these indicators (and areas, when few), in key order, in
    chunks of ``(indicator id, area id, period, breakdown, value, unit, flags)``; from the key
    ``start`` on, with the ``id`` at the end, when ``start`` is given.

    Raw SQL: a million rows through the ORM's converters would take longer than the import.
    """
    sql = (
        "SELECT indicator_id, area_id, period, breakdown, value, unit, flags"  # noqa: S608
        f"{', id' if start else ''} FROM {Observation._meta.db_table} "
        f"WHERE indicator_id IN ({', '.join(['%s'] * len(indicator_ids))})"
    )
    params = indicator_ids
    if len(area_ids) < 20:
        sql += f" AND area_id IN ({', '.join(['%s'] * len(area_ids))})"
        params = [*params, *area_ids]
    if start:
        sql += " AND (indicator_id, area_id, period, breakdown) >= (%s, %s, %s, %s)"
        params = [*params, *start]
    sql += " ORDER BY indicator_id, area_id, period, breakdown"  # the unique index's order
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK):
            yield chunk


def insert_rows(rows: list[tuple], import_id: int, now) -> None:
    """Bulk insert through the driver: binary COPY on PostgreSQL, executemany on SQLite."""
    table = Observation._meta.db_table
    columns = (
        "indicator_id, area_id, period, breakdown, value, unit, flags, data_import_id, updated_at"
    )
    with connection.cursor() as cursor, _indexes_made_after(cursor, table, len(rows)):
        if connection.vendor == "postgresql":
            binary = f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
            with cursor.cursor.copy(binary) as copy:
                copy.set_types(COPY_TYPES)
                write = copy.write_row
                for row in rows:
                    write((*row, import_id, now))
        else:
            # the import and the time are the same for every row: written into the statement
            # (an integer, and a time as the driver writes it), the rows go to SQLite as they are
            if not (isinstance(import_id, int) and SQLITE_TIME.fullmatch(now)):
                raise ValueError(f"unexpected import id or time: {import_id!r}, {now!r}")
            sql = f"INSERT INTO {table} ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, {import_id}, '{now}')"  # noqa: S608, E501 - checked just above
            cursor.cursor.executemany(sql, rows)


@contextmanager
def _indexes_made_after(cursor, table: str, added: int):
    """Around adding ``added`` rows to ``table``: when they are many (BULK_INSERT) and the table
    holds no more rows than that, its indexes are dropped first and made again afterwards, in
    the same transaction. A unique key made again checks every row, as the insert would have: a
    key saved meanwhile fails it (IntegrityError)."""
    rebuilt = []
    if added >= BULK_INSERT and connection.in_atomic_block:  # a failure undoes the drop too
        held = f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT %s) AS held"  # noqa: S608 - fixed name
        cursor.execute(held, [added + 1])
        if cursor.fetchone()[0] <= added:
            rebuilt = _indexes(cursor, table)
    if rebuilt and connection.vendor == "postgresql":
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{WORK_MEM}'")
    for _name, drop, _create in rebuilt:
        cursor.execute(drop)
    yield
    for _name, _drop, create in rebuilt:
        cursor.execute(create)


def _indexes(cursor, table: str) -> list[tuple[str, str, str]]:
    """The indexes of ``table`` that can be dropped and made again, each as ``(name, the
    statement that drops it, the statement that makes it again)``, as the database itself
    writes them.

    PostgreSQL: every index, the primary key's too unless a foreign key constraint refers to it
    (keeping a million increasing ids in the primary key took longer than the rest of the
    copy: 2.8 of 5.2 s; made afterwards, 0.7 s). SQLite: the indexes made by a statement (not the
    unique key's, which belongs to the table; the primary key is the rowid)."""
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT ix.relname, pg_get_indexdef(i.indexrelid), c.conname, "
            "pg_get_constraintdef(c.oid) FROM pg_index AS i "
            "JOIN pg_class AS ix ON ix.oid = i.indexrelid "
            "LEFT JOIN pg_constraint AS c ON c.conindid = i.indexrelid "
            "AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x') "
            "WHERE i.indrelid = %s::regclass AND NOT (i.indisprimary AND EXISTS "
            "(SELECT FROM pg_constraint AS f WHERE f.confrelid = i.indrelid AND f.contype = 'f')) "
            "ORDER BY i.indisprimary DESC, ix.relname",
            [table],
        )
        return [
            (name, f'ALTER TABLE {table} DROP CONSTRAINT "{constraint}"',
             f'ALTER TABLE {table} ADD CONSTRAINT "{constraint}" {definition}')
            if constraint
            else (name, f'DROP INDEX "{name}"', create)
            for name, create, constraint, definition in cursor.fetchall()
        ]  # fmt: skip
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
        "AND sql IS NOT NULL ORDER BY name",
        [table],
    )
    return [(name, f'DROP INDEX "{name}"', create) for name, create in cursor.fetchall()]


def change_rows(changed: list[tuple[int, tuple]], import_id: int, now) -> int:
    """Keep the values about to change as revisions, then change them; the number of
    observations changed. The revisions copy what is stored when the import is saved, in SQL,
    whatever the preview saw.

    PostgreSQL: the new values go into a temporary table (binary COPY), the revisions and the
    update are one statement each. SQLite: the revisions by ids, a batch at a time, and the
    update by id (an executemany in C); SQLite fills a temporary table no faster.
    """
    table, revisions = Observation._meta.db_table, ObservationRevision._meta.db_table
    keep = (
        f"INSERT INTO {revisions} (observation_id, value, unit, flags, data_import_id, "  # noqa: S608 - fixed names
        "valid_from, replaced_at, replaced_by_id) SELECT o.id, o.value, o.unit, o.flags, "
        f"o.data_import_id, o.updated_at, %s, %s FROM {table} AS o "
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            # Dropped at commit; an earlier import in the same transaction (two imports inside
            # one outer atomic block) may have left it. No key: the joins hash it.
            cursor.execute("DROP TABLE IF EXISTS pg_temp.import_changes")
            cursor.execute(
                "CREATE TEMPORARY TABLE import_changes (id int8, value float8, unit text, "
                "flags int2) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY import_changes FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["int8", "float8", "text", "int2"])
                write = copy.write_row
                for pk, row in changed:
                    write((pk, row[4], row[5], row[6]))
            cursor.execute("ANALYZE import_changes")
            with _indexes_made_after(cursor, revisions, len(changed)):
                cursor.execute(f"{keep}JOIN import_changes AS c ON o.id = c.id", [now, import_id])
                kept = cursor.rowcount
            cursor.execute(
                f"UPDATE {table} AS o SET value = c.value, unit = c.unit, flags = c.flags, "  # noqa: S608 - fixed names
                "data_import_id = %s, updated_at = %s FROM import_changes AS c WHERE o.id = c.id",
                [import_id, now],
            )
            return cursor.rowcount if cursor.rowcount == kept else -1
        kept = 0
        with _indexes_made_after(cursor, revisions, len(changed)):
            for start in range(0, len(changed), BATCH):
                ids = [pk for pk, _row in changed[start : start + BATCH]]
                cursor.execute(
                    f"{keep}WHERE o.id IN ({', '.join(['%s'] * len(ids))})", [now, import_id, *ids]
                )
                kept += cursor.rowcount
        update = (
            f"UPDATE {table} SET value = ?, unit = ?, flags = ?, data_import_id = ?, "  # noqa: S608 - fixed names
            "updated_at = ? WHERE id = ?"
        )
        raw = cursor.cursor
        raw.executemany(
            update, ((row[4], row[5], row[6], import_id, now, pk) for pk, row in changed)
        )
        return raw.rowcount if raw.rowcount == kept else -1


SEPARATOR = "\x1f"  # the unit separator: between the texts of a column, read as one text


def _stored_where(indicator_ids: list[int], area_ids: list[int]) -> tuple[str, list]:
    where = (
        f"FROM {Observation._meta.db_table} WHERE indicator_id IN "
        f"({', '.join(['%s'] * len(indicator_ids))}) "
        f"AND area_id IN ({', '.join(['%s'] * len(area_ids))})"
    )
    return where, [*indicator_ids, *area_ids]


def stored_groups(indicator_ids: list[int], area_ids: list[int]) -> list[tuple]:
    """The stored observations of these indicators and areas, one row per (indicator, area) in
    that order: ``(indicator id, area id, count, periods, breakdowns, lowest unit, highest
    unit, lowest flags, highest flags, values, ids)``, the periods and breakdowns each one text
    joined by SEPARATOR, both in one order of the rows (so that the n-th period and the n-th
    breakdown are one row's). A few thousand rows for a million observations: the texts are read
    without a Python object per row. ``values`` and ``ids`` (PostgreSQL) are the values and the
    observations' ids in that order too, read in the same pass as bytes (eight per row, as
    PostgreSQL sends a double and a bigint: no text to write or read; see :func:`stored_values`,
    :func:`stored_ids`); None on SQLite.

    The order of the rows within a group is meant to be their keys' (text as "C" sorts it), but
    only the caller's comparison with the keys it expects makes sure of it: where the joined
    periods and breakdowns are those keys in that order, so are the values and ids, which the
    same aggregation took from the same rows in the same order. (The ids cost the server about a
    twentieth more than the query without them, and save a second query, as long again, when
    values changed.)
    """
    where, params = _stored_where(indicator_ids, area_ids)
    if connection.vendor == "postgresql":
        # The rows sorted once in a subquery, which the aggregates take in that order: as
        # PostgreSQL's documentation says, that usually holds without being promised (see the
        # docstring for why that is enough here). An ORDER BY in each aggregate made PostgreSQL
        # 15 sort each group's rows once per aggregate: twice as long for a million rows.
        source = (
            "FROM (SELECT indicator_id, area_id, period, breakdown, unit, flags, value, id "
            f'{where} ORDER BY indicator_id, area_id, period COLLATE "C", '
            'breakdown COLLATE "C") AS stored'
        )
        texts = "string_agg(period, %s), string_agg(breakdown, %s)"
        # a missing value as NaN, which no stored value is (the parsers refuse what is not finite)
        values = (
            "string_agg(float8send(coalesce(value, 'NaN')), ''::bytea), "
            "string_agg(int8send(id), ''::bytea)"
        )
    else:  # the order in which SQLite reads the rows of each group along an index
        source = where
        texts = "group_concat(period, %s), group_concat(breakdown, %s)"
        values = "NULL, NULL"  # SQLite writes a double as text with 15 digits: read as numbers
    sql = (
        f"SELECT indicator_id, area_id, count(*), {texts}, min(unit), max(unit), "
        f"min(flags), max(flags), {values} {source} GROUP BY indicator_id, area_id "
        "ORDER BY indicator_id, area_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [SEPARATOR, SEPARATOR, *params])
        return cursor.fetchall()


def stored_groups_soon(indicator_ids: list[int], area_ids: list[int]) -> Callable[[], list]:
    """:func:`stored_groups`, asked for now and waited for when the function returned is called.

    On PostgreSQL outside a transaction, the areas are read in PARTS parts at once, each on a
    connection of its own in a thread (closed when it is done): the server reads and aggregates
    with as many processes while this thread goes on, and the import planner orders the
    incoming rows meanwhile. Inside a transaction, another connection might not see what this
    one wrote, so the query runs at once on this one; on SQLite likewise.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        groups = stored_groups(indicator_ids, area_ids)
        return lambda: groups
    parts = [area_ids[start::PARTS] for start in range(PARTS) if area_ids[start::PARTS]]
    pool = ThreadPoolExecutor(max_workers=len(parts))
    futures = [
        pool.submit(_on_own_connection, stored_groups, indicator_ids, part) for part in parts
    ]
    pool.shutdown(wait=False)  # its threads end with the queries

    def groups() -> list:  # in the order of (indicator, area), as one query gives them
        return sorted(chain.from_iterable(f.result() for f in futures), key=itemgetter(0, 1))

    return groups


def _on_own_connection(function, *args):
    try:
        return function(*args)  # `connection` is this thread's own
    finally:
        connection.close()


def stored_values(indicator_ids: list[int], area_ids: list[int], groups: list[tuple]) -> list:
    """The stored values of these indicators and areas in the order of their keys, as Python
    sorts them: from the groups of :func:`stored_groups` on PostgreSQL, read on SQLite."""
    if connection.vendor == "postgresql":
        values = _sent(groups, 9, ">f8")
        if not np.isnan(values).any():
            return values.tolist()
        return [None if value != value else value for value in values.tolist()]  # NaN: missing
    return _sqlite_column(indicator_ids, area_ids, "value")


def stored_ids(indicator_ids: list[int], area_ids: list[int], groups: list[tuple]) -> list[int]:
    """The stored observations' ids, in the order of :func:`stored_values`."""
    if connection.vendor == "postgresql":
        return _sent(groups, 10, ">i8").tolist()
    return _sqlite_column(indicator_ids, area_ids, "id")


def _sent(groups: list[tuple], column: int, dtype: str) -> np.ndarray:
    """A column of the groups as PostgreSQL sent it, eight bytes a row (big-endian)."""
    return np.frombuffer(b"".join(group[column] for group in groups), dtype)


def _sqlite_column(indicator_ids: list[int], area_ids: list[int], column: str) -> list:
    """One column (``value`` or ``id``) of the stored observations of these indicators and
    areas, in the order of their keys (SQLite compares text as Python does)."""
    if column not in ("value", "id"):
        raise ValueError(column)
    where, params = _stored_where(indicator_ids, area_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} {where} ORDER BY indicator_id, area_id, period, breakdown", params
        )
        return [value for (value,) in cursor.fetchall()]
