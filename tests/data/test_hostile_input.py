"""Hostile and broken files, through both doors: `verdensmaal import` and the upload page.

Every case must be refused with a clear message in the user's language (Danish by default) and
change nothing: no traceback on the command line, no 500 on the page, the stored value intact.
"""

import functools
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from verdensmaal.data.models import Observation
from verdensmaal.data.parsers import excel
from verdensmaal.data.services import import_apply, import_plan, parse_file

INDICATOR = "DK-IFOR-LOWINC60"
HEADER = ["indicator", "area", "period", "value"]
STORED = 12.5  # the value of INDICATOR, Vejle (630), 2024 before every hostile import


def jsonstat(values, *, area="630", period="2024") -> bytes:
    return json.dumps(
        {
            "version": "2.0",
            "class": "dataset",
            "id": ["OMRÅDE", "Tid"],
            "size": [1, len(values)],
            "dimension": {
                "OMRÅDE": {"category": {"index": [area]}},
                "Tid": {"category": {"index": [period, *[str(2025 + i) for i in values[1:]]]}},
            },
            "value": values,
        }
    ).encode()


def jsonstat_text(value_text: str) -> bytes:
    """A dataset whose one value is written as given, e.g. ``1e400``, which json.dumps cannot."""
    return jsonstat([0]).replace(b'"value": [0]', b'"value": [' + value_text.encode() + b"]")


def workbook(*rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@functools.cache
def zip_bomb(expanded_bytes: int) -> bytes:
    """A real workbook whose sheet unpacks to ``expanded_bytes`` of rows: a few MB on disk."""
    good = workbook(HEADER, [INDICATOR, 630, 2024, 1])
    header = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in HEADER)
    row = f'<row><c t="inlineStr"><is><t>{INDICATOR}</t></is></c><c><v>630</v></c><c><v>2024</v></c><c><v>1</v></c></row>'  # noqa: E501
    block = row.encode() * 2000
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as bomb,
    ):
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item, source.read(item.filename))
                continue
            with bomb.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                            b'2006/main"><sheetData>')  # fmt: skip
                sheet.write(f"<row>{header}</row>".encode())
                written = 0
                while written < expanded_bytes:
                    sheet.write(block)
                    written += len(block)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


CASES = {
    "JSON-stat without an indicator": ("data.json", jsonstat([13.0]), "Vælg indikatoren"),
    "invalid JSON without an indicator": ("data.json", b'{"version": "2.0", ', "gyldig JSON"),
    "deeply nested JSON without an indicator": ("data.json", b"[" * 100_000, "for dybt"),
    "1e400 in a CSV file": ("data.csv", f"indicator,area,period,value\n{INDICATOR},630,2024,1e400\n".encode(), "for stort"),  # noqa: E501
    "-1e309 in a CSV file": ("data.csv", f"indicator;area;period;value\n{INDICATOR};630;2024;-1e309\n".encode(), "for stort"),  # noqa: E501
    "a 38-digit integer in a CSV file": ("data.csv", f"indicator,area,period,value\n{INDICATOR},630,2024,12345678901234567890123456789012345678\n".encode(), "betydende cifre"),  # noqa: E501
    "a workbook that unpacks to more than can be read": ("bomb.xlsx", lambda: zip_bomb(excel.MAX_EXPANDED_BYTES + 1), "pakkes ud"),  # noqa: E501
    "a formula without its result in Excel": ("data.xlsx", workbook(["indicator", "area", "period", "value"], [INDICATOR, 630, 2024, "=B2/7"]), "formel"),  # noqa: E501
}  # fmt: skip
WITH_INDICATOR = {
    "JSON-stat 1e400": ("data.json", jsonstat_text("1e400"), "for stort"),
    "JSON-stat -1e309 as text": ("data.json", jsonstat_text('"-1e309"'), "for stort"),
    "JSON-stat Infinity": ("data.json", jsonstat_text("-Infinity"), "ikke et tal"),
    "JSON-stat 38-digit integer": ("data.json", jsonstat_text("1" * 38), "betydende cifre"),
    "deeply nested JSON": ("data.json", b"[" * 100_000, "for dybt"),
    "deeply nested value": ("data.json", jsonstat_text("[" * 500 + "]" * 500), "ikke et tal"),
    "invalid JSON": ("data.json", b'{"version": "2.0", ', "gyldig JSON"),
}


@pytest.fixture
def stored(reference):
    """One real value that no refused import may touch."""
    content = f"indicator,area,period,value\n{INDICATOR},630,2024,{STORED}\n".encode()
    import_apply(
        actor=None,
        plan=import_plan(actor=None, rows=parse_file(content, format="csv")),
        source_name="before.csv",
        format="csv",
    )


def unchanged() -> bool:
    (observation,) = Observation.objects.all()
    return observation.value == STORED


def all_cases():
    return [(name, *case, None) for name, case in CASES.items()] + [
        (name, *case, INDICATOR) for name, case in WITH_INDICATOR.items()
    ]


def made(content) -> bytes:
    return content() if callable(content) else content


@pytest.mark.parametrize(("name", "filename", "content", "message", "indicator"), all_cases())
def test_the_command_refuses_it_in_danish_and_changes_nothing(
    stored, tmp_path, capsys, name, filename, content, message, indicator
):
    path = tmp_path / filename
    path.write_bytes(made(content))
    options = ["--indicator", indicator] if indicator else []
    with pytest.raises(CommandError):
        call_command("import", str(path), *options, verbosity=0)
    assert message in capsys.readouterr().err
    assert unchanged()


@pytest.mark.parametrize(("name", "filename", "content", "message", "indicator"), all_cases())
def test_the_upload_page_refuses_it_in_danish_and_changes_nothing(
    client, stored, secretariat, name, filename, content, message, indicator
):
    client.force_login(secretariat)
    upload = SimpleUploadedFile(filename, made(content))
    response = client.post(
        "/data/import/", {"file": upload, "format": "", "indicator": indicator or ""}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Gem importen" not in response.content.decode()
    assert unchanged()


def test_the_command_speaks_english_when_asked(stored, tmp_path, capsys):
    path = tmp_path / "data.json"
    path.write_bytes(jsonstat([13.0]))
    with pytest.raises(CommandError):
        call_command("import", str(path), "--language", "en", verbosity=0)
    assert "Choose the indicator" in capsys.readouterr().err


def test_the_bomb_is_a_few_megabytes_on_disk():
    assert len(zip_bomb(excel.MAX_EXPANDED_BYTES + 1)) < 10_000_000
