"""Writers for exported selections: CSV (the long import layout, so exports import again), Excel
and JSON. Pure functions over row dicts."""

import csv
import io
import json
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook

from .parsers import ObservationRow, export_open_sdg

COLUMNS = ("indicator", "area", "period", "breakdown", "value", "unit", "flags")


def _breakdown_columns(rows: list[dict]) -> list[str]:
    names = {
        part.split("=", 1)[0]
        for row in rows
        if row["breakdown"]
        for part in row["breakdown"].split(";")
    }
    return sorted(names)


def _flat(rows: list[dict]) -> tuple[list[str], list[list]]:
    """Breakdowns become their own columns, as in the long import layout."""
    extra = _breakdown_columns(rows)
    header = ["indicator", "area", "period", *extra, "value", "unit", "flags"]
    table = []
    for row in rows:
        parts = dict(part.split("=", 1) for part in row["breakdown"].split(";") if part)
        table.append(
            [row["indicator"], row["area"], row["period"], *(parts.get(n, "") for n in extra),
             row["value"], row["unit"], row["flags"]]
        )  # fmt: skip
    return header, table


def to_csv(rows: Iterable[dict]) -> bytes:
    header, table = _flat(list(rows))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for line in table:
        writer.writerow(
            [
                "" if cell is None else repr(cell) if isinstance(cell, float) else cell
                for cell in line
            ]
        )
    return out.getvalue().encode("utf-8")


def to_xlsx(rows: Iterable[dict]) -> bytes:
    header, table = _flat(list(rows))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(header)
    for line in table:
        sheet.append(line)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_json(rows: Iterable[dict]) -> bytes:
    return json.dumps({"observations": list(rows)}, ensure_ascii=False, indent=1).encode("utf-8")


def to_open_sdg(rows: Iterable[dict]) -> bytes:
    """One indicator in the Open SDG data format (``Year``, breakdowns, ``GeoCode``, ``Value``)."""
    return export_open_sdg(
        ObservationRow(
            0,
            row["indicator"],
            row["area"],
            row["period"],
            None if row["value"] is None else Decimal(repr(row["value"])),
            row["unit"] or None,
            tuple(tuple(part.split("=", 1)) for part in row["breakdown"].split(";") if part),
            frozenset(row["flags"].split()),
        )
        for row in rows
    )


WRITERS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": (to_json, "application/json"),
    "opensdg": (to_open_sdg, "text/csv; charset=utf-8"),  # one indicator per file
}
FILE_SUFFIX = {"csv": "csv", "xlsx": "xlsx", "json": "json", "opensdg": "csv"}
