"""The Open SDG data format: one CSV per indicator, read and written.

Open SDG (open-sdg/sdg-build, the platform behind the UK, US and many national SDG reporting
sites) keeps each indicator's data in ``data/indicator_<goal>-<target>-<number>.csv`` with the
columns ``Year``, then any disaggregation columns (``Sex``, ``Age``, ``Series`` ...), optionally
``Units`` and ``GeoCode`` (an area code for maps), and ``Value`` last. Rows whose disaggregation
cells are all empty form the headline series. The file does not name its indicator, so the
caller passes it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable
from decimal import Decimal

from .base import (
    AREA_DENMARK,
    N_,
    NO_FLAGS,
    SUPPRESSED_ONLY,
    Code,
    ErrorCollector,
    FieldError,
    ObservationRow,
    RowChecker,
    normalise_area,
    normalise_period,
    parse_flags,
    parse_value,
)
from .tabular import header_key
from .text import csv_records, decode, sniff_delimiter

YEAR = "Year"
VALUE = "Value"
UNITS = "Units"
GEOCODE = "GeoCode"
OBSERVATION_STATUS = "Observation status"
SERIES = "Series"
SPECIAL_COLUMNS = {
    "year": YEAR,
    "value": VALUE,
    "units": UNITS,
    "unit": UNITS,
    "geocode": GEOCODE,
    "observation status": OBSERVATION_STATUS,
    "obs status": OBSERVATION_STATUS,
}
# SDMX OBS_STATUS "A" (normal value) carries no flag.
_NORMAL_STATUS = frozenset({"a", "normal", "normal value"})


def parse_open_sdg(
    data: bytes,
    *,
    indicator: str,
    area: str = AREA_DENMARK,
    encoding: str | None = None,
    known_areas: Collection[str] | None = None,
    known_indicators: Collection[str] | None = None,
) -> list[ObservationRow]:
    """Parse an Open SDG indicator CSV. Rows without a ``GeoCode`` (or with an empty one) get
    ``area`` (Denmark, ``000``, by default)."""
    errors = ErrorCollector()
    text = decode(data, errors, encoding=encoding)
    if not text.strip():
        errors.fail(None, None, Code.EMPTY_FILE, N_("The file is empty."))
    delimiter = sniff_delimiter(text)
    if delimiter is None:
        errors.fail(
            1,
            None,
            Code.DELIMITER_NOT_DETECTED,
            N_(
                "The columns could not be told apart. An Open SDG file is comma-separated with at "
                "least the columns Year and Value."
            ),
        )
    records = csv_records(text, delimiter, errors)
    header: list[str] | None = None
    header_row = 0
    for number, cells in records:
        if any(cell.strip() for cell in cells):
            header, header_row = [c.replace("\ufeff", "").strip() for c in cells], number
            break
    if header is None:
        errors.raise_if_any()  # a damaged file says so rather than "empty"
        errors.fail(None, None, Code.EMPTY_FILE, N_("The file has no header row and no data."))

    special: dict[str, int] = {}
    breakdown: list[tuple[int, str]] = []
    seen: set[str] = set()
    for position, name in enumerate(header):
        if not name:
            errors.add(
                header_row,
                None,
                Code.MISSING_COLUMN,
                N_("Column %(position)s has no name in the header row."),
                position=position + 1,
            )
            continue
        key = header_key(name)
        if key in seen:
            errors.add(
                header_row,
                name,
                Code.DUPLICATE_COLUMN,
                N_("The column “%(column)s” appears more than once."),
                column=name,
            )
            continue
        seen.add(key)
        if key in SPECIAL_COLUMNS:
            special[SPECIAL_COLUMNS[key]] = position
        else:
            breakdown.append((position, name))
    for required in (YEAR, VALUE):
        if required not in special:
            errors.add(
                header_row,
                None,
                Code.MISSING_COLUMN,
                N_("The required column “%(column)s” is missing. The header row has: %(found)s."),
                column=required,
                found=", ".join(name for name in header if name),
            )
    errors.raise_if_any()

    default_area = normalise_area(area)
    checker = RowChecker(errors, known_areas=known_areas, known_indicators=known_indicators)
    if checker.known_indicators is not None and indicator not in checker.known_indicators:
        errors.fail(
            None,
            None,
            Code.UNKNOWN_INDICATOR,
            N_("The indicator “%(value)s” is not in the catalogue."),
            value=indicator,
        )
    i_year, i_value = special[YEAR], special[VALUE]
    i_units, i_geo = special.get(UNITS), special.get(GEOCODE)
    i_status = special.get(OBSERVATION_STATUS)
    breakdown.sort(key=lambda item: item[1])
    width = len(header)
    rows: list[ObservationRow] = []
    for number, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < width:
            errors.add(
                number,
                header[len(cells)],
                Code.TRUNCATED_ROW,
                N_(
                    "This row has %(found)s cells but the header has %(expected)s: it is cut off "
                    "before the column “%(column)s”."
                ),
                found=len(cells),
                expected=width,
                column=header[len(cells)],
            )
            continue
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            errors.add(
                number,
                None,
                Code.TOO_MANY_CELLS,
                N_("This row has %(found)s cells but the header has only %(expected)s."),
                found=len(cells),
                expected=width,
            )
            continue
        ok = True
        try:
            period = normalise_period(cells[i_year])
        except FieldError as exc:
            if cells[i_year].strip():
                errors.add(number, header[i_year], exc.code, exc.message, **exc.params)
            else:
                errors.add(
                    number,
                    header[i_year],
                    Code.REQUIRED,
                    N_("The %(field)s is missing."),
                    field="year",
                )
            ok = False
        try:
            value, suppressed = parse_value(cells[i_value])
        except FieldError as exc:
            errors.add(number, header[i_value], exc.code, exc.message, **exc.params)
            ok = False
        row_area = default_area
        if i_geo is not None and cells[i_geo].strip():
            try:
                row_area = normalise_area(cells[i_geo])
            except FieldError as exc:
                errors.add(number, header[i_geo], exc.code, exc.message, **exc.params)
                ok = False
        flags = NO_FLAGS
        if i_status is not None and cells[i_status].strip().lower() not in _NORMAL_STATUS:
            try:
                flags = parse_flags(cells[i_status])
            except FieldError as exc:
                errors.add(number, header[i_status], exc.code, exc.message, **exc.params)
                ok = False
        if not ok:
            continue
        if suppressed:
            flags = flags | SUPPRESSED_ONLY
        disaggregation = tuple(
            (name, text) for name, text in ((n, cells[p].strip()) for p, n in breakdown) if text
        )
        if not checker.check_codes(
            number, indicator, row_area, None, header[i_geo] if i_geo is not None else None
        ):
            continue
        if not checker.check_duplicate(number, indicator, row_area, period, disaggregation):
            continue
        unit = (cells[i_units].strip() or None) if i_units is not None else None
        rows.append(
            ObservationRow(number, indicator, row_area, period, value, unit, disaggregation, flags)
        )
    if not rows and not errors:
        errors.add(None, None, Code.NO_ROWS, N_("The file has a header row but no observations."))
    errors.raise_if_any()
    return rows


def _format_decimal(value: Decimal) -> str:
    text = format(value, "f")
    return "0" if text in ("-0", "+0") else text


def export_open_sdg(rows: Iterable[ObservationRow], *, national_area: str = AREA_DENMARK) -> bytes:
    """Write observations of one indicator as an Open SDG data CSV (UTF-8, comma-separated).

    Columns: ``Year``, ``Units`` (if any row has a unit), ``Series`` and the other breakdown
    columns in order of first appearance, ``GeoCode`` (if any row is not national: national rows
    leave it empty so that they stay in the headline), ``Value`` last. Rows without a value
    (missing or suppressed) are left out, since Open SDG has no way to show them. Periods are
    written in their canonical form (``2020``, ``2020Q1``).
    """
    rows = [row for row in rows if row.value is not None]
    indicators = {row.indicator for row in rows}
    if len(indicators) > 1:
        raise ValueError(
            f"An Open SDG file holds one indicator; got {len(indicators)}: {sorted(indicators)!r}"
        )
    names: dict[str, None] = {}
    for row in rows:
        for name, _ in row.disaggregation:
            names.setdefault(name, None)
    clashes = {name for name in names if header_key(name) in SPECIAL_COLUMNS}
    if clashes:
        raise ValueError(f"Breakdown names clash with Open SDG columns: {sorted(clashes)!r}")
    breakdown = sorted(names, key=lambda name: name != SERIES)  # Series first, then as found
    has_units = any(row.unit for row in rows)
    has_geo = any(row.area != national_area for row in rows)
    header = [YEAR]
    if has_units:
        header.append(UNITS)
    header += breakdown
    if has_geo:
        header.append(GEOCODE)
    header.append(VALUE)

    def sort_key(row: ObservationRow) -> tuple:
        return (
            bool(row.disaggregation),
            row.disaggregation,
            row.unit or "",
            row.area != national_area,
            row.area,
            row.period,
        )

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in sorted(rows, key=sort_key):
        cells = dict(row.disaggregation)
        line = [row.period]
        if has_units:
            line.append(row.unit or "")
        line += [cells.get(name, "") for name in breakdown]
        if has_geo:
            line.append("" if row.area == national_area else row.area)
        line.append(_format_decimal(row.value))
        writer.writerow(line)
    return out.getvalue().encode("utf-8")
