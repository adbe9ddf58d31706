"""Turning uploaded bytes into CSV records: encoding, delimiter sniffing, malformed files."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterator

from .base import N_, Code, ErrorCollector

DELIMITERS = (";", ",", "\t")
SNIFF_CHARS = 64 * 1024
SNIFF_RECORDS = 50

# Bytes 0x80-0xFF that Danish text in Windows-1252 (Excel's "CSV (semicolon separated)" on a
# Danish Windows) typically contains: æøåÆØÅ, é, ü, ö, ä, the en dash, curly quotes, the euro
# sign and the no-break space. A file whose non-ASCII bytes are all among these and that is not
# UTF-8 is very likely Windows-1252.
_CP1252_DANISH = frozenset(
    b"\xe6\xf8\xe5\xc6\xd8\xc5\xe9\xc9\xfc\xdc\xf6\xd6\xe4\xc4\x96\x97\x91\x92\x93\x94\x80\xa0"
    b"\xb0\xbd\xb2\xb3\xa7"
)


def guess_legacy_encoding(data: bytes) -> str | None:
    """Name the legacy encoding if the non-ASCII bytes look like Danish Windows-1252 text."""
    high = {b for b in data[:SNIFF_CHARS] if b >= 0x80}
    if high and high <= _CP1252_DANISH:
        return "cp1252"
    return None


def decode(data: bytes, errors: ErrorCollector, *, encoding: str | None = None) -> str:
    """Decode an uploaded text file.

    UTF-8 with or without a byte order mark, and UTF-16 with a byte order mark (Excel's
    "Unicode text"), are read as they are. Anything else is an error, and the error's
    ``detected_encoding`` parameter names Windows-1252 when the bytes look like Danish text in it,
    so the caller can offer to read the file again with ``encoding="cp1252"``. The parsers never
    guess silently: a wrong guess turns "Ærø" into "Ã†rÃ¸" without anyone noticing.
    """
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            errors.fail(
                None,
                None,
                Code.INVALID_ENCODING,
                N_("The file could not be read as %(encoding)s text."),
                encoding=encoding,
            )
        return text.removeprefix("\ufeff")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            errors.fail(
                None,
                None,
                Code.INVALID_ENCODING,
                N_("The file starts like UTF-16 text but byte %(position)s is not valid."),
                position=exc.start + 1,
            )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # utf-8-sig positions count from after the BOM
        offset = 3 if data.startswith(codecs.BOM_UTF8) else 0
        errors.fail(
            None,
            None,
            Code.INVALID_ENCODING,
            N_(
                "The file is not UTF-8 text (byte %(position)s cannot be read). In Excel, save it "
                "as “CSV UTF-8 (comma delimited)” and upload it again."
            ),
            position=exc.start + offset + 1,
            detected_encoding=guess_legacy_encoding(data),
        )
    raise AssertionError("unreachable")  # pragma: no cover - fail() always raises


def sniff_delimiter(text: str) -> str | None:
    """Find the column separator among ``;``, ``,`` and tab.

    csv.Sniffer guesses from character frequencies and is easily fooled by decimal commas. Here
    each candidate reads the first records properly (quotes respected); a candidate must split
    the header into at least two columns, and the one whose data records most often have the
    header's width wins, then the one giving the most columns.
    """
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS:
        # drop the last, probably cut, line
        sample = sample[: sample.rfind("\n") + 1] or sample
    best: tuple[float, int] | None = None
    best_delimiter = None
    for delimiter in DELIMITERS:
        records = []
        try:
            reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
            for record in reader:
                if record and any(cell.strip() for cell in record):
                    records.append(record)
                    if len(records) >= SNIFF_RECORDS:
                        break
        except csv.Error:
            continue
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        data = records[1:]
        consistency = sum(1 for r in data if len(r) == width) / len(data) if data else 1.0
        score = (consistency, width)
        if best is None or score > best:
            best, best_delimiter = score, delimiter
    return best_delimiter


def csv_records(
    text: str, delimiter: str, errors: ErrorCollector
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(record number, cells)``, the header being record 1; blank lines are skipped.

    A malformed file (an unclosed quote, say) stops the reading with an error at the
    record where it happened; the records before it are still checked. The records of the first
    line are read from that line alone: the csv module keeps its text at four bytes a character,
    and a file read a column at a time (see :mod:`.columnar`) needs no more than its header.
    """
    end = text.find("\n") + 1
    first = text[:end] if end and '"' not in text[:end] else ""
    numbers = itertools.count(1)
    if first:
        records = list(_records(first, delimiter, errors, numbers))
        yield from records
        if errors:
            return
        rest = _records(text, delimiter, errors, itertools.count(1))
        next(itertools.islice(rest, len(records), len(records)), None)  # past the first line
        yield from rest
    else:
        yield from _records(text, delimiter, errors, numbers)


def _records(text: str, delimiter: str, errors: ErrorCollector, numbers: Iterator[int]):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        yield from zip(numbers, reader, strict=False)  # in C: a million records are read here
    except csv.Error as exc:
        errors.add(
            next(numbers) - 1,  # zip took the number of the record that failed
            None,
            Code.MALFORMED_CSV,
            N_(
                "The file is damaged or cut off near line %(line)s (%(detail)s). Check for an "
                "unclosed quotation mark."
            ),
            line=reader.line_num,
            detail=str(exc),
        )
