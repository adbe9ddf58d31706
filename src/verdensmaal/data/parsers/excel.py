"""Excel (.xlsx) files in the long or wide layout (see :mod:`.tabular`), read with openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import warnings
from collections.abc import Collection, Iterator
from decimal import Decimal
from typing import Any

from .base import N_, Code, ErrorCollector, ObservationRow, is_ambiguous_thousands
from .tabular import Layout, parse_table

# A worksheet bigger than this is refused before reading: openpyxl would happily try to walk a
# dimension of A1:XFD1048576 from a hostile file.
MAX_COLUMNS = 1000


def _cell_text(value: Any) -> str:
    """Render a cell as the text a person sees, keeping numbers exact."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # 2020.0 is the year 2020 and 101.0 the area 101; other floats keep their shortest exact
        # decimal form (repr), which Decimal reads back without binary noise.
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        # 1.234 stored as a number is 1.234: an exponent keeps NumberStyle from reading a
        # thousands dot into it
        return text + "e0" if is_ambiguous_thousands(text) else text
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime) and value.day == 1:
        # Excel turns "2020-03" typed into a cell into the date 1 March 2020: the month is meant
        return f"{value.year}-{value.month:02d}"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def parse_xlsx(
    data: bytes,
    *,
    sheet: str | None = None,
    layout: Layout = "auto",
    indicator: str | None = None,
    known_areas: Collection[str] | None = None,
    known_indicators: Collection[str] | None = None,
) -> list[ObservationRow]:
    """Parse an uploaded .xlsx workbook: the first sheet, or the one named ``sheet``.

    Row numbers are the worksheet's own. Cached formula results are read, not formulas.
    """
    from openpyxl import load_workbook  # imported here so that CSV-only users do not pay for it

    errors = ErrorCollector()
    if not data.startswith(b"PK"):
        errors.fail(
            None,
            None,
            Code.INVALID_XLSX,
            N_(
                "The file is not an Excel workbook (.xlsx). Old .xls files and CSV files renamed "
                "to .xlsx cannot be read: save it from Excel as “Excel Workbook (.xlsx)”."
            ),
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and data validation
            workbook = load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
    except Exception as exc:  # openpyxl raises anything from zipfile errors to KeyError
        errors.fail(
            None,
            None,
            Code.INVALID_XLSX,
            N_("The Excel file could not be opened (%(detail)s). Save it again as .xlsx."),
            detail=type(exc).__name__,
        )
    try:
        if sheet is None:
            if not workbook.sheetnames:
                errors.fail(None, None, Code.EMPTY_FILE, N_("The workbook has no sheets."))
            worksheet = workbook[workbook.sheetnames[0]]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            errors.fail(
                None,
                None,
                Code.SHEET_NOT_FOUND,
                N_("The workbook has no sheet named “%(sheet)s”. Its sheets are: %(sheets)s."),
                sheet=sheet,
                sheets=", ".join(workbook.sheetnames),
            )
        if not hasattr(worksheet, "iter_rows"):
            errors.fail(
                None,
                None,
                Code.INVALID_XLSX,
                N_("The sheet “%(sheet)s” is a chart, not a table."),
                sheet=worksheet.title,
            )

        def records() -> Iterator[tuple[int, list[str]]]:
            try:
                for number, row in enumerate(
                    worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
                ):
                    yield number, [_cell_text(value) for value in row]
            except Exception as exc:
                # a damaged part surfaces only while reading: zipfile, XML and KeyError alike
                errors.add(
                    None,
                    None,
                    Code.INVALID_XLSX,
                    N_("The Excel file is damaged (%(detail)s). Save it again as .xlsx."),
                    detail=type(exc).__name__,
                )

        return parse_table(
            records(),
            errors,
            layout=layout,
            indicator=indicator,
            known_areas=known_areas,
            known_indicators=known_indicators,
        )
    finally:
        workbook.close()
