"""Writers for exported selections: CSV (the long import layout, so exports import again), Excel
and JSON. Pure functions over row dicts and the selection's breakdown keys, giving the file in
pieces of bytes."""

import csv
import io
import json
import math
from collections.abc import Iterable, Iterator
from decimal import Decimal

from openpyxl import Workbook

from .parsers import ObservationRow, export_open_sdg
from .parsers.base import breakdown_parts

COLUMNS = ("indicator", "area", "period", "breakdown", "value", "unit", "flags")


def _numbers(rows: Iterable[dict]) -> Iterator[dict]:
    """Rows whose value is a number: infinity and NaN (which a database from before imports
    refused them may hold) are no number in any format, and not JSON, so they go out as none."""
    for row in rows:
        value = row["value"]
        if value is not None and not math.isfinite(value):
            row = {**row, "value": None}
        yield row


def breakdown_columns(keys: Iterable[str]) -> list[str]:
    """The breakdown columns for breakdown keys like ``age=15-24;sex=F``: ``["age", "sex"]``."""
    return sorted({name for key in keys for name, _value in breakdown_parts(key)})


def _flat(rows: Iterable[dict], extra: list[str]) -> Iterator[list]:
    """Breakdowns become their own columns, as in the long import layout."""
    for row in _numbers(rows):
        parts = dict(breakdown_parts(row["breakdown"]))
        yield [row["indicator"], row["area"], row["period"], *(parts.get(n, "") for n in extra),
               row["value"], row["unit"], row["flags"]]  # fmt: skip


def _header(extra: list[str]) -> list[str]:
    return ["indicator", "area", "period", *extra, "value", "unit", "flags"]


def to_csv(rows: Iterable[dict], keys: Iterable[str]) -> Iterator[bytes]:
    """The long import layout, as it is written: a few thousand rows at a time."""
    extra = breakdown_columns(keys)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_header(extra))
    for number, line in enumerate(_flat(rows, extra), start=1):
        writer.writerow(
            [
                "" if cell is None else repr(cell) if isinstance(cell, float) else cell
                for cell in line
            ]
        )
        if number % 5000 == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def to_xlsx(rows: Iterable[dict], keys: Iterable[str]) -> Iterator[bytes]:
    extra = breakdown_columns(keys)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(_header(extra))
    for line in _flat(rows, extra):
        sheet.append(line)
    out = io.BytesIO()
    workbook.save(out)
    yield out.getvalue()


def to_json(rows: Iterable[dict], keys: Iterable[str]) -> Iterator[bytes]:
    document = {"observations": list(_numbers(rows))}
    yield json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


def to_open_sdg(rows: Iterable[dict], keys: Iterable[str]) -> Iterator[bytes]:
    """One indicator in the Open SDG data format (``Year``, breakdowns, ``GeoCode``, ``Value``)."""
    yield export_open_sdg(
        ObservationRow(
            0,
            row["indicator"],
            row["area"],
            row["period"],
            None if row["value"] is None else Decimal(repr(row["value"])),
            row["unit"] or None,
            breakdown_parts(row["breakdown"]),
            frozenset(row["flags"].split()),
        )
        for row in _numbers(rows)
    )


WRITERS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": (to_json, "application/json"),
    "opensdg": (to_open_sdg, "text/csv; charset=utf-8"),  # one indicator per file
}
FILE_SUFFIX = {"csv": "csv", "xlsx": "xlsx", "json": "json", "opensdg": "csv"}
# CSV is written as it goes; the others are made whole in memory, so they have a ceiling (for
# Excel, its own: 1,048,576 rows a sheet, the header being one)
MAX_ROWS = {"xlsx": 1_048_575, "json": 1_000_000, "opensdg": 1_000_000}
