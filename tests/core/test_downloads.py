"""A page's table as CSV, CSV for Danish Excel, Excel and JSON."""

import io
import json

from openpyxl import load_workbook

from verdensmaal.core.downloads import table_bytes

HEADER = ["Kommune", "Værdi", "Note"]
ROWS = [["Vejle", 2500000.25, None], ["Læsø", 0.5, 'med "citat"; og semikolon']]


def test_csv_for_danish_excel_has_a_bom_semicolons_and_decimal_commas():
    text = table_bytes(HEADER, ROWS, file_format="csv-excel").decode("utf-8")
    lines = text.split("\r\n")
    assert text.startswith("\ufeffKommune;Værdi;Note")
    assert lines[1] == "Vejle;2500000,25;"
    assert lines[2] == 'Læsø;0,5;"med ""citat""; og semikolon"'


def test_plain_csv_json_and_excel_keep_numbers_as_numbers():
    assert table_bytes(HEADER, ROWS, file_format="csv").decode().splitlines()[1] == (
        "Vejle,2500000.25,"
    )
    assert json.loads(table_bytes(HEADER, ROWS, file_format="json"))[0]["Værdi"] == 2500000.25
    sheet = load_workbook(io.BytesIO(table_bytes(HEADER, ROWS, file_format="xlsx"))).active
    assert [cell.value for cell in sheet[2]] == ["Vejle", 2500000.25, None]
