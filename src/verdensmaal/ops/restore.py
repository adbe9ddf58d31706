"""Restore (``verdensmaal restore``): an archive written by ``ops.archive.backup`` into a new,
empty database and media folder, on SQLite or PostgreSQL whichever the archive came from.

It refuses a database that holds data; unpacks the uploaded files beside the media folder and
checks them; brings the database to the archive's migrations; loads every table in bulk (COPY on
PostgreSQL, executemany on SQLite; a large table's indexes built after its rows) in one
transaction, resets PostgreSQL's sequences, reads every table back and compares its SHA-256 with
the manifest before it commits (a damaged archive restores nothing); then puts the uploaded
files in place and runs the migrations the archive does not have yet.
"""

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from verdensmaal.audit.services import content_version_bump

from . import canonical
from .archive import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PLAIN_KINDS,
    READ_BYTES,
    ArchiveError,
    canonical_text,
    column_field,
    media_files,
    stored_models,
    table_chunks,
)

MANY_ROWS = 50_000  # a table this large gets its indexes built after loading
INDEX_MEMORY = "256MB"  # PostgreSQL's memory for building them (maintenance_work_mem)


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
    if media_files():
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
    field, _ = column_field(spec, table)
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
            digest.update(canonical_text(rows, json_columns) if json_columns else line)
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
        for count, _, lines in table_chunks(table):
            digest.update(lines)
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
            if media_root.exists() and not media_files():  # folders at most: see ensure_empty
                shutil.rmtree(media_root)
            unpacked.rename(media_root)
        finally:
            shutil.rmtree(unpacked, ignore_errors=True)
        if _migrations_to_run():  # the archive's future, if any
            call_command("migrate", interactive=False, verbosity=0)
    content_version_bump()
    return manifest
