"""Backup and restore: the round trip loses nothing. Every table's rows come back identical,
timestamps to the microsecond, Decimals to the last place, JSON, files and all; SQLite to
SQLite always, and PostgreSQL to SQLite and SQLite to PostgreSQL when the suite runs on
PostgreSQL (scripts/run_tests.sh runs it on both). The restored database is a fresh data folder
of its own, restored and read by separate processes as an operator would."""

import json
import os
import pickle
import subprocess
import sys
import uuid
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from verdensmaal.ops import archive, restore

DUMP = Path(__file__).with_name("dump_tables.py")
MICROSECONDS = datetime(2021, 3, 28, 0, 59, 59, 999_999, tzinfo=UTC)  # summer time starts after
WHOLE_SECOND = datetime(2022, 1, 1, 12, 0, 0, 0, tzinfo=UTC)  # SQLite stores no fraction
ONE_MICROSECOND = datetime(2023, 6, 1, 12, 0, 0, 1, tzinfo=UTC)


def _environment(data_dir: Path, database_url: str | None = None) -> dict:
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment.update(
        DJANGO_SETTINGS_MODULE="verdensmaal.settings", VERDENSMAAL_DATA_DIR=str(data_dir)
    )
    if database_url:
        environment["DATABASE_URL"] = database_url
    return environment


def _verdensmaal(environment: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - the product's own command
        [sys.executable, "-m", "verdensmaal", *args],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def _dump(environment: dict, tmp_path: Path, *mode: str) -> dict:
    out = tmp_path / f"rows-{uuid.uuid4().hex}.pickle"
    command = [sys.executable, str(DUMP), str(out), *mode]
    subprocess.run(command, env=environment, check=True)  # noqa: S603 - our own script
    return pickle.loads(out.read_bytes())  # noqa: S301 - our own file


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def data(secretariat, vejle, editor):
    """Something of every kind the product stores: demo network (Decimals, JSON snapshots),
    observations (floats, timestamps), an uploaded file, text in Danish and beyond."""
    from verdensmaal.data.demo import demo_rows
    from verdensmaal.data.models import Observation
    from verdensmaal.data.services import import_apply, import_plan
    from verdensmaal.network.models import Meeting, Membership
    from verdensmaal.network.services import invoice_issue, material_add
    from verdensmaal.portal.demo import demo_load

    demo_load(with_data=False)
    plan = import_plan(actor=None, rows=[row for row in demo_rows() if row.area == "630"])
    import_apply(actor=None, plan=plan, source_name="demo æøå ✓", format="demo", is_demo=True)
    for when, pk in zip(
        [MICROSECONDS, WHOLE_SECOND, ONE_MICROSECOND],
        Observation.objects.order_by("pk").values_list("pk", flat=True)[:3],
        strict=True,
    ):
        Observation.objects.filter(pk=pk).update(updated_at=when)
    sekretariat = type(secretariat).objects.get(username="sekretariat")
    material = material_add(
        actor=sekretariat,
        meeting=Meeting.objects.first(),
        title="Referat “før” & efter",
        file=SimpleUploadedFile("referat.pdf", b"%PDF-1.4 \x00\xff binary"),
    )
    membership = Membership.objects.filter(registrations__isnull=False).first()
    invoice_issue(actor=sekretariat, membership=membership)
    yield
    material.file.delete(save=False)


def _in_this_process() -> dict:
    sys.path.insert(0, str(DUMP.parent))
    try:
        from dump_tables import orm_rows, raw_rows
    finally:
        sys.path.pop(0)
    return {"orm": orm_rows(), "raw": raw_rows(connection)}


def _assert_same(source: dict, restored: dict) -> None:
    assert set(source) == set(restored)
    different = [table for table in source if source[table] != restored[table]]
    assert different == []


def test_round_trip_loses_nothing(data, tmp_path):
    from verdensmaal.data.models import Observation

    backup = tmp_path / "backup.zip"
    call_command("backup", str(backup), verbosity=0)
    source = _in_this_process()
    source_files = _files(Path(settings.MEDIA_ROOT))
    assert any(name.startswith("network/") or "referat" in name for name in source_files)

    target = tmp_path / "restored"
    sqlite = _environment(target)
    result = _verdensmaal(sqlite, "restore", str(backup))
    assert result.returncode == 0, result.stderr
    assert "every table's checksum matches" in result.stdout

    restored = _dump(sqlite, tmp_path)
    _assert_same(source["orm"], restored)
    assert _files(target / "media") == source_files
    stamps = {row[-1] for row in restored[Observation._meta.db_table]}
    assert {MICROSECONDS, WHOLE_SECOND, ONE_MICROSECOND} <= stamps
    if connection.vendor == "sqlite":  # SQLite to SQLite: the stored bytes themselves
        _assert_same(source["raw"], _dump(sqlite, tmp_path, "raw"))

    if connection.vendor == "postgresql":  # and back into PostgreSQL, from SQLite's backup
        again = tmp_path / "from-sqlite.zip"
        assert _verdensmaal(sqlite, "backup", str(again)).returncode == 0
        with _empty_postgres_database() as database_url:
            postgres = _environment(tmp_path / "restored-pg", database_url)
            result = _verdensmaal(postgres, "restore", str(again))
            assert result.returncode == 0, result.stderr
            _assert_same(source["orm"], _dump(postgres, tmp_path))


class _empty_postgres_database:
    """A new database beside the test database, dropped afterwards."""

    def __enter__(self) -> str:
        import psycopg

        self.name = f"restore_{uuid.uuid4().hex[:12]}"
        self.url = os.environ["DATABASE_URL"]
        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')
        base, _, query = self.url.partition("?")
        return f"{base.rsplit('/', 1)[0]}/{self.name}" + (f"?{query}" if query else "")

    def __exit__(self, *exc):
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def test_the_manifest_describes_the_archive(data, tmp_path):
    backup = tmp_path / "backup.zip"
    manifest = archive.backup(backup)
    with zipfile.ZipFile(backup) as zipped:
        stored = json.loads(zipped.read("manifest.json"))
        names = set(zipped.namelist())
    assert stored == manifest
    assert stored["format"] == "verdensmaal-backup" and stored["format_version"] == 1
    assert stored["database"] == connection.vendor
    assert "0001_initial" in stored["migrations"]["data"]
    tables = {table["name"]: table for table in stored["tables"]}
    assert tables["network_invoice"]["rows"] == 1
    columns = {c["name"]: c for c in tables["network_invoiceline"]["columns"]}
    assert columns["net"]["kind"] == "decimal" and columns["net"]["decimal_places"] == 2
    assert all(table["file"] in names and len(table["sha256"]) == 64 for table in stored["tables"])
    assert all(f"media/{item['path']}" in names for item in stored["media"])


def test_restore_refuses_a_database_with_data(data, tmp_path):
    from verdensmaal.network.models import Invoice

    backup = tmp_path / "backup.zip"
    archive.backup(backup)
    with pytest.raises(CommandError, match="the database is not empty"):
        call_command("restore", str(backup), verbosity=0)
    assert Invoice.objects.count() == 1


def _rewritten(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item.filename, change(item.filename, old.read(item.filename)))
    return target


def test_a_damaged_archive_restores_nothing(data, tmp_path):
    backup = tmp_path / "backup.zip"
    archive.backup(backup)

    def damage(name, content):
        if name == "tables/network_invoiceline.jsonl":
            return content.replace(b'"10000.00"', b'"1.00"', 1)
        return content

    damaged = _rewritten(backup, tmp_path / "damaged.zip", damage)
    target = _environment(tmp_path / "restored")
    result = _verdensmaal(target, "restore", str(damaged))
    assert result.returncode != 0
    assert "network_invoiceline is damaged" in result.stderr
    rows = _dump(target, tmp_path)
    assert all(
        rows[table] == [] for table in rows if not table.startswith(("django_content", "auth_perm"))
    )


def test_a_backup_from_a_newer_version_is_refused(data, tmp_path):
    backup = tmp_path / "backup.zip"
    archive.backup(backup)

    def newer(name, content):
        if name == "manifest.json":
            manifest = json.loads(content)
            manifest["migrations"]["data"].append("9999_from_the_future")
            return json.dumps(manifest)
        return content

    result = _verdensmaal(
        _environment(tmp_path / "restored"),
        "restore",
        str(_rewritten(backup, tmp_path / "n.zip", newer)),
    )
    assert result.returncode != 0
    assert (
        "newer version of verdensmaal" in result.stderr
        and "data.9999_from_the_future" in result.stderr
    )


def test_a_file_outside_the_media_folder_is_refused(tmp_path):
    with pytest.raises(archive.ArchiveError, match="outside the media folder"):
        restore._safe_media_path("../secret_key", Path(settings.MEDIA_ROOT))


def _index_definitions(table: str) -> set:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE tbl_name = %s", [table])
        return {row[0] for row in cursor.fetchall()}


def test_indexes_dropped_for_a_large_table_come_back_the_same(db):
    """A large table is loaded without its indexes, which are built afterwards."""
    from verdensmaal.data.models import Observation

    table = archive.table_spec(Observation)
    before = _index_definitions(table["name"])
    drop = (
        restore._postgres_indexes_dropped
        if connection.vendor == "postgresql"
        else restore._sqlite_indexes_dropped
    )
    with connection.cursor() as cursor:
        made = drop(cursor, table)
        assert made and _index_definitions(table["name"]) != before
        for statement in made:
            cursor.execute(statement)
    assert _index_definitions(table["name"]) == before


def test_a_damaged_uploaded_file_restores_nothing(data, tmp_path):
    backup = tmp_path / "backup.zip"
    manifest = archive.backup(backup)
    damaged_name = f"media/{manifest['media'][0]['path']}"
    damaged = _rewritten(
        backup,
        tmp_path / "damaged.zip",
        lambda name, content: content + b"!" if name == damaged_name else content,
    )
    target = tmp_path / "restored"
    result = _verdensmaal(_environment(target), "restore", str(damaged))
    assert result.returncode != 0 and "is damaged in the backup" in result.stderr
    assert not (target / "media").exists()
    assert [p.name for p in target.iterdir() if p.name.startswith(".media")] == []
    # nothing was half restored: the good archive goes into the same place
    assert _verdensmaal(_environment(target), "restore", str(backup)).returncode == 0
    assert _dump(_environment(target), tmp_path)["network_material"] != []


def test_a_file_that_is_not_an_archive_is_refused(db, tmp_path):
    not_zip = tmp_path / "notes.txt"
    not_zip.write_text("hello")
    with pytest.raises(CommandError, match="not a backup archive"):
        call_command("restore", str(not_zip), verbosity=0)
