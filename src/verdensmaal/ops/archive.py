"""The backup archive (``verdensmaal backup``): every table of every installed app, found
through the app registry, and the uploaded files, in one zip archive; the same on SQLite and
PostgreSQL, and restored on either (``ops.restore``).

The archive (``FORMAT_VERSION`` 1):

- ``manifest.json``: the format and its version, when and from which database the backup was
  made, the migrations applied per app, and per table its file, columns (name and kind, see
  ``ops.canonical``), row count and the SHA-256 of its canonical serialisation; per uploaded
  file its path, size and SHA-256.
- ``tables/<table>.jsonl``: the rows in primary-key order as canonical JSON, ``ROWS_PER_LINE``
  rows a line (see ``ops.canonical``): the canonical serialisation whose SHA-256 the manifest
  gives (for a table with JSON columns, of the same lines with each object's keys sorted).
- ``media/<path>``: the uploaded files.

A backup reads all tables in one transaction (PostgreSQL: repeatable read; SQLite: one read
transaction), so it is consistent while the site runs.

Django's ``dumpdata`` goes through the ORM's serialisers (timestamps cut to milliseconds in
JSON, every row an object): this is the table's rows as they are.
"""

import hashlib
import json
import os
import platform
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.expressions import Col

import verdensmaal

from . import canonical

FORMAT = "verdensmaal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ROWS_PER_LINE = 10_000  # rows in one line of a table's file (one JSON array of rows)
COMPRESS_LEVEL = 1  # zlib's fastest: the JSON lines shrink about fivefold all the same
READ_BYTES = 1 << 20

# Django's field types by the kind of their canonical value; a relation takes its target's kind.
KIND_OF_TYPE = {
    "AutoField": "int",
    "BigAutoField": "int",
    "SmallAutoField": "int",
    "IntegerField": "int",
    "BigIntegerField": "int",
    "SmallIntegerField": "int",
    "PositiveIntegerField": "int",
    "PositiveBigIntegerField": "int",
    "PositiveSmallIntegerField": "int",
    "CharField": "str",
    "TextField": "str",
    "SlugField": "str",
    "FileField": "str",
    "FilePathField": "str",
    "GenericIPAddressField": "str",
    "BooleanField": "bool",
    "FloatField": "float",
    "DecimalField": "decimal",
    "DateTimeField": "datetime",
    "DateField": "date",
    "TimeField": "time",
    "DurationField": "duration",
    "JSONField": "json",
    "BinaryField": "binary",
    "UUIDField": "uuid",
}
# A field of each kind, for the database's converters (reading) and adapters (writing).
FIELD_OF_KIND = {
    "int": models.BigIntegerField,
    "str": models.TextField,
    "bool": models.BooleanField,
    "float": models.FloatField,
    "datetime": models.DateTimeField,
    "date": models.DateField,
    "time": models.TimeField,
    "duration": models.DurationField,
    "json": models.JSONField,
    "binary": models.BinaryField,
    "uuid": models.UUIDField,
}
PLAIN_KINDS = {"int", "str", "float"}  # the drivers give and take these as they are


class ArchiveError(Exception):
    """A backup or restore that cannot be done, with the reason for the person running it."""


# Reading tables ------------------------------------------------------------------------------


def _kind(field) -> str:
    if field.is_relation:
        return _kind(field.target_field)
    internal = field.get_internal_type()
    if internal not in KIND_OF_TYPE:
        raise ArchiveError(f"{field.model._meta.label}.{field.name}: {internal} is not supported")
    return KIND_OF_TYPE[internal]


def _column(field) -> dict:
    spec = {"name": field.column, "kind": _kind(field), "null": field.null}
    if spec["kind"] == "decimal":
        spec.update(max_digits=field.max_digits, decimal_places=field.decimal_places)
    return spec


def stored_models() -> list:
    """Every model with a table of its own, many-to-many tables included, by table name."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]
    return sorted(found, key=lambda model: model._meta.db_table)


def table_spec(model) -> dict:
    return {
        "name": model._meta.db_table,
        "model": model._meta.label,
        "primary_key": model._meta.pk.column,
        "columns": [_column(field) for field in model._meta.concrete_fields],
    }


def column_field(spec: dict, table: str):
    kind = spec["kind"]
    if kind == "decimal":
        field = models.DecimalField(
            max_digits=spec["max_digits"], decimal_places=spec["decimal_places"]
        )
    else:
        field = FIELD_OF_KIND[kind]()
    field.set_attributes_from_name(spec["name"])
    field.null = spec["null"]
    return field, Col(table, field)


def _reader(spec: dict, table: str) -> Callable | None:
    """The function from a value as the driver returns it to its canonical value (None: the
    value is canonical as it comes, see ``_selected``)."""
    kind = spec["kind"]
    if kind == "json":  # the text as stored: SQL NULL and JSON null stay apart
        return canonical.ENCODERS["json"]
    if kind in PLAIN_KINDS or (kind == "datetime" and spec.get("in_sql")):
        return None
    return _converted_reader(spec, table)


def _converted_reader(spec: dict, table: str) -> Callable:
    kind = spec["kind"]
    _, col = column_field(spec, table)
    converters = connection.ops.get_db_converters(col)
    encode = canonical.ENCODERS[kind]
    if not converters:
        return encode

    def read(value):
        for converter in converters:
            value = converter(value, col, connection)
        return encode(value)

    return read


def table_chunks(table: dict) -> Iterator[tuple[int, bytes, bytes]]:
    """The table's rows in primary-key order, ``ROWS_PER_LINE`` at a time: the number of rows,
    their line in the archive's file, and their canonical line (the same but for JSON objects'
    key order, see ``ops.canonical``)."""
    quote = connection.ops.quote_name
    columns = [
        {**spec, "in_sql": _datetimes_in_sql(table["name"], spec["name"])}
        if spec["kind"] == "datetime"
        else spec
        for spec in table["columns"]
    ]
    readers = [
        (index, reader)
        for index, spec in enumerate(columns)
        if (reader := _reader(spec, table["name"])) is not None
    ]
    json_columns = [index for index, spec in enumerate(columns) if spec["kind"] == "json"]
    pk_index = next(i for i, c in enumerate(columns) if c["name"] == table["primary_key"])
    by_int_key = columns[pk_index]["kind"] == "int"
    sql = "SELECT {} FROM {}".format(  # noqa: S608 - quoted names from the registry or manifest
        ", ".join(_selected(column) for column in columns), quote(table["name"])
    )
    if by_int_key:
        sql += f" ORDER BY {quote(table['primary_key'])}"

    def rows():
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql)
            while batch := cursor.fetchmany(ROWS_PER_LINE):
                if readers:
                    batch = [_read(row, readers) for row in batch]
                yield from batch

    ordered = rows()
    if not by_int_key:  # text keys sort differently under different collations: sort here
        ordered = iter(sorted(ordered, key=lambda row: row[pk_index]))
    while batch := list(islice(ordered, ROWS_PER_LINE)):
        text = canonical.rows_text(batch)
        if json_columns:
            yield len(batch), text, canonical_text(batch, json_columns)
        else:
            yield len(batch), text, text


# A stored datetime's canonical text, written by the database: quicker than a Python datetime per
# value. Django keeps a datetime in SQLite as the text of its naive UTC value, str(value), which
# leaves out a zero fraction; PostgreSQL's timestamptz is formatted in UTC.
SQLITE_DATETIME = (
    "substr({0}, 1, 10) || 'T' || substr({0}, 12) "
    "|| CASE WHEN length({0}) = 19 THEN '.000000+00:00' ELSE '+00:00' END"
)
SQLITE_DJANGO_DATETIME = "(length({0}) IN (19, 26) AND substr({0}, 11, 1) = ' ')"
POSTGRES_DATETIME = "to_char({0} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"


def _datetimes_in_sql(table: str, column: str) -> bool:
    """Whether the database can write this column's canonical text: always on PostgreSQL; on
    SQLite when every value is in Django's form (else each is parsed in Python)."""
    if connection.vendor == "postgresql":
        return True
    if connection.vendor != "sqlite":
        return False
    name, table = connection.ops.quote_name(column), connection.ops.quote_name(table)
    odd = f"{name} IS NOT NULL AND NOT {SQLITE_DJANGO_DATETIME.format(name)}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE {odd} LIMIT 1")  # noqa: S608 - quoted names
        return cursor.fetchone() is None


def _selected(column: dict) -> str:
    name = connection.ops.quote_name(column["name"])
    if column["kind"] == "datetime" and column.get("in_sql"):
        template = POSTGRES_DATETIME if connection.vendor == "postgresql" else SQLITE_DATETIME
        return template.format(name)
    if connection.vendor == "sqlite" and column["kind"] == "datetime":
        return f"CAST({name} AS TEXT)"  # the stored text, not parsed by the driver
    return name


def _read(row: tuple, readers) -> list:
    values = list(row)
    for index, reader in readers:
        if values[index] is not None:
            values[index] = reader(values[index])
    return values


def canonical_text(batch: list, json_columns: list[int]) -> bytes:
    rows = []
    for row in batch:
        values = list(row)
        for index in json_columns:
            if values[index] is not None:
                values[index] = canonical.canonical_json(values[index])
        rows.append(values)
    return canonical.rows_text(rows)


@contextmanager
def snapshot():
    """One consistent view of all tables while the site goes on writing."""
    if connection.in_atomic_block:  # inside a caller's transaction: that is the view
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")  # a read transaction: writers go on (WAL)
            try:
                yield
            finally:
                cursor.execute("COMMIT")
    else:
        with transaction.atomic():
            yield


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


# Backup --------------------------------------------------------------------------------------


def backup(path: str | os.PathLike, *, progress: Callable[[int], None] = lambda rows: None):
    """Write the archive to ``path`` (through a temporary file beside it: a failed backup
    leaves no archive). Returns the manifest."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise ArchiveError("the database has migrations still to run: run migrate first")
    target = Path(path)
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    os.close(handle)
    try:
        with zipfile.ZipFile(
            partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
        ) as archive:
            manifest = _write(archive, progress)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return manifest


def _write(archive: zipfile.ZipFile, progress) -> dict:
    tables = []
    with snapshot():
        migrations = applied_migrations()
        for model in stored_models():
            table = table_spec(model)
            table["file"] = f"tables/{table['name']}.jsonl"
            digest, rows = hashlib.sha256(), 0
            with archive.open(table["file"], "w", force_zip64=True) as member:
                for count, text, canonical_lines in table_chunks(table):
                    member.write(text)
                    digest.update(canonical_lines)
                    rows += count
                    progress(count)
            tables.append({**table, "rows": rows, "sha256": digest.hexdigest()})
    media = []
    root = Path(settings.MEDIA_ROOT)
    for file in media_files():
        name = file.relative_to(root).as_posix()
        digest = hashlib.sha256()
        with file.open("rb") as source, archive.open(f"media/{name}", "w", force_zip64=True) as out:
            while block := source.read(READ_BYTES):
                digest.update(block)
                out.write(block)
        media.append({"path": name, "size": file.stat().st_size, "sha256": digest.hexdigest()})
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "verdensmaal_version": verdensmaal.__version__,
        "database": connection.vendor,
        "host": platform.node(),
        "migrations": migrations,
        "tables": tables,
        "media": media,
    }
    archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest
