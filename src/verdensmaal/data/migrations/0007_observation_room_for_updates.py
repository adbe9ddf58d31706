"""On PostgreSQL, observation pages are filled to half, leaving room for a new version of
every row on its own page.

PostgreSQL writes an updated row as a new version. When the new version fits on the row's own
page and no indexed column changes (an import changes only the value, unit, flags, import and
time), the update is "heap-only" (HOT): none of the table's four indexes is touched. On full
pages every update goes to another page and into every index: an import that changed a million
values spent 27 seconds in its UPDATE, against 7 with half-full pages (the benchmark machine,
busy). The price is a table twice the size on disk; reads go by index and are not slowed.

The setting applies to pages written from now on; ``VACUUM FULL data_observation`` (which locks
the table while it runs) rewrites the existing ones. SQLite changes rows in place and has no
such setting.
"""

from django.db import migrations

FILLFACTOR = 50


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE data_observation SET (fillfactor = {FILLFACTOR})")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE data_observation RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("data", "0006_revision_without_db_constraints")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
