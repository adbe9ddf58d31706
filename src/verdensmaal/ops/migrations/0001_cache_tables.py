"""The tables of the database caches in settings.CACHES (the "limits" cache: rate-limit counters
and used form tickets), so that ``migrate`` is all a new installation needs."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
