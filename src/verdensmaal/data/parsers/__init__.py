"""Pure (Django-free) parsers for indicator data imports.

Every parser takes the uploaded bytes (plus options) and returns a list of
:class:`ObservationRow`, or raises :class:`ImportValidationError` carrying every
:class:`RowError` it found. See ``base`` for the value, period and area rules.
"""

from .base import (
    FLAGS,
    N_,
    Code,
    ImportValidationError,
    ObservationRow,
    RowError,
    normalise_area,
    normalise_period,
    parse_value,
)
from .csvfile import parse_csv
from .jsonstat import JsonStatMapping, parse_jsonstat
from .opensdg import export_open_sdg, parse_open_sdg


def parse_xlsx(*args, **kwargs):
    """:func:`.excel.parse_xlsx`, its module (openpyxl's styles, lxml) imported on first use
    rather than at every command's start."""
    from .excel import parse_xlsx

    return parse_xlsx(*args, **kwargs)


__all__ = [
    "FLAGS",
    "N_",
    "Code",
    "ImportValidationError",
    "JsonStatMapping",
    "ObservationRow",
    "RowError",
    "export_open_sdg",
    "normalise_area",
    "normalise_period",
    "parse_csv",
    "parse_jsonstat",
    "parse_open_sdg",
    "parse_value",
    "parse_xlsx",
]
