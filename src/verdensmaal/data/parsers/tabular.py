"""The long and wide table layouts shared by the CSV and Excel parsers.

Long layout: one observation a row, columns ``indicator``, ``area``, ``period``, ``value`` and
optionally ``unit`` and ``flags``; every other named column is a breakdown (disaggregation),
e.g. ``sex`` or ``age``.

Wide layout: columns ``indicator`` and ``area`` (optionally ``unit`` and breakdown columns) and
then one column per period, headed ``2019``, ``2020`` or ``2020K1``. An empty cell in a period
column is no observation; ``..`` is a suppressed one.

Headers are matched without regard to case, surrounding spaces, ``_``/``-``/spaces, and with the
Danish names: indikator, område/omraade, periode/år/aar/tid, værdi/vaerdi/indhold, enhed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from decimal import Decimal
from operator import itemgetter
from typing import Literal

import numpy as np

from .base import (
    EXACT_DIGITS,
    N_,
    NO_FLAGS,
    SUPPRESSED_ONLY,
    Code,
    ErrorCollector,
    FieldError,
    NumberStyle,
    ObservationRow,
    Observations,
    RowChecker,
    ambiguous_error,
    gc_paused,
    normalise_area,
    normalise_period,
    parse_flags,
    parse_value,
    repeated_codes,
)
from .columnar import Factors, PlainNumbers, TextColumns, factorize
from .frame import FrameColumns

Layout = Literal["auto", "long", "wide"]
# the cells after the header, column by column, given the header's width; or None
BodyColumns = Callable[[int], TextColumns | FrameColumns | None]

INDICATOR = "indicator"
AREA = "area"
PERIOD = "period"
VALUE = "value"
UNIT = "unit"
FLAGS = "flags"

HEADER_ALIASES: dict[str, str] = {
    "indicator": INDICATOR,
    "indikator": INDICATOR,
    "indicator code": INDICATOR,
    "indikatorkode": INDICATOR,
    "area": AREA,
    "area code": AREA,
    "område": AREA,
    "omraade": AREA,
    "omrade": AREA,
    "områdekode": AREA,
    "omraadekode": AREA,
    "kommunekode": AREA,
    "period": PERIOD,
    "periode": PERIOD,
    "year": PERIOD,
    "år": PERIOD,
    "aar": PERIOD,
    "tid": PERIOD,
    "time": PERIOD,
    "value": VALUE,
    "værdi": VALUE,
    "vaerdi": VALUE,
    "indhold": VALUE,
    "unit": UNIT,
    "units": UNIT,
    "enhed": UNIT,
    "flags": FLAGS,
    "flag": FLAGS,
    "status": FLAGS,
    "markering": FLAGS,
}

FIELD_LABELS = {
    INDICATOR: "indicator",
    AREA: "area",
    PERIOD: "period",
    VALUE: "value",
}


def header_key(name: str) -> str:
    """Normalise a header for matching: case, spaces, ``_`` and ``-`` do not matter."""
    s = name.replace("\ufeff", "").strip().lower().replace("_", " ").replace("-", " ")
    return " ".join(s.split())


def _is_period_header(name: str) -> bool:
    s = name.strip()
    return len(s) >= 4 and s[:4].isdigit() and s[:4].isascii()


def parse_table(
    records: Iterable[tuple[int, list[str]]],
    errors: ErrorCollector,
    *,
    layout: Layout = "auto",
    indicator: str | None = None,
    known_areas: Collection[str] | None = None,
    known_indicators: Collection[str] | None = None,
    thousands_dot: bool = False,
    body_columns: BodyColumns | None = None,
) -> list[ObservationRow]:
    """Parse records (``(row number, cells)``, the first non-blank one being the header).

    ``thousands_dot``: how to read ``632.340`` when nothing else in the file tells (see
    :class:`.base.NumberStyle`). ``body_columns``: a quicker way to the records after a header
    in the first record, as columns (see :func:`.text.plain_columns`).
    """
    iterator = iter(records)
    header: list[str] | None = None
    header_row = 0
    for number, cells in iterator:
        if any(cell.strip() for cell in cells):
            header, header_row = [c.replace("\ufeff", "").strip() for c in cells], number
            break
    if header is None:
        errors.raise_if_any()  # a damaged file says so rather than "empty"
        errors.fail(None, None, Code.EMPTY_FILE, N_("The file has no header row and no data."))

    columns: dict[str, int] = {}
    breakdown: list[tuple[int, str]] = []
    periods: list[tuple[int, str, str | None]] = []
    seen_names: dict[str, int] = {}
    last_named = -1
    for position, name in enumerate(header):
        if not name:
            continue
        last_named = position
        key = header_key(name)
        if key in seen_names:
            errors.add(
                header_row,
                name,
                Code.DUPLICATE_COLUMN,
                N_("The column “%(column)s” appears more than once."),
                column=name,
            )
            continue
        seen_names[key] = position
        field = HEADER_ALIASES.get(key)
        if field is not None:
            if field in columns:
                errors.add(
                    header_row,
                    name,
                    Code.DUPLICATE_COLUMN,
                    N_("The columns “%(first)s” and “%(column)s” both give the %(field)s."),
                    first=header[columns[field]],
                    column=name,
                    field=field,
                )
                continue
            columns[field] = position
        elif _is_period_header(name):
            try:
                periods.append((position, name, normalise_period(name)))
            except FieldError as exc:
                errors.add(header_row, name, exc.code, exc.message, **exc.params)
                periods.append((position, name, None))
        else:
            breakdown.append((position, name))
    for position, name in enumerate(header[: last_named + 1]):
        if not name:
            errors.add(
                header_row,
                None,
                Code.MISSING_COLUMN,
                N_("Column %(position)s has no name in the header row."),
                position=position + 1,
            )

    if layout == "auto":
        layout = "long" if PERIOD in columns or VALUE in columns or not periods else "wide"

    required = [AREA] if indicator is not None and INDICATOR not in columns else [INDICATOR, AREA]
    if layout == "long":
        required += [PERIOD, VALUE]
        # in the long layout a column headed like a period is a mistake, not a breakdown
        for _position, name, _period in periods:
            errors.add(
                header_row,
                name,
                Code.UNKNOWN_LAYOUT,
                N_(
                    "The column “%(column)s” looks like a period, but the file also has period "
                    "and value columns. Use one layout: a period column and a value column, or one "
                    "column per period."
                ),
                column=name,
            )
    elif not periods:
        errors.add(
            header_row,
            None,
            Code.MISSING_COLUMN,
            N_("The file has no period columns (headed 2020, 2020Q1 or 2020M03)."),
        )
    for field in required:
        if field not in columns:
            errors.add(
                header_row,
                None,
                Code.MISSING_COLUMN,
                N_("The required column “%(column)s” is missing. The header row has: %(found)s."),
                column=field,
                found=", ".join(name for name in header if name),
            )
    errors.raise_if_any()

    checker = RowChecker(errors, known_areas=known_areas, known_indicators=known_indicators)
    style = NumberStyle(thousands_dot)
    with gc_paused():
        if layout == "long":
            rows = _read_long(
                iterator,
                body_columns if header_row == 1 else None,
                header,
                last_named + 1,
                columns,
                breakdown,
                indicator,
                errors,
                checker,
                style,
            )
        else:
            rows = _parse_wide(
                iterator,
                header,
                last_named + 1,
                columns,
                breakdown,
                periods,
                indicator,
                errors,
                checker,
                style,
            )
    resolve_number_style(rows, style, errors)
    if not rows and not errors:
        errors.add(None, None, Code.NO_ROWS, N_("The file has a header row but no observations."))
    errors.raise_if_any()
    return rows


def resolve_number_style(
    rows: Sequence[ObservationRow], style: NumberStyle, errors: ErrorCollector
) -> None:
    """Settle the values like ``632.340`` once the whole file has been seen."""
    if not style.ambiguous:
        return
    thousands = style.thousands_dot()
    for index, number, column, text in style.ambiguous:
        if thousands is None:
            exc = ambiguous_error(text)
            errors.add(number, column, exc.code, exc.message, **exc.params)
        elif thousands:
            rows[index] = rows[index]._replace(value=Decimal(text.strip().replace(".", "")))


def _check_width(
    number: int, cells: list[str], header: list[str], min_width: int, errors: ErrorCollector
) -> bool:
    """False if the record is blank (skip it silently) or the wrong width (error added)."""
    if not any(cell.strip() for cell in cells):
        return False
    width = len(cells)
    if width < min_width:
        errors.add(
            number,
            header[width],
            Code.TRUNCATED_ROW,
            N_(
                "This row has %(found)s cells but the header has %(expected)s: it is cut off "
                "before the column “%(column)s”."
            ),
            found=width,
            expected=min_width,
            column=header[width],
        )
        return False
    if width > len(header) and any(cell.strip() for cell in cells[len(header) :]):
        errors.add(
            number,
            None,
            Code.TOO_MANY_CELLS,
            N_("This row has %(found)s cells but the header has only %(expected)s."),
            found=width,
            expected=len(header),
        )
        return False
    return True


def _read_long(
    records: Iterable[tuple[int, list[str]]],
    body_columns: BodyColumns | None,
    header: list[str],
    min_width: int,
    columns: dict[str, int],
    breakdown: list[tuple[int, str]],
    default_indicator: str | None,
    errors: ErrorCollector,
    checker: RowChecker,
    style: NumberStyle,
) -> list[ObservationRow]:
    """A column at a time when the file is plain, else a row at a time with every error."""
    if body_columns is not None:
        table = body_columns(len(header))  # the records are left unread
        table = None if table is None else (table.numbers, table)
    else:
        records = list(records)
        table = _transposed(records, len(header))
    rows = None
    if table is not None and not errors:
        rows = _read_plain_long(
            *table, header, columns, breakdown, default_indicator, checker, style
        )
    del table
    if rows is None:
        rows = _parse_long(
            records,
            header,
            min_width,
            columns,
            breakdown,
            default_indicator,
            errors,
            checker,
            style,
        )
    return rows  # the million cell lists go here, before the garbage collector is back


def _transposed(
    records: list[tuple[int, list[str]]], width: int
) -> tuple[range, list[tuple[str, ...]]] | None:
    """The records as columns, if they are all ``width`` cells wide."""
    if not records or records[-1][0] - records[0][0] != len(records) - 1:
        return None  # (the readers number their records one by one)
    table = list(map(itemgetter(1), records))
    if set(map(len, table)) != {width}:
        return None
    return range(records[0][0], records[-1][0] + 1), list(zip(*table, strict=True))


class _NotPlain(Exception):
    """A cell the column-wise reading leaves to the row-by-row one."""


def _read_plain_long(
    numbers: range,
    cells: TextColumns | FrameColumns | Sequence[Sequence[str]],
    header: list[str],
    columns: dict[str, int],
    breakdown: list[tuple[int, str]],
    default_indicator: str | None,
    checker: RowChecker,
    style: NumberStyle,
) -> Observations | None:
    """Read a long-layout file a column at a time, each distinct cell text once.

    A million-row file has a few dozen indicators, a hundred areas and a few hundred periods, so
    this is several times less work than reading a row at a time. It covers the plain file:
    every row complete, every cell valid, every code known, no duplicates. At the first thing
    that is not plain it returns None, having changed nothing, and :func:`_parse_long` reads the
    file row by row and reports every error. ``cells`` are a CSV text's columns as polars reads
    them (see :mod:`.frame`) or as byte positions (see :mod:`.columnar`) or, for spreadsheets,
    lists of cell texts.
    """
    known_indicators, known_areas = checker.known_indicators, checker.known_areas
    size = len(numbers)

    def indicator_code(text: str) -> str:
        code = text.strip()
        if not code or (known_indicators is not None and code not in known_indicators):
            raise _NotPlain
        return code

    def area_code(text: str) -> str:
        code = normalise_area(text)
        if known_areas is not None and code not in known_areas:
            raise _NotPlain
        return code

    def factors(position: int) -> Factors:
        if not isinstance(cells, TextColumns | FrameColumns):
            return factorize(cells[position])
        found = cells.factors(position)
        if found is None:
            raise _NotPlain
        return found

    found: dict[int, tuple[list, np.ndarray]] = {}  # the key columns' factors, by field

    def read(position: int, reading, field: int | None = None) -> tuple[list, np.ndarray]:
        """The distinct readings of the column's cells, and per row the number of its reading
        in them (the per-row list is made only if it is asked for: see Observations)."""
        texts, codes = factors(position)
        readings = [reading(text) for text in texts]
        index: dict = {}
        numbered = np.array([index.setdefault(r, len(index)) for r in readings], np.int64)
        read = (list(index), numbered[codes])
        if field is not None:
            found[field] = read
        return read

    def per_row(read: tuple[list, np.ndarray]) -> list:
        distinct, rows = read
        return list(map(distinct.__getitem__, rows.tolist()))

    def constant(value, field: int | None = None) -> tuple[list, np.ndarray]:
        read = ([value], np.zeros(size, np.int64))
        if field is not None:
            found[field] = read
        return read

    try:
        if INDICATOR in columns:
            _, indicator_codes = read(columns[INDICATOR], indicator_code, 1)
        else:
            _, indicator_codes = constant(indicator_code(default_indicator or ""), 1)
        _, area_codes = read(columns[AREA], area_code, 2)
        _, period_codes = read(columns[PERIOD], normalise_period, 3)
        flags = per_row(read(columns[FLAGS], parse_flags)) if FLAGS in columns else None
    except (FieldError, _NotPlain):
        return None
    units: list[str | None] = [None] * size
    if UNIT in columns:
        units = per_row(read(columns[UNIT], lambda text: text.strip() or None))
    _, disaggregation_codes = constant((), 6)
    if breakdown:
        names = sorted(breakdown, key=lambda item: item[1])
        try:
            parts = [read(position, str.strip) for position, _name in names]
        except _NotPlain:
            return None
        combined = parts[0][1]
        for _texts, codes in parts[1:]:
            combined = combined * (int(codes.max()) + 1) + codes
        _, first, disaggregation_codes = np.unique(combined, return_index=True, return_inverse=True)
        first = first.tolist()
        distinct = [
            tuple((name, text) for (_p, name), text in zip(names, texts, strict=True) if text)
            for texts in zip(*(
                [part[code] for code in codes[first].tolist()] for part, codes in parts
            ), strict=True)
        ]  # fmt: skip
        found[6] = (distinct, disaggregation_codes)
        del parts, combined
    if repeated_codes([indicator_codes, area_codes, period_codes, disaggregation_codes]):
        return None  # the row-by-row reading says which rows repeat which
    position = columns[VALUE]
    if isinstance(cells, TextColumns | FrameColumns):
        plain = cells.plain_numbers(position)
        value_texts = cells.texts(position) if plain is None else None
    else:
        value_texts = cells[position]
        plain = _plain_numbers(value_texts)
    if plain is not None:
        values = plain.values
        style.saw_comma = style.saw_comma or plain.comma
        style.saw_point = style.saw_point or plain.point
        if plain.suppressed.any():
            flags = [
                flag | SUPPRESSED_ONLY if marked else flag
                for flag, marked in zip(
                    flags or [NO_FLAGS] * size, plain.suppressed.tolist(), strict=True
                )
            ]
        ambiguous = plain.ambiguous
    else:
        try:
            values_read = {text: parse_value(text) for text in set(value_texts)}
        except FieldError:
            return None
        if suppressed := {text for text, (_value, marked) in values_read.items() if marked}:
            flags = [
                flag | SUPPRESSED_ONLY if text in suppressed else flag
                for flag, text in zip(flags or [NO_FLAGS] * size, value_texts, strict=True)
            ]
        unsure = {
            text
            for text, (value, _suppressed) in values_read.items()
            if value is not None and ("." in text or "," in text) and style.note(text)
        }
        readings = {text: value for text, (value, _s) in values_read.items()}
        values = list(map(readings.__getitem__, value_texts))
        ambiguous = [(i, text) for i, text in enumerate(value_texts) if text in unsure]
    if ambiguous:
        column = header[position]
        style.ambiguous = [(index, numbers[index], column, text) for index, text in ambiguous]
    if flags is None:
        flags = [NO_FLAGS] * size
    # the key columns are made from their factors if they are asked for (see Observations)
    return Observations((numbers, None, None, None, values, units, None, flags), found)


# A column of plain decimal numbers (1234, -4.5) is read with one regular expression over the
# whole column rather than a call per cell. Cells of at most EXACT_DIGITS characters have at most
# that many digits, which a stored double holds exactly (see base.storable).
_PLAIN_NUMBERS = re.compile(r"(?:-?[0-9]++(?:\.[0-9]++)?\n)*+")
_AMBIGUOUS = re.compile(r"^-?[0-9]{1,3}\.[0-9]{3}$", re.MULTILINE)  # 632.340: see NumberStyle


def _plain_numbers(texts: Sequence[str]) -> PlainNumbers | None:
    """A column of spreadsheet cell texts, if every one is a plain number."""
    if not texts or max(map(len, texts)) > EXACT_DIGITS:
        return None
    joined = "\n".join(texts) + "\n"
    if joined.count("\n") != len(texts) or not _PLAIN_NUMBERS.fullmatch(joined):
        return None
    unsure = set(_AMBIGUOUS.findall(joined))
    ambiguous = [(i, text) for i, text in enumerate(texts) if text in unsure] if unsure else []
    return PlainNumbers(
        list(map(float, texts)),  # exact: see ObservationRow.value
        np.zeros(len(texts), bool),
        ambiguous,
        comma=False,
        point=joined.count(".") > len(ambiguous),
    )


def _parse_long(
    records: Iterable[tuple[int, list[str]]],
    header: list[str],
    min_width: int,
    columns: dict[str, int],
    breakdown: list[tuple[int, str]],
    default_indicator: str | None,
    errors: ErrorCollector,
    checker: RowChecker,
    style: NumberStyle,
) -> list[ObservationRow]:
    i_indicator = columns.get(INDICATOR)
    i_area = columns[AREA]
    i_period = columns[PERIOD]
    i_value = columns[VALUE]
    i_unit = columns.get(UNIT)
    i_flags = columns.get(FLAGS)
    c_indicator = header[i_indicator] if i_indicator is not None else None
    c_area, c_period, c_value = header[i_area], header[i_period], header[i_value]
    c_flags = header[i_flags] if i_flags is not None else None
    breakdown = sorted(breakdown, key=lambda item: item[1])
    rows: list[ObservationRow] = []
    shared: dict[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = {}
    append = rows.append
    add_error = errors.add
    seen = checker.seen
    check_codes = (
        checker.check_codes
        if checker.known_areas is not None or checker.known_indicators is not None
        else None
    )
    width = len(header)
    for number, cells in records:
        if len(cells) != width and not _check_width(number, cells, header, min_width, errors):
            continue
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        ok = True
        if i_indicator is not None:
            indicator = cells[i_indicator].strip()
        else:
            indicator = default_indicator or ""
        area_text = cells[i_area]
        period_text = cells[i_period]
        value_text = cells[i_value]
        if not (area_text.strip() or period_text.strip() or value_text.strip()) and not any(
            cell.strip() for cell in cells
        ):
            continue  # a blank row, e.g. ";;;" at the end of an Excel export
        if not indicator:
            add_error(
                number, c_indicator, Code.REQUIRED, N_("The %(field)s is missing."), field=INDICATOR
            )
            ok = False
        try:
            area = normalise_area(area_text)
        except FieldError as exc:
            if area_text.strip():
                add_error(number, c_area, exc.code, exc.message, **exc.params)
            else:
                add_error(
                    number, c_area, Code.REQUIRED, N_("The %(field)s is missing."), field=AREA
                )
            ok = False
        try:
            period = normalise_period(period_text)
        except FieldError as exc:
            if period_text.strip():
                add_error(number, c_period, exc.code, exc.message, **exc.params)
            else:
                add_error(
                    number, c_period, Code.REQUIRED, N_("The %(field)s is missing."), field=PERIOD
                )
            ok = False
        try:
            value, suppressed = parse_value(value_text)
        except FieldError as exc:
            add_error(number, c_value, exc.code, exc.message, **exc.params)
            ok = False
        flags = NO_FLAGS
        if i_flags is not None and cells[i_flags]:
            try:
                flags = parse_flags(cells[i_flags])
            except FieldError as exc:
                add_error(number, c_flags, exc.code, exc.message, **exc.params)
                ok = False
        if not ok:
            continue
        if suppressed:
            flags = flags | SUPPRESSED_ONLY if flags else SUPPRESSED_ONLY
        if breakdown:
            disaggregation = tuple([(n, t) for p, n in breakdown if (t := cells[p].strip())])
            # share equal tuples: a million rows have only a few distinct breakdowns
            disaggregation = shared.setdefault(disaggregation, disaggregation)
        else:
            disaggregation = ()
        if check_codes is not None and not check_codes(
            number, indicator, area, c_indicator, c_area
        ):
            continue
        key = (indicator, area, period, disaggregation)
        first = seen.setdefault(key, number)
        if first != number:
            checker.check_duplicate(number, indicator, area, period, disaggregation)
            continue
        unit = cells[i_unit].strip() or None if i_unit is not None else None
        append(ObservationRow(number, indicator, area, period, value, unit, disaggregation, flags))
        if value is not None and ("." in value_text or "," in value_text):
            style.observe(value_text, len(rows) - 1, number, c_value)
    return rows


def _parse_wide(
    records: Iterable[tuple[int, list[str]]],
    header: list[str],
    min_width: int,
    columns: dict[str, int],
    breakdown: list[tuple[int, str]],
    periods: list[tuple[int, str, str | None]],
    default_indicator: str | None,
    errors: ErrorCollector,
    checker: RowChecker,
    style: NumberStyle,
) -> list[ObservationRow]:
    i_indicator = columns.get(INDICATOR)
    i_area = columns[AREA]
    i_unit = columns.get(UNIT)
    c_indicator = header[i_indicator] if i_indicator is not None else None
    c_area = header[i_area]
    breakdown = sorted(breakdown, key=lambda item: item[1])
    valid_periods = [(p, name, period) for p, name, period in periods if period is not None]
    rows: list[ObservationRow] = []
    width = len(header)
    for number, cells in records:
        if len(cells) != width and not _check_width(number, cells, header, min_width, errors):
            continue
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        ok = True
        indicator = (
            cells[i_indicator].strip() if i_indicator is not None else default_indicator or ""
        )
        if not indicator:
            errors.add(
                number, c_indicator, Code.REQUIRED, N_("The %(field)s is missing."), field=INDICATOR
            )
            ok = False
        area_text = cells[i_area]
        try:
            area = normalise_area(area_text)
        except FieldError as exc:
            if area_text.strip():
                errors.add(number, c_area, exc.code, exc.message, **exc.params)
            else:
                errors.add(
                    number, c_area, Code.REQUIRED, N_("The %(field)s is missing."), field=AREA
                )
            ok = False
        values = []
        for position, name, period in valid_periods:
            try:
                value, suppressed = parse_value(cells[position])
            except FieldError as exc:
                errors.add(number, name, exc.code, exc.message, **exc.params)
                ok = False
                continue
            if value is None and not suppressed:
                continue  # an empty cell: no observation for this period
            values.append(
                (period, value, SUPPRESSED_ONLY if suppressed else NO_FLAGS, name, cells[position])
            )
        if not ok:
            continue
        if not checker.check_codes(number, indicator, area, c_indicator, c_area):
            continue
        disaggregation = tuple(
            (name, text) for name, text in ((n, cells[p].strip()) for p, n in breakdown) if text
        )
        unit = cells[i_unit].strip() or None if i_unit is not None else None
        for period, value, flags, name, text in values:
            if checker.check_duplicate(number, indicator, area, period, disaggregation, name):
                rows.append(
                    ObservationRow(
                        number, indicator, area, period, value, unit, disaggregation, flags
                    )
                )
                if value is not None:
                    style.observe(text, len(rows) - 1, number, name)
    return rows
