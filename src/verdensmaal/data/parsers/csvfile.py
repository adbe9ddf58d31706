"""CSV files in the long or wide layout (see :mod:`.tabular`)."""

from __future__ import annotations

import codecs
from collections.abc import Collection
from functools import partial

from .base import N_, Code, ErrorCollector, ObservationRow
from .frame import frame_columns
from .tabular import Layout, parse_table
from .text import DELIMITERS, csv_records, decode, sniff_delimiter


def parse_csv(
    data: bytes,
    *,
    layout: Layout = "auto",
    delimiter: str | None = None,
    encoding: str | None = None,
    indicator: str | None = None,
    known_areas: Collection[str] | None = None,
    known_indicators: Collection[str] | None = None,
) -> list[ObservationRow]:
    """Parse an uploaded CSV file into observations, or raise ImportValidationError with every
    error found.

    ``delimiter`` (``;``, ``,`` or tab) is sniffed when not given. ``encoding`` is UTF-8 unless
    given (see :func:`.text.decode`). ``indicator`` fills in the indicator when the file has no
    indicator column. ``known_areas``/``known_indicators``, when given, make unknown codes errors.
    """
    errors = ErrorCollector()
    text = decode(data, errors, encoding=encoding)
    if not text.strip():
        errors.fail(None, None, Code.EMPTY_FILE, N_("The file is empty."))
    if delimiter is None:
        delimiter = sniff_delimiter(text)
        if delimiter is None:
            errors.fail(
                1,
                None,
                Code.DELIMITER_NOT_DETECTED,
                N_(
                    "The columns could not be told apart. Separate them with semicolons (;) or "
                    "commas (,), and give the file a header row with at least the columns "
                    "indicator, area, period and value."
                ),
            )
    elif delimiter not in DELIMITERS:
        raise ValueError(f"delimiter must be one of {DELIMITERS!r}")
    return parse_table(
        csv_records(text, delimiter, errors),
        errors,
        layout=layout,
        indicator=indicator,
        known_areas=known_areas,
        known_indicators=known_indicators,
        # Danish Excel writes semicolon-separated files with decimal commas and thousands dots
        thousands_dot=delimiter == ";",
        # UTF-8 read as it is: the file's bytes are the text's (without a byte order mark)
        body_columns=partial(
            frame_columns, text, delimiter, encoded=_utf8_bytes(data) if encoding is None else None
        ),
    )


def _utf8_bytes(data: bytes) -> bytes | None:
    """The bytes of the text :func:`.text.decode` read from ``data``, if it read them as UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    return data.removeprefix(codecs.BOM_UTF8)
