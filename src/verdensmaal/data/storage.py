"""The observation table's raw reads and writes for imports: a million rows through the ORM's
converters would take longer than the import. PostgreSQL gets binary COPY and one statement per
step; SQLite gets executemany in C."""

import re

from django.db import connection

from .models import Observation, ObservationRevision

BATCH = 10_000  # observation ids in one statement
CHUNK = 50_000  # stored rows read at a time
# New rows from which SQLite's secondary indexes are dropped and made again around the insert,
# in its transaction, when the table holds no more rows than are added: sorting the rows once
# into each index costs less than a million inserts at scattered places of it (on an empty
# table 0.9 s less of 5 s for a million rows).
BULK_INSERT = 100_000
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
    with connection.cursor() as cursor:
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
            rebuilt = _sqlite_secondary_indexes(cursor, table) if len(rows) >= BULK_INSERT else []
            if rebuilt:
                cursor.execute(f"SELECT max(id) FROM {table}")  # noqa: S608 - fixed name
                if (cursor.fetchone()[0] or 0) > len(
                    rows
                ):  # an upper bound of the stored rows: ids only grow
                    rebuilt = []
            for name, _create in rebuilt:
                cursor.execute(f'DROP INDEX "{name}"')
            cursor.cursor.executemany(sql, rows)
            for _name, create in rebuilt:
                cursor.execute(create)


def _sqlite_secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """The indexes of ``table`` that can be dropped and made again, with the statements that
    made them (not the unique key's, which belongs to the table)."""
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
        "AND sql IS NOT NULL ORDER BY name",
        [table],
    )
    return cursor.fetchall()


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
            # Dropped at commit; an earlier import in the same transaction (two imports inside
            # one outer atomic block) may have left it.
            cursor.execute("DROP TABLE IF EXISTS pg_temp.import_changes")
            cursor.execute(
                "CREATE TEMPORARY TABLE import_changes (id int8 PRIMARY KEY, value float8, "
                "unit text, flags int2) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY import_changes FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["int8", "float8", "text", "int2"])
                write = copy.write_row
                for pk, row in changed:
                    write((pk, row[4], row[5], row[6]))
            cursor.execute("ANALYZE import_changes")
            cursor.execute(f"{keep}JOIN import_changes AS c ON o.id = c.id", [now, import_id])
            kept = cursor.rowcount
            cursor.execute(
                f"UPDATE {table} AS o SET value = c.value, unit = c.unit, flags = c.flags, "  # noqa: S608 - fixed names
                "data_import_id = %s, updated_at = %s FROM import_changes AS c WHERE o.id = c.id",
                [import_id, now],
            )
            return cursor.rowcount if cursor.rowcount == kept else -1
        kept = 0
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
    unit, lowest flags, highest flags, values)``, the periods and breakdowns each one text joined
    by SEPARATOR, both in one order of the rows (so that the n-th period and the n-th breakdown
    are one row's). A few thousand rows for a million observations: the texts are read without a
    Python object per row. ``values`` (PostgreSQL) is the values as text in that order too, read
    in the same pass (see :func:`stored_values`); None on SQLite.

    The order of the rows within a group is meant to be their keys' (text as "C" sorts it), but
    only the caller's comparison with the keys it expects makes sure of it: where the joined
    periods and breakdowns are those keys in that order, so are the values, which the same
    aggregation took from the same rows in the same order.
    """
    where, params = _stored_where(indicator_ids, area_ids)
    if connection.vendor == "postgresql":
        # The rows sorted once in a subquery, which the aggregates take in that order: as
        # PostgreSQL's documentation says, that usually holds without being promised (see the
        # docstring for why that is enough here). An ORDER BY in each aggregate made PostgreSQL
        # 15 sort each group's rows once per aggregate: twice as long for a million rows.
        source = (
            f"FROM (SELECT indicator_id, area_id, period, breakdown, unit, flags, value {where} "
            'ORDER BY indicator_id, area_id, period COLLATE "C", breakdown COLLATE "C") AS stored'
        )
        texts = "string_agg(period, %s), string_agg(breakdown, %s)"
        # float8 as text is the shortest text that reads back as the same double (PostgreSQL 12+)
        values = "string_agg(coalesce(value::text, ''), ',')"
    else:  # the order in which SQLite reads the rows of each group along an index
        source = where
        texts = "group_concat(period, %s), group_concat(breakdown, %s)"
        values = "NULL"  # SQLite writes a double as text with 15 digits: read as numbers
    sql = (
        f"SELECT indicator_id, area_id, count(*), {texts}, min(unit), max(unit), "
        f"min(flags), max(flags), {values} {source} GROUP BY indicator_id, area_id "
        "ORDER BY indicator_id, area_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [SEPARATOR, SEPARATOR, *params])
        return cursor.fetchall()


def stored_values(indicator_ids: list[int], area_ids: list[int], groups: list[tuple]) -> list:
    """The stored values of these indicators and areas in the order of their keys, as Python
    sorts them: from the groups of :func:`stored_groups` on PostgreSQL, read on SQLite."""
    if connection.vendor == "postgresql":
        texts = ",".join(group[9] for group in groups).split(",") if groups else []
        return [float(text) if text else None for text in texts]
    return stored_column(indicator_ids, area_ids, "value")


def stored_column(indicator_ids: list[int], area_ids: list[int], column: str) -> list:
    """One column (``value`` or ``id``) of the stored observations of these indicators and
    areas, in the order of their keys as Python sorts them (text as "C" does)."""
    if column not in ("value", "id"):
        raise ValueError(column)
    where, params = _stored_where(indicator_ids, area_ids)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # one text per (indicator, area), in "C" order whatever the database's collation
            cursor.execute(
                f"SELECT string_agg(coalesce({column}::text, ''), ',' ORDER BY "
                f'period COLLATE "C", breakdown COLLATE "C") {where} '
                "GROUP BY indicator_id, area_id ORDER BY indicator_id, area_id",
                params,
            )
            texts = ",".join(text for (text,) in cursor.fetchall()).split(",")
            if column == "id":
                return list(map(int, texts))
            return [float(text) if text else None for text in texts]
        cursor.execute(
            f"SELECT {column} {where} ORDER BY indicator_id, area_id, period, breakdown", params
        )
        return [value for (value,) in cursor.fetchall()]
