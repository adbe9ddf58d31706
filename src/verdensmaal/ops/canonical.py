"""The canonical text of a stored value, for backups: exact, and the same from SQLite and
PostgreSQL, so that a table's SHA-256 proves a restore identical wherever it was restored.

Each column has a *kind*; a row is a JSON array of the columns' canonical values (``null`` for
SQL NULL), and a line of a table's file is a JSON array of rows (a fixed number per line: one
call of the JSON encoder writes a whole line, which is several times quicker than a line per
row):

========  ==================================================================================
int       a JSON integer
str       a JSON string
bool      ``true`` / ``false``
float     a JSON number, shortest text that reads back to the same double (``NaN``,
          ``Infinity`` as Python's json writes them)
decimal   a string, plain notation, with the column's decimal places (``"7500.00"``)
datetime  a string, ISO 8601 in UTC with microseconds (``"2024-03-01T09:30:00.000001+00:00"``)
date      a string, ISO 8601 (``"2024-03-01"``)
time      a string, ISO 8601 with microseconds (``"09:30:00.000000"``)
duration  a JSON integer: microseconds
json      a string: the JSON value without spaces (``"null"`` is JSON's null, distinct from SQL
          NULL). The archive's file keeps the keys in their stored order (SQLite keeps it,
          PostgreSQL's jsonb has its own); the canonical line, whose SHA-256 the manifest
          gives, has them sorted (``canonical_json``), so the checksum is the same from both
binary    a string, base64
uuid      a string, 8-4-4-4-12 hexadecimal
========  ==================================================================================

Plain Python (no Django): ``encoders`` and ``decoders`` map each kind to a function between a
Python value and its canonical value.
"""

import base64
import json
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

KINDS = ("int", "str", "bool", "float", "decimal", "datetime", "date", "time", "duration",
         "json", "binary", "uuid")  # fmt: skip
MICROSECOND = timedelta(microseconds=1)


def _json_text(value: str | bytes) -> str:
    return json.dumps(json.loads(value), ensure_ascii=False, separators=(",", ":"))


def canonical_json(text: str) -> str:
    """A json value's canonical text: the keys of every object sorted."""
    return json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _datetime_text(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError(f"a datetime without a time zone: {value!r}")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


# Python value (as the database driver and Django's converters give it) -> canonical value.
ENCODERS = {
    "int": int,
    "str": str,
    "bool": bool,
    "float": float,
    "decimal": lambda value: format(value, "f"),
    "datetime": _datetime_text,
    "date": date.isoformat,
    "time": lambda value: value.isoformat(timespec="microseconds"),
    "duration": lambda value: value // MICROSECOND,
    "json": _json_text,
    "binary": lambda value: base64.b64encode(bytes(value)).decode("ascii"),
    "uuid": str,
}

# Canonical value -> Python value, before the database's own adaptation. JSON stays text here:
# the caller parses it, since SQL NULL and JSON null must stay apart.
DECODERS = {
    "int": int,
    "str": str,
    "bool": bool,
    "float": float,
    "decimal": Decimal,
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "duration": lambda value: timedelta(microseconds=value),
    "json": str,
    "binary": base64.b64decode,
    "uuid": uuid.UUID,
}


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # made once


def rows_text(rows: list) -> bytes:
    """Rows (lists or tuples of canonical values) as one line of a table's file."""
    return (_ENCODER.encode(rows) + "\n").encode()


def parse_line(line: bytes) -> list:
    """The rows of one line of a table's file."""
    return json.loads(line)
