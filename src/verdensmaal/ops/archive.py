"""Backup and restore: every table of every installed app, found through the app registry, and
the uploaded files, in one zip archive; the same on SQLite and PostgreSQL, and from one to the
other.

The archive (``FORMAT_VERSION`` 1):

- ``manifest.json``: the format and its version, when and from which database the backup was
  made, the migrations applied per app, and per table its file, columns (name and kind, see
  ``ops.canonical``), row count and the SHA-256 of its file; per uploaded file its path, size
  and SHA-256.
- ``tables/<table>.jsonl``: the rows in primary-key order as canonical JSON, ``ROWS_PER_LINE``
  rows a line (see ``ops.canonical``): the canonical serialisation whose SHA-256 the manifest
  gives (for a table with JSON columns, of the same lines with each object's keys sorted).
- ``media/<path>``: the uploaded files.

A backup reads all tables in one transaction (PostgreSQL: repeatable read; SQLite: one read
transaction), so it is consistent while the site runs. A restore refuses a database that holds
data, brings the database to the archive's migrations, loads every table in bulk (COPY on
PostgreSQL, executemany on SQLite) in one transaction, resets PostgreSQL's sequences, reads every
table back and compares its SHA-256 with the manifest before it commits, then runs the
migrations the archive does not have yet and puts the uploaded files back.

Django's ``dumpdata`` goes through the ORM's serialisers (timestamps cut to milliseconds in
JSON, every row an object): this is the table's rows as they are.
"""

import hashlib
import json
import os
import platform
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.expressions import Col

import verdensmaal
from verdensmaal.audit.services import content_version_bump

from . import canonical

FORMAT = "verdensmaal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ROWS_PER_LINE = 10_000  # rows in one line of a table's file (one JSON array of rows)
MANY_ROWS = 50_000  # a table this large gets its indexes built after loading
INDEX_MEMORY = "256MB"  # PostgreSQL's memory for building them (maintenance_work_mem)
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


def _field(spec: dict, table: str):
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
    _, col = _field(spec, table)
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
            yield len(batch), text, _canonical_text(batch, json_columns)
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


def _canonical_text(batch: list, json_columns: list[int]) -> bytes:
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


def _media_files() -> list[Path]:
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
                for count, text, canonical_text in table_chunks(table):
                    member.write(text)
                    digest.update(canonical_text)
                    rows += count
                    progress(count)
            tables.append({**table, "rows": rows, "sha256": digest.hexdigest()})
    media = []
    root = Path(settings.MEDIA_ROOT)
    for file in _media_files():
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


# Restore -------------------------------------------------------------------------------------


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise ArchiveError("this is not a verdensmaal backup: it has no manifest.json") from None
    if manifest.get("format") != FORMAT:
        raise ArchiveError("this is not a verdensmaal backup")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            f"backup format {manifest.get('format_version')} is not known to this version "
            f"(it reads format {FORMAT_VERSION})"
        )
    return manifest


# Tables that ``migrate`` fills by itself in an otherwise empty database.
FILLED_BY_MIGRATE = {"contenttypes.ContentType", "auth.Permission"}


def ensure_empty() -> None:
    """Refuse a database with data in it, or uploaded files in the media folder."""
    existing = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in stored_models():
            table = model._meta.db_table
            if table not in existing or model._meta.label in FILLED_BY_MIGRATE:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 - a table name
            if cursor.fetchone():
                raise ArchiveError(
                    f"the database is not empty (table {table} has rows): restore only into a "
                    "new, empty database"
                )
    if _media_files():
        raise ArchiveError(f"the media folder {settings.MEDIA_ROOT} is not empty")


def _migration_targets(executor: MigrationExecutor, applied: dict[str, list[str]]) -> list:
    graph = executor.loader.graph
    nodes = {(app, name) for app, names in applied.items() for name in names}
    unknown = sorted(nodes - set(graph.nodes))
    if unknown:
        raise ArchiveError(
            "the backup comes from a newer version of verdensmaal (migrations this version does "
            f"not have: {', '.join(f'{app}.{name}' for app, name in unknown[:5])})"
        )
    targets = []
    for app in sorted(executor.loader.migrated_apps):
        own = {node for node in nodes if node[0] == app}
        leaves = [
            node
            for node in sorted(own)
            if not any(child.key in own for child in graph.node_map[node].children)
        ]
        targets += leaves or [(app, None)]
    return targets


def _migrations_to_run() -> list:
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def migrate_to(applied: dict[str, list[str]]) -> None:
    """Bring the database to the archive's migrations (as ``migrate app name`` would)."""
    executor = MigrationExecutor(connection)
    targets = _migration_targets(executor, applied)
    plan = executor.migration_plan(targets)
    if plan:
        executor.migrate(targets, plan=plan)


# PostgreSQL reads these kinds' canonical text itself (COPY's text format).
POSTGRES_TEXT_KINDS = {"datetime", "date", "time", "decimal", "uuid", "json"}


def _writer(spec: dict, table: str) -> Callable | None:
    """The function from a canonical value to what the driver stores, as Django would."""
    kind = spec["kind"]
    if kind in PLAIN_KINDS:
        return None
    if connection.vendor == "postgresql" and kind in POSTGRES_TEXT_KINDS:
        return None
    if connection.vendor == "postgresql" and kind == "duration":
        return lambda microseconds: f"{microseconds} microseconds"
    if connection.vendor == "sqlite" and kind == "datetime":
        return None  # rewritten by SQLite as it inserts (SQLITE_DATETIME_IN)
    decode = canonical.DECODERS[kind]
    ops = connection.ops
    if kind == "json":
        return lambda text: ops.adapt_json_value(json.loads(text), None)
    if kind == "datetime":
        return lambda text: ops.adapt_datetimefield_value(decode(text))
    if kind == "decimal":
        places, digits = spec["decimal_places"], spec["max_digits"]
        return lambda text: ops.adapt_decimalfield_value(decode(text), digits, places)
    if kind == "bool":
        return bool
    field, _ = _field(spec, table)
    return lambda value: field.get_db_prep_save(decode(value), connection)


# The canonical datetime ("2024-03-01T09:30:00.000001+00:00", always 32 characters) as Django
# writes it to SQLite (str() of the naive UTC value, without a zero fraction), by SQLite itself.
SQLITE_DATETIME_IN = (
    "substr(?{0}, 1, 10) || ' ' || CASE WHEN substr(?{0}, 21, 6) = '000000' "
    "THEN substr(?{0}, 12, 8) ELSE substr(?{0}, 12, 15) END"
)


def _table_lines(archive: zipfile.ZipFile, table: dict, digest) -> Iterator[list]:
    """The rows of the table's file, a line at a time, as the driver takes them; ``digest`` gets
    their canonical lines."""
    writers = [
        (index, writer)
        for index, spec in enumerate(table["columns"])
        if (writer := _writer(spec, table["name"])) is not None
    ]
    json_columns = [i for i, spec in enumerate(table["columns"]) if spec["kind"] == "json"]
    with archive.open(table["file"]) as member:
        for line in member:
            rows = canonical.parse_line(line)
            digest.update(_canonical_text(rows, json_columns) if json_columns else line)
            for index, writer in writers:
                for values in rows:
                    if values[index] is not None:
                        values[index] = writer(values[index])
            yield rows


def _load_table(archive, table: dict, progress) -> None:
    quote = connection.ops.quote_name
    digest = hashlib.sha256()
    names = ", ".join(quote(column["name"]) for column in table["columns"])
    lines = _table_lines(archive, table, digest)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            indexes = _postgres_indexes_dropped(cursor, table) if table["rows"] > MANY_ROWS else []
            with cursor.cursor.copy(f"COPY {quote(table['name'])} ({names}) FROM STDIN") as copy:
                for rows in lines:
                    for row in rows:
                        copy.write_row(row)
                    count += len(rows)
                    progress(len(rows))
            if indexes:
                cursor.execute(f"SET LOCAL maintenance_work_mem = '{INDEX_MEMORY}'")
            for index in indexes:  # built once over all rows: quicker than row by row
                cursor.execute(index)
        else:
            indexes = _sqlite_indexes_dropped(cursor, table) if table["rows"] > MANY_ROWS else []
            marks = ", ".join(
                SQLITE_DATETIME_IN.format(number) if column["kind"] == "datetime" else f"?{number}"
                for number, column in enumerate(table["columns"], start=1)
            )
            sql = f"INSERT INTO {quote(table['name'])} ({names}) VALUES ({marks})"  # noqa: S608
            for rows in lines:
                cursor.cursor.executemany(sql, rows)  # the driver's own: numbered parameters
                count += len(rows)
                progress(len(rows))
            for index in indexes:  # built once over all rows: quicker than row by row
                cursor.execute(index)
    if digest.hexdigest() != table["sha256"] or count != table["rows"]:
        raise ArchiveError(f"the archive's file for table {table['name']} is damaged")


def _sqlite_indexes_dropped(cursor, table: dict) -> list[str]:
    """Drop the table's own indexes (not its primary key); returns the SQL that makes them."""
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
        "AND sql IS NOT NULL",
        [table["name"]],
    )
    found = cursor.fetchall()
    for name, _ in found:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [sql for _, sql in found]


def _postgres_indexes_dropped(cursor, table: dict) -> list[str]:
    """Drop the table's indexes and unique constraints but its primary key and those another
    table's foreign key relies on; returns the SQL that makes them again."""
    quote = connection.ops.quote_name
    cursor.execute(
        "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "WHERE c.conrelid = %s::regclass AND c.contype = 'u' AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid)",
        [quote(table["name"])],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = %s::regclass AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [quote(table["name"])],
    )
    indexes = cursor.fetchall()
    made = []
    for name, definition in constraints:
        cursor.execute(f"ALTER TABLE {quote(table['name'])} DROP CONSTRAINT {quote(name)}")
        made.append(f"ALTER TABLE {quote(table['name'])} ADD CONSTRAINT {quote(name)} {definition}")
    for name, definition in indexes:
        cursor.execute(f"DROP INDEX {name}")  # regclass text: quoted where it must be
        made.append(definition)
    return made


def _empty_tables(names: list[str]) -> None:
    existing = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    present = [quote(name) for name in names if name in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and present:
            cursor.execute(f"TRUNCATE {', '.join(present)} CASCADE")
        else:
            for name in present:
                cursor.execute(f"DELETE FROM {name}")  # noqa: S608 - a quoted table name


def _reset_sequences(tables: list[dict]) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows the largest id inserted
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            key = next(c for c in table["columns"] if c["name"] == table["primary_key"])
            if key["kind"] != "int":
                continue
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX({0}), 1), "  # noqa: S608
                "MAX({0}) IS NOT NULL) FROM {1}".format(quote(key["name"]), quote(table["name"])),
                [quote(table["name"]), key["name"]],
            )


def verify(tables: list[dict], progress) -> None:
    """Read every table back and compare its canonical serialisation with the manifest."""
    for table in tables:
        digest, rows = hashlib.sha256(), 0
        for count, _, canonical_text in table_chunks(table):
            digest.update(canonical_text)
            rows += count
            progress(count)
        if digest.hexdigest() != table["sha256"] or rows != table["rows"]:
            raise ArchiveError(
                f"table {table['name']} differs from the backup after loading "
                f"({rows} rows, {table['rows']} in the backup): nothing was restored"
            )


def _safe_media_path(name: str, root: Path) -> Path:
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ArchiveError(f"the backup names a file outside the media folder: {name}")
    return root.joinpath(*relative.parts)


def _unpack_media(archive: zipfile.ZipFile, media: list[dict], root: Path) -> None:
    """Write the uploaded files under ``root``, each checked against its checksum."""
    for item in media:
        target = _safe_media_path(item["path"], root)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with archive.open(f"media/{item['path']}") as source, target.open("wb") as out:
            while block := source.read(READ_BYTES):
                digest.update(block)
                out.write(block)
        if digest.hexdigest() != item["sha256"]:
            raise ArchiveError(f"the uploaded file {item['path']} is damaged in the backup")


def restore(
    path: str | os.PathLike,
    *,
    progress: Callable[[int], None] = lambda rows: None,
    manifest_read: Callable[[dict], None] = lambda manifest: None,
) -> dict:
    """Restore the archive at ``path`` into this (empty) database and media folder."""
    media_root = Path(settings.MEDIA_ROOT)
    with zipfile.ZipFile(path) as archive:
        manifest = read_manifest(archive)
        for item in manifest["media"]:
            _safe_media_path(item["path"], media_root)
        manifest_read(manifest)
        ensure_empty()
        # The uploaded files first, beside the media folder: a damaged one restores nothing.
        media_root.parent.mkdir(parents=True, exist_ok=True)
        unpacked = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media_root.parent))
        try:
            _unpack_media(archive, manifest["media"], unpacked)
            migrate_to(manifest["migrations"])
            tables = manifest["tables"]
            with transaction.atomic():
                _empty_tables([table["name"] for table in tables])  # what migrations put in
                for table in tables:
                    _load_table(archive, table, progress)
                _reset_sequences(tables)
                verify(tables, progress)
            if media_root.exists() and not _media_files():  # folders at most: see ensure_empty
                shutil.rmtree(media_root)
            unpacked.rename(media_root)
        finally:
            shutil.rmtree(unpacked, ignore_errors=True)
        if _migrations_to_run():  # the archive's future, if any
            call_command("migrate", interactive=False, verbosity=0)
    content_version_bump()
    return manifest
