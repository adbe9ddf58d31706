"""Every table's rows, for the round-trip tests, written by a separate process (the restored
database is another process's): ``python dump_tables.py OUT [raw]``.

Rows are read with Django's ORM (``values_list``: datetimes, Decimals, JSON values, UUIDs as
Python objects), in primary-key order, or with ``raw`` as the SQLite driver gives them (the text
of timestamps and JSON as stored). Independent of ``ops.archive``'s own reading.
"""

import os
import pickle
import sys


def orm_rows() -> dict:
    from django.apps import apps

    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        fields = [field.attname for field in model._meta.concrete_fields]
        rows = list(model._base_manager.order_by("pk").values_list(*fields))
        tables[model._meta.db_table] = rows
    return tables


def raw_rows(connection) -> dict:
    from django.apps import apps

    tables = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if not model._meta.managed or model._meta.proxy:
                continue
            table, key = model._meta.db_table, model._meta.pk.column
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY "{key}"')  # noqa: S608
            tables[table] = cursor.fetchall()
    return tables


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verdensmaal.settings")
    import django

    django.setup()
    from django.db import connection

    rows = raw_rows(connection) if sys.argv[2:] == ["raw"] else orm_rows()
    with open(sys.argv[1], "wb") as out:
        pickle.dump(rows, out)
