"""Downloads of a page's table: exactly the rows and numbers the page shows, as CSV (the
international dialect, or the one Danish Excel opens directly), Excel or JSON.

The Danish Excel dialect is what "CSV (semikolonsepareret)" in a Danish Excel reads without
questions: semicolons between fields, a decimal comma, UTF-8 with a byte-order mark. Headers are
in the reader's language.
"""

import csv
import io
import json
from decimal import Decimal

from django.http import Http404, HttpResponse
from openpyxl import Workbook

TABLE_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "csv-excel": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
}


def _plain(value):
    """A cell as data: numbers stay numbers, everything else becomes text; None stays empty."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def _danish(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return str(value)


def table_bytes(header: list, rows: list[list], *, file_format: str) -> bytes:
    header = [str(title) for title in header]
    rows = [[_plain(cell) for cell in row] for row in rows]
    if file_format == "json":
        return json.dumps(
            [dict(zip(header, row, strict=True)) for row in rows], ensure_ascii=False, indent=1
        ).encode()
    if file_format == "xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()
    text = io.StringIO()
    if file_format == "csv-excel":
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([_danish(cell) for cell in row] for row in rows)
        return ("\ufeff" + text.getvalue()).encode()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return text.getvalue().encode()


def table_download(name: str, header: list, rows: list[list], *, file_format: str):
    """The response that downloads the table as ``name``.<suffix> (404 for an unknown format)."""
    if file_format not in TABLE_FORMATS:
        raise Http404
    content_type, suffix = TABLE_FORMATS[file_format]
    response = HttpResponse(
        table_bytes(header, rows, file_format=file_format), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.{suffix}"'
    return response
