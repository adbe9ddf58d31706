"""Shared pieces of the indicator data parsers: rows, errors, and the value, period and area rules.

Nothing here imports Django. Messages are English templates wrapped in ``N_`` so that
``makemessages --keyword=N_`` extracts them; the Django layer translates them at display time with
``gettext(error.message) % error.params``.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache, partial
from typing import Any, NamedTuple, NoReturn

import numpy as np


def N_(message: str) -> str:
    """Mark a message for translation without translating it now."""
    return message


FLAG_PROVISIONAL = "provisional"
FLAG_ESTIMATED = "estimated"
FLAG_SUPPRESSED = "suppressed"
FLAG_BREAK = "break"
FLAGS = frozenset({FLAG_PROVISIONAL, FLAG_ESTIMATED, FLAG_SUPPRESSED, FLAG_BREAK})

# Spellings accepted in a flags column, English and Danish, and the one-letter codes used by
# Eurostat and in JSON-stat status fields.
FLAG_ALIASES: dict[str, str] = {
    "provisional": FLAG_PROVISIONAL,
    "p": FLAG_PROVISIONAL,
    "foreløbig": FLAG_PROVISIONAL,
    "forelobig": FLAG_PROVISIONAL,
    "foreloebig": FLAG_PROVISIONAL,
    "estimated": FLAG_ESTIMATED,
    "e": FLAG_ESTIMATED,
    "estimeret": FLAG_ESTIMATED,
    "skønnet": FLAG_ESTIMATED,
    "skoennet": FLAG_ESTIMATED,
    "suppressed": FLAG_SUPPRESSED,
    "s": FLAG_SUPPRESSED,
    "c": FLAG_SUPPRESSED,
    "..": FLAG_SUPPRESSED,
    "diskretioneret": FLAG_SUPPRESSED,
    "break": FLAG_BREAK,
    "b": FLAG_BREAK,
    "databrud": FLAG_BREAK,
    "brud": FLAG_BREAK,
}

NO_FLAGS: frozenset[str] = frozenset()
SUPPRESSED_ONLY: frozenset[str] = frozenset({FLAG_SUPPRESSED})

# Statistics Denmark marks a suppressed (confidential or unreliable) cell with "..".
SUPPRESSED_MARKER = ".."

YEAR_MIN = 1900
YEAR_MAX = 2100

AREA_DENMARK = "000"
REGION_CODES = frozenset({"081", "082", "083", "084", "085"})
MUNICIPALITY_CODE_MIN = 101
MUNICIPALITY_CODE_MAX = 860


# Error codes: stable identifiers the Django layer may switch on; the message is for people.
class Code:
    INVALID_ENCODING = "invalid_encoding"
    EMPTY_FILE = "empty_file"
    DELIMITER_NOT_DETECTED = "delimiter_not_detected"
    MALFORMED_CSV = "malformed_csv"
    INVALID_XLSX = "invalid_xlsx"
    SHEET_NOT_FOUND = "sheet_not_found"
    INVALID_JSON = "invalid_json"
    INVALID_JSONSTAT = "invalid_jsonstat"
    INDICATOR_REQUIRED = "indicator_required"
    FORMULA_WITHOUT_VALUE = "formula_without_value"
    FILE_TOO_LARGE = "file_too_large"
    MISSING_DIMENSION = "missing_dimension"
    MISSING_COLUMN = "missing_column"
    DUPLICATE_COLUMN = "duplicate_column"
    UNKNOWN_LAYOUT = "unknown_layout"
    TRUNCATED_ROW = "truncated_row"
    TOO_MANY_CELLS = "too_many_cells"
    REQUIRED = "required"
    INVALID_NUMBER = "invalid_number"
    NUMBER_OUT_OF_RANGE = "number_out_of_range"
    TOO_MANY_DIGITS = "too_many_digits"
    AMBIGUOUS_NUMBER = "ambiguous_number"
    INVALID_PERIOD = "invalid_period"
    PERIOD_OUT_OF_RANGE = "period_out_of_range"
    INVALID_AREA = "invalid_area"
    UNKNOWN_AREA = "unknown_area"
    UNKNOWN_INDICATOR = "unknown_indicator"
    UNKNOWN_FLAG = "unknown_flag"
    DUPLICATE_ROW = "duplicate_row"
    NO_ROWS = "no_rows"
    TOO_MANY_ERRORS = "too_many_errors"


class ObservationRow(NamedTuple):
    """One observation ready for the Django layer to save.

    ``row`` is where it came from: the spreadsheet row number (the header is row 1) for CSV,
    Excel and Open SDG files, and the 1-based position in the value array for JSON-stat.
    ``disaggregation`` is sorted by dimension name and leaves out empty cells, so the headline
    (total) series has ``()``. A named tuple, not a dataclass: a million of them are made per
    large import, and a tuple is several times cheaper to create than a frozen dataclass.
    ``value`` is a Decimal, or a float where a whole column of plain numbers of at most
    EXACT_DIGITS digits was read at once: the double nearest to such a number reads back as the
    same number (and a double is what is stored), so nothing is lost, and a float costs a
    quarter of a Decimal's memory and time.
    """

    row: int
    indicator: str
    area: str
    period: str
    value: Decimal | float | None
    unit: str | None
    disaggregation: tuple[tuple[str, str], ...]
    flags: frozenset[str]


# An ObservationRow from a tuple, made in C: namedtuple's own constructor is a Python function,
# which costs more than all the rest of building a row.
make_row = partial(tuple.__new__, ObservationRow)


class Observations(Sequence[ObservationRow]):
    """Observations kept as columns, one list per field of :class:`ObservationRow`, in its
    order: a million rows are eight lists rather than a million tuples, and the import planner
    takes the columns as they are. Indexing and iterating give ObservationRow; a row can be
    replaced.

    A column given as None is made from its factors when first asked for (:meth:`column`):
    the planner needs only the distinct codes of the key columns and a number per row, not a
    list of a million references.
    """

    __slots__ = ("_columns", "factors")

    def __init__(self, columns: Sequence[Sequence | None], factors: dict | None = None):
        self._columns = [
            column if column is None or isinstance(column, list | range) else list(column)
            for column in columns
        ]
        # for some columns (by position), their distinct values and each row's number in them,
        # as the reader found them: the planner need not find them again
        self.factors: dict[int, tuple[list, np.ndarray]] = factors or {}

    def column(self, position: int) -> Sequence:
        column = self._columns[position]
        if column is None:
            values, codes = self.factors[position]
            column = self._columns[position] = list(map(values.__getitem__, codes.tolist()))
        return column

    @property
    def columns(self) -> list[Sequence]:
        return [self.column(position) for position in range(len(self._columns))]

    def __len__(self) -> int:
        return len(self._columns[0])

    def __iter__(self) -> Iterator[ObservationRow]:
        return map(make_row, zip(*self.columns, strict=True))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(map(make_row, zip(*(c[index] for c in self.columns), strict=True)))
        return make_row(column[index] for column in self.columns)

    def __setitem__(self, index: int, row: ObservationRow) -> None:
        for position, (column, value) in enumerate(zip(self.columns, row, strict=True)):
            changed = column[index] != value
            if changed:
                self.factors.pop(position, None)
                if isinstance(column, range):
                    column = self._columns[position] = list(column)
            if changed or not isinstance(column, range):
                column[index] = value

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"<Observations: {len(self)} rows>"


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in an uploaded file. ``message`` is an untranslated ``N_`` template."""

    row: int | None
    column: str | None
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        """The English text, for logs and tests; the UI translates ``message`` first."""
        return self.message % self.params if self.params else self.message


class ImportValidationError(Exception):
    """The one exception the parsers raise for bad input. It carries every error found."""

    def __init__(self, errors: list[RowError]):
        self.errors = list(errors)
        super().__init__(
            "; ".join(f"row {e.row}, column {e.column}: {e.render()}" for e in self.errors[:5])
            + (f" (and {len(self.errors) - 5} more)" if len(self.errors) > 5 else "")
        )

    @property
    def codes(self) -> list[str]:
        return [e.code for e in self.errors]


class ErrorCollector:
    """Collects errors across a whole file; stops collecting (not parsing) past ``limit``."""

    def __init__(self, limit: int = 10_000):
        self.errors: list[RowError] = []
        self.limit = limit
        self.truncated = False

    def add(
        self,
        row: int | None,
        column: str | None,
        code: str,
        message: str,
        /,
        **params: Any,
    ) -> None:
        if len(self.errors) >= self.limit:
            self.truncated = True
            return
        self.errors.append(RowError(row, column, code, message, params))

    def add_error(self, error: RowError) -> None:
        if len(self.errors) >= self.limit:
            self.truncated = True
            return
        self.errors.append(error)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        errors = list(self.errors)
        if self.truncated:
            errors.append(
                RowError(
                    None,
                    None,
                    Code.TOO_MANY_ERRORS,
                    N_("More than %(limit)s errors were found; only the first are shown."),
                    {"limit": self.limit},
                )
            )
        raise ImportValidationError(errors)

    def fail(
        self, row: int | None, column: str | None, code: str, message: str, /, **params: Any
    ) -> NoReturn:
        """Add a file-level error and raise everything collected so far."""
        self.add(row, column, code, message, **params)
        raise ImportValidationError(self.errors)


class FieldError(ValueError):
    """Raised by the value, period and area helpers; the parsers turn it into a RowError."""

    def __init__(self, code: str, message: str, /, **params: Any):
        super().__init__(message % params if params else message)
        self.code = code
        self.message = message
        self.params = params


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a parser allocates its rows.

    A million rows are several million small objects, none of them in a reference cycle; the
    collector would walk them again and again and double the parse time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def map_distinct(read: Callable[[Any], Any], column: Iterable) -> list:
    """``list(map(read, column))``, calling ``read`` once per distinct item: a column of a
    million cells holds only a few hundred distinct codes."""
    column = column if isinstance(column, list | tuple) else list(column)
    readings = {item: read(item) for item in set(column)}
    return list(map(readings.__getitem__, column))


def repeated_codes(codes: Sequence[np.ndarray]) -> bool:
    """True when two rows have the same key, each key column given as integers (one per
    distinct value)."""
    return ordered_codes(codes)[1]


def ordered_codes(codes: Sequence[np.ndarray]) -> tuple[np.ndarray, bool]:
    """The rows' positions in the order of their keys, each key column given as integers that
    sort as its values do (one per distinct value); and whether two rows have the same key.

    Sorted by NumPy: a million keys of four items sort in a fraction of a second whatever order
    the file came in, where sorting tuples took seconds for a shuffled file, and a tuple a row.
    """
    span = 1
    for column in codes:
        span *= int(column.max()) + 1 if len(column) else 1
    if span < 2**62:  # one integer per row says it all (with the catalogue's codes, always)
        key = codes[0]
        for column in codes[1:]:
            key = key * (int(column.max()) + 1) + column
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        return order, bool((ordered[1:] == ordered[:-1]).any())
    order = np.lexsort(codes[::-1])  # lexsort's last key is the first to sort by
    repeated = np.ones(max(len(order) - 1, 0), dtype=bool)
    for column in codes:
        ordered = column[order]
        repeated &= ordered[1:] == ordered[:-1]
    return order, bool(repeated.any())


def breakdown_key(disaggregation: Iterable[tuple[str, str]]) -> str:
    """How a breakdown is stored: ``(("age", "15-24"), ("sex", "F"))`` -> ``"age=15-24;sex=F"``;
    the total is ``""``."""
    return ";".join(f"{name}={value}" for name, value in sorted(disaggregation))


def breakdown_parts(key: str) -> tuple[tuple[str, str], ...]:
    """The other way: ``"age=15-24;sex=F"`` -> ``(("age", "15-24"), ("sex", "F"))``."""
    return tuple(tuple(part.split("=", 1)) for part in key.split(";") if part)


# --- values ---------------------------------------------------------------------------------

_NUMBER_CHARS = frozenset("0123456789+-.,eE")
# Values are stored as IEEE 754 double-precision numbers, which keep any decimal number of up to
# 15 significant digits exactly (DBL_DIG in C's <float.h>); a longer number may come back
# different. Shorter cells need no check.
EXACT_DIGITS = 15


def parse_value(text: str) -> tuple[Decimal | None, bool]:
    """Parse a value cell. Returns ``(value, suppressed)``.

    Accepted: ``1234.5`` (decimal point), ``1234,5`` (Danish decimal comma), ``1.234,5``
    (Danish thousands dots with a decimal comma), ``1 234,5`` (spaces as thousands separators),
    a leading ``-`` or ``+`` (or the Unicode minus sign) and an exponent (``1.5e3``).
    ``..`` is Statistics Denmark's mark for a suppressed cell and gives ``(None, True)``; an empty
    cell is missing and gives ``(None, False)``. Never zero.

    ``1.234.567`` (repeated dots) is thousands. A single dot followed by exactly three digits
    (``632.340``) is read here as a decimal point; the file parsers settle it for the whole file
    with :class:`NumberStyle`.
    """
    s = text.strip()
    if s.isdigit() and s.isascii():
        return (Decimal(s) if len(s) <= EXACT_DIGITS else storable(Decimal(s), text)), False
    whole, dot, fraction = s.partition(".")
    if dot and whole.isdigit() and fraction.isdigit() and s.isascii():
        # the common 1234.5: no signs, separators or exponent to read
        return (Decimal(s) if len(s) <= EXACT_DIGITS else storable(Decimal(s), text)), False
    if not s:
        return None, False
    if s == SUPPRESSED_MARKER:
        return None, True
    if " " in s or "\xa0" in s or "\u202f" in s:
        s = s.replace(" ", "").replace("\xa0", "").replace("\u202f", "")
    if "\u2212" in s:
        s = s.replace("\u2212", "-")
    if "," not in s and s.count(".") > 1:
        # 1.234.567: only thousands separators can repeat
        s = _join_thousands(s, text) or s
    elif "," in s:
        if s.count(",") != 1:
            raise _not_a_number(text)
        whole, fraction = s.split(",")
        if "." in whole:
            sign = ""
            if whole and whole[0] in "+-":
                sign, whole = whole[0], whole[1:]
            groups = whole.split(".")
            if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
                raise _not_a_number(text)
            whole = sign + "".join(groups)
        if "." in fraction:
            raise _not_a_number(text)
        s = whole + "." + fraction
    if not _NUMBER_CHARS.issuperset(s):
        raise _not_a_number(text)
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise _not_a_number(text) from None
    if not value.is_finite():
        raise _not_a_number(text)
    return storable(value, text), False


def storable(value: Decimal, text: str | None = None) -> Decimal:
    """``value`` if it is stored as given, else a FieldError: never infinity, never a number
    silently rounded to zero or to fewer digits than the file gave.

    ``1e400`` is beyond the largest double (about 1.8e308) and would be stored as infinity;
    ``1e-400`` would be stored as 0; a 38-digit integer would come back with only its first 17
    digits right. A value passes when the double it is stored as reads back as the same number
    (the shortest decimal that gives that double, which is what ``repr`` writes).
    """
    stored = float(value)
    if not math.isfinite(stored) or (stored == 0 and value != 0):
        raise FieldError(
            Code.NUMBER_OUT_OF_RANGE,
            N_("“%(value)s” is too large (or too close to zero) to be stored as a number."),
            value=_shown(value, text),
        )
    if Decimal(repr(stored)) != value:
        raise FieldError(
            Code.TOO_MANY_DIGITS,
            N_(
                "“%(value)s” cannot be stored exactly: it has more significant digits than a "
                "stored value keeps (%(digits)s). Round it to at most %(digits)s significant "
                "digits."
            ),
            value=_shown(value, text),
            digits=EXACT_DIGITS,
        )
    return value


def _shown(value: Decimal, text: str | None) -> str:
    """The value as the file wrote it, shortened for a message."""
    shown = (text if text is not None else str(value)).strip()
    return shown if len(shown) <= 60 else shown[:57] + "…"


def _join_thousands(s: str, text: str) -> str:
    sign = ""
    if s and s[0] in "+-":
        sign, s = s[0], s[1:]
    groups = s.split(".")
    if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
        raise _not_a_number(text)
    return sign + "".join(groups)


def is_ambiguous_thousands(text: str) -> bool:
    """True for ``632.340``: Danish for 632340, English for 632.34. See :class:`NumberStyle`."""
    s = text.strip()
    if s[:1] in ("-", "+"):
        s = s[1:]
    dot = s.find(".")
    return (
        0 < dot <= 3
        and len(s) - dot == 4
        and "," not in s
        and s.replace(".", "", 1).isdigit()
        and s.isascii()
    )


class NumberStyle:
    """Decides, for a whole file, what ``632.340`` means.

    A value with a decimal comma (``1,5``) shows a Danish file, where a dot groups thousands; a
    value with a dot that cannot be a thousands separator (``1.5``, ``1234.56``) shows an
    English one. A file that shows neither follows ``default_thousands_dot`` (True for
    semicolon-separated CSV, which is what Danish Excel writes). A file that shows both cannot
    say, and its ambiguous values are errors.
    """

    def __init__(self, default_thousands_dot: bool):
        self.default_thousands_dot = default_thousands_dot
        self.saw_comma = False
        self.saw_point = False
        self.ambiguous: list[
            tuple[int, int, str | None, str]
        ] = []  # (row index, row, column, text)

    def observe(self, text: str, index: int, row: int, column: str | None) -> bool:
        """Note a parsed value's text; True if it is ambiguous (to be resolved at the end)."""
        if self.note(text):
            self.ambiguous.append((index, row, column, text))
            return True
        return False

    def note(self, text: str) -> bool:
        """Note what ``text`` shows of the file's decimal sign; True if it cannot tell."""
        if "," in text:
            self.saw_comma = True
            return False
        dot = text.find(".")
        if dot < 0:
            return False
        if len(text.rstrip()) - dot == 4 and is_ambiguous_thousands(text):  # only x.ddd can be
            return True
        if text.count(".") == 1:
            self.saw_point = True
        return False

    def thousands_dot(self) -> bool | None:
        if self.saw_comma and self.saw_point:
            return None
        if self.saw_comma:
            return True
        if self.saw_point:
            return False
        return self.default_thousands_dot


def ambiguous_error(text: str) -> FieldError:
    return FieldError(
        Code.AMBIGUOUS_NUMBER,
        N_(
            "“%(value)s” could be a whole number with a thousands dot or a decimal number, and "
            "the file uses both decimal commas and decimal points. Write it without the "
            "thousands dot, or with the file’s one decimal sign."
        ),
        value=text,
    )


def _not_a_number(text: str) -> FieldError:
    return FieldError(Code.INVALID_NUMBER, N_("“%(value)s” is not a number."), value=text)


# --- periods --------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def normalise_period(text: str) -> str:
    """Return the canonical period: ``2020`` (year), ``2020Q1`` (quarter), ``2020M03`` (month).

    Accepted: ``2020``; quarters ``2020Q1``, ``2020K1`` (Statistics Denmark's Danish form),
    ``2020-Q1`` and ``2020 Q1``; months ``2020M03``, ``2020M3``, ``2020-03`` (ISO). Case does not
    matter. Years outside 1900–2100, month 13 or quarter 5 are errors.
    """
    raw = text.strip()
    s = raw.upper()
    if len(s) < 4 or not s[:4].isdigit() or not s[:4].isascii():
        raise _invalid_period(raw)
    year = int(s[:4])
    rest = s[4:]
    if rest[:1] in ("-", " ", "_"):
        separator, rest = rest[0], rest[1:]
        # ISO months: 2020-03
        if separator == "-" and rest.isdigit() and rest.isascii() and len(rest) == 2:
            rest = "M" + rest
    if rest == "":
        kind, number = "", 0
    elif rest[0] in ("Q", "K") and len(rest) == 2 and rest[1].isdigit() and rest.isascii():
        kind, number = "Q", int(rest[1])
        if not 1 <= number <= 4:
            raise _invalid_period(raw)
    elif rest[0] == "M" and 2 <= len(rest) <= 3 and rest[1:].isdigit() and rest.isascii():
        kind, number = "M", int(rest[1:])
        if not 1 <= number <= 12:
            raise _invalid_period(raw)
    else:
        raise _invalid_period(raw)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise FieldError(
            Code.PERIOD_OUT_OF_RANGE,
            N_("The year in “%(value)s” must be between %(min)s and %(max)s."),
            value=raw,
            min=YEAR_MIN,
            max=YEAR_MAX,
        )
    if kind == "Q":
        return f"{year}Q{number}"
    if kind == "M":
        return f"{year}M{number:02d}"
    return str(year)


def _invalid_period(text: str) -> FieldError:
    return FieldError(
        Code.INVALID_PERIOD,
        N_(
            "“%(value)s” is not a period. Use a year (2020), a quarter (2020Q1) or a month "
            "(2020M03)."
        ),
        value=text,
    )


# --- areas ----------------------------------------------------------------------------------


def _is_area_code(code: str) -> bool:
    if code == AREA_DENMARK or code in REGION_CODES:
        return True
    return MUNICIPALITY_CODE_MIN <= int(code) <= MUNICIPALITY_CODE_MAX


@lru_cache(maxsize=4096)
def normalise_area(text: str, *, strict: bool = False) -> str:
    """Return the area as a Statistics Denmark ``OMRÅDE`` code: three digits.

    ``000`` is Denmark, ``081``–``085`` the regions, ``101``–``860`` the municipalities.

    Accepted (``strict=False``, for uploaded files): the three-digit code itself; one or two
    digits, zero-padded, because spreadsheets drop leading zeros (``85`` → ``085``, ``0`` →
    ``000``); the 4-digit DAGI codes (``0101`` → ``101``, regions ``1081`` → ``081``). Names are not
    accepted here. With ``strict=True`` (StatBank responses, where ``01`` is a *landsdel*, not a
    municipality) only exact three-digit codes pass.
    """
    raw = text.strip()
    s = raw
    if not s.isdigit() or not s.isascii():
        raise _invalid_area(raw)
    if strict:
        if len(s) != 3 or not _is_area_code(s):
            raise _invalid_area(raw)
        return s
    if len(s) < 3:
        s = s.zfill(3)
    elif len(s) == 4:
        if s[0] == "0" and s != "0000":
            s = s[1:]
            if s == AREA_DENMARK or s in REGION_CODES:
                raise _invalid_area(raw)
        elif s[:2] == "10" and s[1:] in REGION_CODES:
            s = s[1:]
        else:
            raise _invalid_area(raw)
    elif len(s) != 3:
        raise _invalid_area(raw)
    if not _is_area_code(s):
        raise _invalid_area(raw)
    return s


def _invalid_area(text: str) -> FieldError:
    return FieldError(
        Code.INVALID_AREA,
        N_(
            "“%(value)s” is not an area code. Use 000 for Denmark, 081–085 for a region or the "
            "three-digit municipality code (101–860)."
        ),
        value=text,
    )


# --- flags ----------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def parse_flags(text: str) -> frozenset[str]:
    """Parse a flags cell: names separated by ``;``, ``,``, ``|`` or spaces, English or Danish."""
    s = text.strip().lower()
    if not s:
        return NO_FLAGS
    for separator in (";", ",", "|"):
        s = s.replace(separator, " ")
    flags = set()
    for part in s.split():
        flag = FLAG_ALIASES.get(part)
        if flag is None:
            raise FieldError(
                Code.UNKNOWN_FLAG,
                N_(
                    "“%(value)s” is not a known flag. Use provisional, estimated, suppressed "
                    "or break."
                ),
                value=part,
            )
        flags.add(flag)
    return frozenset(flags)


# --- the checks every parser shares ---------------------------------------------------------


class RowChecker:
    """Checks that need the whole file: duplicates and, if given, the known codes."""

    def __init__(
        self,
        errors: ErrorCollector,
        *,
        known_areas: Collection[str] | None = None,
        known_indicators: Collection[str] | None = None,
    ):
        self.errors = errors
        self.known_areas = frozenset(known_areas) if known_areas is not None else None
        self.known_indicators = (
            frozenset(known_indicators) if known_indicators is not None else None
        )
        self.seen: dict[tuple[str, str, str, tuple[tuple[str, str], ...]], int] = {}

    def check_codes(
        self,
        row: int,
        indicator: str,
        area: str,
        indicator_column: str | None,
        area_column: str | None,
    ) -> bool:
        ok = True
        if self.known_indicators is not None and indicator not in self.known_indicators:
            self.errors.add(
                row,
                indicator_column,
                Code.UNKNOWN_INDICATOR,
                N_("The indicator “%(value)s” is not in the catalogue."),
                value=indicator,
            )
            ok = False
        if self.known_areas is not None and area not in self.known_areas:
            self.errors.add(
                row,
                area_column,
                Code.UNKNOWN_AREA,
                N_("The area “%(value)s” is not a known municipality, region or Denmark."),
                value=area,
            )
            ok = False
        return ok

    def check_duplicate(
        self,
        row: int,
        indicator: str,
        area: str,
        period: str,
        disaggregation: tuple[tuple[str, str], ...],
        column: str | None = None,
    ) -> bool:
        key = (indicator, area, period, disaggregation)
        first = self.seen.setdefault(key, row)
        if first != row:
            self.errors.add(
                row,
                column,
                Code.DUPLICATE_ROW,
                N_(
                    "This row repeats row %(first_row)s: the same indicator, area, period and "
                    "breakdown."
                ),
                first_row=first,
                indicator=indicator,
                area=area,
                period=period,
            )
            return False
        return True
