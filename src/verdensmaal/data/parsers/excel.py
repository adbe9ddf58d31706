"""Excel (.xlsx) files in the long or wide layout (see :mod:`.tabular`), read as a stream.

An .xlsx file is a zip of XML parts (ECMA-376 Part 1, Office Open XML SpreadsheetML): the
workbook part lists the sheets, each sheet's cells are in a part of their own, and most texts
sit in a shared-strings part. The sheet is read a row at a time with lxml's ``iterparse``, each
row let go once read, so memory holds the texts of the cells, never the XML or a tree of it.

What a workbook unpacks to is checked before any part is read, from the zip's central
directory: ``zipfile`` stops each part at the size the directory gives it and checks its CRC,
so a part cannot unpack to more than it says. Without that a file of less than a megabyte can
unpack to gigabytes (a "zip bomb"). Entities are never expanded and no DTD is loaded.

Cached formula results are read, not formulas. A formula saved without its result (programs
other than Excel write them so until the file is opened and calculated) is an error: read as an
empty cell it would replace a stored value with nothing.

openpyxl still gives the meaning of number formats (which styles are dates) and the conversion
of Excel's date serial numbers; it writes the exports.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
import zlib
from collections.abc import Collection, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Any

from lxml import etree
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

from .base import N_, Code, ErrorCollector, ObservationRow, is_ambiguous_thousands
from .tabular import Layout, parse_table

# The parts read (workbook, relationships, styles, shared strings and the sheet) may unpack to
# at most this. A 1,048,575-row sheet (Excel's most) of eight columns written with inline
# strings, as openpyxl writes it, unpacks to about 400 MB; compressed, such files are well under
# the upload limit (64 MB). The bomb of the issue unpacked 817 KB to 800 MB.
MAX_EXPANDED_BYTES = 512 * 1024 * 1024
MAX_PARTS = 10_000  # an .xlsx has a few dozen; a directory of millions is itself a bomb
MAX_COLUMNS = 1000  # a cell with content beyond column ALL is refused
MAX_CELLS = 20_000_000  # cells read, each row counted at its width (with empty cells between)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"  # "Strict Open XML" workbooks
PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": False,
                   "load_dtd": False, "remove_comments": True, "remove_pis": True}  # fmt: skip


class _Damaged(Exception):
    """A part is missing or refers to something that is not there."""


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


@lru_cache(maxsize=8192)
def _number_text(text: str) -> str:
    """A number cell's text (``<v>``) as a person sees it; area codes and years repeat."""
    if "." not in text and "E" not in text and "e" not in text:
        try:
            return str(int(text))
        except ValueError:
            return text
    try:
        number = float(text)
    except ValueError:
        return text
    if number in (float("inf"), float("-inf")) or number != number:
        return text  # 1E+400: the value check says it is too large, in the file's own words
    return _cell_text(number)


@lru_cache(maxsize=1024)
def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        if not "A" <= letter <= "Z":
            raise _Damaged
        number = number * 26 + ord(letter) - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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
    archive = _open(data, errors)
    with archive:
        try:
            workbook = _Workbook(archive)
            worksheet = workbook.sheet(sheet, errors)
            workbook.check_size(worksheet, errors)
            strings = workbook.shared_strings()
            date_styles = workbook.date_styles()
        except (_Damaged, *_READ_ERRORS) as exc:
            errors.fail(
                None,
                None,
                Code.INVALID_XLSX,
                N_("The Excel file could not be opened (%(detail)s). Save it again as .xlsx."),
                detail=type(exc).__name__,
            )
        reader = _SheetReader(
            archive, worksheet, workbook.ns, strings, date_styles, workbook.epoch, errors
        )
        return parse_table(
            reader.records(),
            errors,
            layout=layout,
            indicator=indicator,
            known_areas=known_areas,
            known_indicators=known_indicators,
        )


# What reading a damaged part raises: zipfile's own errors (a bad CRC among them), zlib's, lxml's
# (a syntax error, a text node over 10 MB, nesting deeper than 256), an encrypted part, a
# compression method zipfile does not know.
_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    etree.LxmlError,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
)


def _open(data: bytes, errors: ErrorCollector) -> zipfile.ZipFile:
    if _zip_entries(data) > MAX_PARTS:
        errors.fail(
            None,
            None,
            Code.INVALID_XLSX,
            N_("The Excel file could not be opened (%(detail)s). Save it again as .xlsx."),
            detail="too many parts",
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (*_READ_ERRORS, ValueError) as exc:
        errors.fail(
            None,
            None,
            Code.INVALID_XLSX,
            N_("The Excel file could not be opened (%(detail)s). Save it again as .xlsx."),
            detail=type(exc).__name__,
        )
    raise AssertionError("unreachable")  # pragma: no cover - fail() always raises


def _zip_entries(data: bytes) -> int:
    """The number of parts the zip's end record gives (0xFFFF: more, in a zip64 record), read
    before ``zipfile`` makes an object for each of them."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 12:
        return 0  # not a zip: zipfile says so
    return int.from_bytes(data[end + 10 : end + 12], "little")


def _iterparse(stream, tag):
    return etree.iterparse(stream, events=("end",), tag=tag, **_PARSER_OPTIONS)


def _release(element) -> None:
    """Let go of an element read by iterparse, and of the siblings before it."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


class _Workbook:
    """The parts of a workbook that say where the sheets, texts and styles are."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.names = set(archive.namelist())
        package = self._relationships("_rels/.rels", "")
        self.path = next(
            (target for kind, target in package.values() if kind == "officeDocument"),
            "xl/workbook.xml",
        )
        self.parts = self._relationships(self._rels_path(self.path), posixpath.dirname(self.path))
        self.sheets: list[tuple[str, str]] = []  # (name, relationship id)
        self.epoch = CALENDAR_WINDOWS_1900
        with self._part(self.path) as stream:
            for _event, element in etree.iterparse(stream, events=("start",), **_PARSER_OPTIONS):
                self.ns = element.tag.partition("}")[0][1:]
                break
        if self.ns not in (MAIN, STRICT_MAIN):
            raise _Damaged
        with self._part(self.path) as stream:
            for _event, element in _iterparse(stream, (f"{{{self.ns}}}sheet",
                                                       f"{{{self.ns}}}workbookPr")):  # fmt: skip
                if element.tag.endswith("workbookPr"):
                    if element.get("date1904", "").lower() in ("1", "true"):
                        self.epoch = CALENDAR_MAC_1904
                else:
                    ids = [value for key, value in element.attrib.items() if key.endswith("}id")]
                    self.sheets.append((element.get("name", ""), ids[0] if ids else ""))
                _release(element)

    @staticmethod
    def _rels_path(path: str) -> str:
        folder, name = posixpath.split(path)
        return posixpath.join(folder, "_rels", name + ".rels")

    def _part(self, path: str):
        if path not in self.names:
            raise _Damaged
        return self.archive.open(path)

    def _relationships(self, path: str, folder: str) -> dict[str, tuple[str, str]]:
        """id -> (type's last word, the target's path in the zip)."""
        if path not in self.names:
            return {}
        found = {}
        with self._part(path) as stream:
            for _event, element in _iterparse(stream, PACKAGE_RELATIONSHIPS):
                target = element.get("Target", "")
                if element.get("TargetMode") != "External":
                    target = (
                        target.lstrip("/")
                        if target.startswith("/")
                        else posixpath.normpath(posixpath.join(folder, target))
                    )
                    found[element.get("Id", "")] = (element.get("Type", "").rpartition("/")[2],
                                                    target)  # fmt: skip
                _release(element)
        return found

    def _part_of_kind(self, kind: str) -> str | None:
        return next((target for k, target in self.parts.values() if k == kind), None)

    def sheet(self, name: str | None, errors: ErrorCollector) -> str:
        if not self.sheets:
            errors.fail(None, None, Code.EMPTY_FILE, N_("The workbook has no sheets."))
        names = [sheet_name for sheet_name, _id in self.sheets]
        if name is None:
            name, relationship = self.sheets[0]
        elif name in names:
            relationship = self.sheets[names.index(name)][1]
        else:
            errors.fail(
                None,
                None,
                Code.SHEET_NOT_FOUND,
                N_("The workbook has no sheet named “%(sheet)s”. Its sheets are: %(sheets)s."),
                sheet=name,
                sheets=", ".join(names),
            )
        kind, path = self.parts.get(relationship, ("", ""))
        if kind == "chartsheet":
            errors.fail(
                None,
                None,
                Code.INVALID_XLSX,
                N_("The sheet “%(sheet)s” is a chart, not a table."),
                sheet=name,
            )
        if kind != "worksheet" or path not in self.names:
            raise _Damaged
        return path

    def check_size(self, worksheet: str, errors: ErrorCollector) -> None:
        read = {self.path, worksheet, "_rels/.rels", self._rels_path(self.path)}
        read |= {self._part_of_kind("sharedStrings"), self._part_of_kind("styles")}
        expanded = sum(self.archive.getinfo(path).file_size for path in read if path in self.names)
        if expanded > MAX_EXPANDED_BYTES:
            errors.fail(
                None,
                None,
                Code.FILE_TOO_LARGE,
                N_(
                    "The workbook unpacks to %(size)s MB, more than the %(max)s MB that can be "
                    "read. Save the data as CSV, or split it into smaller workbooks."
                ),
                size=f"{expanded / 1024**2:,.0f}".replace(",", "."),
                max=MAX_EXPANDED_BYTES // 1024**2,
            )

    def shared_strings(self) -> list[str]:
        path = self._part_of_kind("sharedStrings")
        if path is None or path not in self.names:
            return []
        item, text, run = (f"{{{self.ns}}}{tag}" for tag in ("si", "t", "r"))
        strings = []
        with self._part(path) as stream:
            for _event, element in _iterparse(stream, item):
                strings.append(_text(element, text, run))
                _release(element)
        return strings

    def date_styles(self) -> frozenset[int]:
        """The cell styles (their positions) that show numbers as dates; durations (such as
        ``[h]:mm``) are left numbers."""
        path = self._part_of_kind("styles")
        if path is None or path not in self.names:
            return frozenset()
        number_format, style, cell_styles = (
            f"{{{self.ns}}}{tag}" for tag in ("numFmt", "xf", "cellXfs")
        )
        custom: dict[int, str] = {}
        formats: list[int] = []
        with self._part(path) as stream:
            for _event, element in _iterparse(stream, (number_format, style)):
                if element.tag == number_format:
                    custom[_integer(element.get("numFmtId"))] = element.get("formatCode", "")
                elif element.getparent().tag == cell_styles:
                    formats.append(_integer(element.get("numFmtId", "0")))
                _release(element)
        codes = [custom.get(number) or builtin_format_code(number) or "" for number in formats]
        durations = {i for i, code in enumerate(codes) if is_timedelta_format(code)}
        return frozenset(
            i for i, code in enumerate(codes) if is_date_format(code) and i not in durations
        )


def _integer(text: str | None) -> int:
    try:
        return int(text or "")
    except ValueError:
        raise _Damaged from None


def _text(element, text_tag: str, run_tag: str) -> str:
    """A shared or inline string: its text, or its rich-text runs' (phonetic runs left out)."""
    parts = []
    for child in element:
        if child.tag == text_tag:
            parts.append(child.text or "")
        elif child.tag == run_tag:
            parts.extend(t.text or "" for t in child if t.tag == text_tag)
    return "".join(parts)


class _SheetReader:
    """A worksheet's rows as ``(row number, cell texts)``, skipping rows with no content.

    Rows after the first with content (the header) are at least the header's width, so that a
    row whose last cells are empty is not taken for one cut short.
    """

    def __init__(self, archive, path, ns, strings, date_styles, epoch, errors):
        self.archive, self.path, self.ns, self.strings = archive, path, ns, strings
        self.date_styles, self.epoch, self.errors = date_styles, epoch, errors

    def records(self) -> Iterator[tuple[int, list[str]]]:
        try:
            yield from self._records()
        except (_Damaged, *_READ_ERRORS) as exc:
            # a damaged part shows only while it is read
            self.errors.add(
                None,
                None,
                Code.INVALID_XLSX,
                N_("The Excel file is damaged (%(detail)s). Save it again as .xlsx."),
                detail=type(exc).__name__,
            )

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        errors = self.errors
        ns = self.ns
        row_tag, cell_tag, value_tag, formula_tag, inline_tag, text_tag, run_tag = (
            f"{{{ns}}}{tag}" for tag in ("row", "c", "v", "f", "is", "t", "r")
        )
        header: list[str] | None = None
        number = cells_read = 0
        with self.archive.open(self.path) as stream:
            for _event, row in _iterparse(stream, row_tag):
                number = _integer(row.get("r")) if row.get("r") else number + 1
                texts: dict[int, str] = {}
                column = 0
                for cell in row:
                    if cell.tag != cell_tag:
                        continue
                    reference = cell.get("r")
                    column = (
                        _column_number(reference.rstrip("0123456789")) if reference else column + 1
                    )
                    value = formula = inline = None
                    for part in cell:
                        if part.tag == value_tag:
                            value = part.text or ""
                        elif part.tag == formula_tag:
                            formula = part
                        elif part.tag == inline_tag:
                            inline = part
                    kind = cell.get("t", "n")
                    # an empty result is only a text formula's (t="str"); openpyxl writes <v/>
                    if formula is not None and not value and (value is None or kind != "str"):
                        where = header[column - 1] if header and column <= len(header) else None
                        errors.add(
                            number,
                            where or _column_letters(column),
                            Code.FORMULA_WITHOUT_VALUE,
                            N_(
                                "The cell %(cell)s holds a formula whose result was not saved in "
                                "the file. Open the file in Excel (or LibreOffice), let it "
                                "calculate, and save it again."
                            ),
                            cell=f"{_column_letters(column)}{number}",
                        )
                        continue
                    if kind == "inlineStr":
                        text = _text(inline, text_tag, run_tag) if inline is not None else ""
                    elif value is None or value == "":
                        continue  # a formatted empty cell
                    elif kind == "s":
                        index = _integer(value)
                        if not 0 <= index < len(self.strings):
                            raise _Damaged
                        text = self.strings[index]
                    elif kind in ("str", "e"):
                        text = value  # a formula's text, an error such as #N/A
                    elif kind == "b":
                        text = "TRUE" if value == "1" else "FALSE"
                    elif kind == "d":
                        text = self._iso_date(value)
                    else:
                        text = self._number(value, _integer(cell.get("s", "0")))
                    if text:
                        texts[column] = text
                _release(row)
                if not texts:
                    continue
                width = max(texts)
                if width > MAX_COLUMNS:
                    errors.fail(
                        number,
                        None,
                        Code.TOO_MANY_CELLS,
                        N_(
                            "The row has a value in column %(column)s; at most %(max)s columns "
                            "can be read."
                        ),
                        column=_column_letters(width),
                        max=MAX_COLUMNS,
                    )
                if header is not None:
                    width = max(width, len(header))
                cells_read += width
                if cells_read > MAX_CELLS:
                    errors.fail(
                        number,
                        None,
                        Code.FILE_TOO_LARGE,
                        N_(
                            "The sheet has more than %(max)s cells, more than can be read at "
                            "once. Split it, or save it as CSV."
                        ),
                        max=f"{MAX_CELLS:,}".replace(",", "."),
                    )
                record = [""] * width
                for position, text in texts.items():
                    record[position - 1] = text
                if header is None and any(text.strip() for text in record):
                    header = [text.strip() for text in record]
                yield number, record

    def _number(self, value: str, style: int) -> str:
        if style in self.date_styles:
            try:
                return _cell_text(from_excel(float(value), self.epoch))
            except (OverflowError, ValueError):
                return value  # not a date Excel can show: the checks say what is wrong
        return _number_text(value)

    @staticmethod
    def _iso_date(value: str) -> str:
        try:
            return _cell_text(from_ISO8601(value))
        except (ValueError, TypeError):
            return value
