"""JSON-stat datasets, version 1 (as Statistics Denmark's StatBank returns them) and version 2.

Version 1 (https://json-stat.org/format/v1/): the dataset sits under a key of the top-level
object, ``{"dataset": {...}}`` from StatBank; the dimension order is ``dimension.id`` with sizes
in ``dimension.size`` and roles in ``dimension.role``. A bare dataset object is accepted too.

Version 2 (https://json-stat.org/format/): ``{"version": "2.0", "class": "dataset", "id": [...],
"size": [...], "role": {...}, "dimension": {...}, "value": ..., "status": ...}``.

In both, ``value`` is an array in row-major order (the last dimension varies fastest) or an
object keyed by that position; ``status`` is one string for all cells, an array or an object.
A ``null`` value or a ``..`` status is a suppressed cell (value ``None``, flag ``suppressed``),
never zero. Numbers are read as written (``parse_float=Decimal``), so a value that a stored
number cannot hold (``1e400``, 38 digits) is an error rather than infinity or a rounded number.
Category order is ``category.index`` (an array, or an object of positions); a dimension
without an index has a single category, named by ``category.label``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .base import (
    FLAG_ALIASES,
    FLAG_SUPPRESSED,
    N_,
    NO_FLAGS,
    Code,
    ErrorCollector,
    FieldError,
    ObservationRow,
    RowChecker,
    normalise_area,
    normalise_period,
    parse_value,
    storable,
)

# A dataset larger than this is refused: a hostile "size" would otherwise make us walk billions
# of positions. StatBank's own limit is 1,000,000 cells a request.
MAX_CELLS = 5_000_000

AREA_DIMENSION_NAMES = ("OMRÅDE", "OMRADE", "OMRAADE", "area")
TIME_DIMENSION_NAMES = ("Tid", "TID", "time", "year", "period")


@dataclass(frozen=True)
class JsonStatMapping:
    """How the dataset's dimensions map to observation fields.

    ``area``/``time``: the dimension ids of the area and period. When not given, the area is the
    dimension named ``OMRÅDE`` (or ``area``) and the time the one with role ``time``, else one
    named ``Tid``/``time``. Role ``geo`` is not trusted for the area: StatBank gives it to
    country of birth. A dataset with no area dimension gives every row ``default_area``.
    ``filters``: dimension id -> the one category to keep; those dimensions leave the output.
    ``drop``: dimensions (with a single category) to leave out of the breakdown.
    Every other dimension becomes a breakdown (``(dimension id, category code)``), except a
    single-category ``metric`` dimension such as StatBank's ``ContentsCode``, which gives the unit.
    ``strict_areas``: only exact three-digit ``OMRÅDE`` codes (StatBank's ``01`` is a landsdel).
    ``indicator`` is required: a dataset does not name the catalogue's indicator. Without it the
    file is still read, so that its own errors are reported with the missing indicator.
    """

    indicator: str | None = None
    area: str | None = None
    time: str | None = None
    filters: Mapping[str, str] = field(default_factory=dict)
    drop: frozenset[str] = frozenset()
    default_area: str = "000"
    unit: str | None = None
    strict_areas: bool = True


@dataclass
class _Dimension:
    id: str
    size: int
    codes: list[str]
    units: dict[str, str]


def _constant(name: str) -> str:
    """``NaN``, ``Infinity`` and ``-Infinity`` are not JSON: kept as text, reported per cell."""
    return name


def _load(data: bytes | str | Mapping[str, Any], errors: ErrorCollector) -> dict[str, Any]:
    if isinstance(data, Mapping):
        return dict(data)
    try:
        document = json.loads(data, parse_float=Decimal, parse_constant=_constant)
    except RecursionError:
        errors.fail(
            None,
            None,
            Code.INVALID_JSON,
            N_("The file is not a JSON-stat dataset: its lists or objects are nested too deeply."),
        )
    except json.JSONDecodeError as exc:
        errors.fail(
            None,
            None,
            Code.INVALID_JSON,
            N_("The file is not valid JSON: it breaks off or goes wrong at line %(line)s, column "
               "%(column)s."),
            line=exc.lineno,
            column=exc.colno,
        )  # fmt: skip
    except UnicodeDecodeError:
        errors.fail(
            None, None, Code.INVALID_JSON, N_("The file is not valid JSON: it is not UTF-8 text.")
        )
    except ValueError:  # e.g. an integer of more than 4,300 digits
        errors.fail(None, None, Code.INVALID_JSON, N_("The file is not valid JSON."))
    if not isinstance(document, dict):
        _invalid(errors, N_("The JSON is not a JSON-stat dataset: it is not an object."))
    return document


def _invalid(
    errors: ErrorCollector, message: str, column: str | None = None, **params: Any
) -> None:
    errors.fail(None, column, Code.INVALID_JSONSTAT, message, **params)


def _find_dataset(document: dict[str, Any], errors: ErrorCollector) -> tuple[dict[str, Any], int]:
    """Return the dataset object and its JSON-stat version (1 or 2)."""
    if document.get("class") == "dataset" or "version" in document:
        return document, 2
    if isinstance(document.get("dataset"), dict):
        return document["dataset"], 1
    if "dimension" in document and "value" in document:
        return document, 1
    candidates = [v for v in document.values() if isinstance(v, dict) and "dimension" in v]
    if len(candidates) == 1:
        return candidates[0], 1
    _invalid(
        errors,
        N_(
            "The JSON is not a JSON-stat dataset: expected a “dataset” object (version 1) or "
            "“class”: “dataset” (version 2)."
        ),
    )
    raise AssertionError("unreachable")  # pragma: no cover


def _dimensions(
    dataset: dict[str, Any], version: int, errors: ErrorCollector
) -> tuple[list[_Dimension], dict[str, list[str]]]:
    dimension = dataset.get("dimension")
    if not isinstance(dimension, dict):
        _invalid(errors, N_("The dataset has no “dimension” object."))
    holder = dataset if version == 2 else dimension
    ids, sizes, role = holder.get("id"), holder.get("size"), holder.get("role") or {}
    if not (
        isinstance(ids, list)
        and isinstance(sizes, list)
        and len(ids) == len(sizes)
        and all(isinstance(i, str) for i in ids)
        and all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes)
        and len(set(ids)) == len(ids)
    ):
        _invalid(errors, N_("The dataset’s “id” and “size” lists are missing or do not match."))
    if not isinstance(role, dict):
        role = {}
    dimensions = []
    for dimension_id, size in zip(ids, sizes, strict=True):
        spec = dimension.get(dimension_id)
        category = spec.get("category") if isinstance(spec, dict) else None
        if not isinstance(category, dict):
            _invalid(
                errors,
                N_("The dimension “%(dimension)s” has no categories."),
                column=dimension_id,
                dimension=dimension_id,
            )
        codes = _category_codes(category)
        if codes is None or len(codes) != size:
            _invalid(
                errors,
                N_(
                    "The categories of the dimension “%(dimension)s” do not match its size "
                    "%(size)s."
                ),
                column=dimension_id,
                dimension=dimension_id,
                size=size,
            )
        units: dict[str, str] = {}
        unit_spec = category.get("unit")
        if isinstance(unit_spec, dict):
            for code, unit in unit_spec.items():
                if isinstance(unit, dict):
                    text = unit.get("base") or unit.get("label") or unit.get("symbol")
                    if isinstance(text, str) and text:
                        units[code] = text
        dimensions.append(_Dimension(dimension_id, size, codes, units))
    roles = {
        name: [d for d in members if isinstance(d, str)]
        for name, members in role.items()
        if isinstance(members, list)
    }
    return dimensions, roles


def _category_codes(category: dict[str, Any]) -> list[str] | None:
    index = category.get("index")
    if isinstance(index, list):
        if all(isinstance(code, str) for code in index) and len(set(index)) == len(index):
            return list(index)
        return None
    if isinstance(index, dict):
        positions = list(index.values())
        if not all(isinstance(p, int) and not isinstance(p, bool) for p in positions):
            return None
        if sorted(positions) != list(range(len(positions))):
            return None
        return [code for code, _ in sorted(index.items(), key=lambda item: item[1])]
    if index is None:
        label = category.get("label")
        if isinstance(label, dict) and len(label) == 1:
            return list(label)
    return None


def _pick(
    requested: str | None,
    dimensions: list[_Dimension],
    roles: dict[str, list[str]],
    role: str,
    names: tuple[str, ...],
    errors: ErrorCollector,
) -> _Dimension | None:
    by_id = {d.id: d for d in dimensions}
    if requested is not None:
        if requested not in by_id:
            errors.fail(
                None,
                requested,
                Code.MISSING_DIMENSION,
                N_("The dataset has no dimension “%(dimension)s”. Its dimensions are: %(found)s."),
                dimension=requested,
                found=", ".join(by_id),
            )
        return by_id[requested]
    for dimension_id in roles.get(role, []):
        if dimension_id in by_id:
            return by_id[dimension_id]
    lowered = {d.id.lower(): d for d in dimensions}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def parse_jsonstat(
    data: bytes | str | Mapping[str, Any],
    mapping: JsonStatMapping,
    *,
    known_areas: Collection[str] | None = None,
    known_indicators: Collection[str] | None = None,
    first_row: int = 1,
) -> list[ObservationRow]:
    """Parse a JSON-stat dataset (version 1 or 2) into observations.

    ``row`` in the result and in errors is the cell's position in the value array, counted from
    ``first_row`` (a dataset fetched in parts goes on where the part before it ended);
    ``column`` in errors is the dimension id.
    """
    errors = ErrorCollector()
    indicator = mapping.indicator
    if not indicator:
        errors.add(
            None,
            None,
            Code.INDICATOR_REQUIRED,
            N_("Choose the indicator: a JSON-stat file does not say which indicator its values "
               "belong to."),
        )  # fmt: skip
        known_indicators = None  # nothing to check against
    document = _load(data, errors)
    dataset, version = _find_dataset(document, errors)
    dimensions, roles = _dimensions(dataset, version, errors)

    # not role "geo": StatBank gives that role to FODLAND (country of birth) in BEF5
    area_dim = _pick(mapping.area, dimensions, roles, "", AREA_DIMENSION_NAMES, errors)
    time_dim = _pick(mapping.time, dimensions, roles, "time", TIME_DIMENSION_NAMES, errors)
    if time_dim is None:
        errors.fail(
            None,
            None,
            Code.MISSING_DIMENSION,
            N_("The dataset has no time dimension. Its dimensions are: %(found)s."),
            found=", ".join(d.id for d in dimensions),
        )
    by_id = {d.id: d for d in dimensions}
    keep: dict[int, int] = {}  # dimension position -> the only category position kept
    for dimension_id, code in mapping.filters.items():
        if dimension_id not in by_id:
            errors.add(
                None,
                dimension_id,
                Code.MISSING_DIMENSION,
                N_("The dataset has no dimension “%(dimension)s”. Its dimensions are: %(found)s."),
                dimension=dimension_id,
                found=", ".join(by_id),
            )
        elif code not in by_id[dimension_id].codes:
            errors.add(
                None,
                dimension_id,
                Code.MISSING_DIMENSION,
                N_("The dimension “%(dimension)s” has no category “%(category)s”."),
                dimension=dimension_id,
                category=code,
            )
        else:
            keep[dimensions.index(by_id[dimension_id])] = by_id[dimension_id].codes.index(code)
    metric_ids = set(roles.get("metric", []))
    unit_dim: _Dimension | None = None
    breakdown: list[tuple[int, _Dimension]] = []
    for position, dimension in enumerate(dimensions):
        if dimension is area_dim or dimension is time_dim or position in keep:
            continue
        if dimension.id in metric_ids and dimension.size == 1:
            unit_dim = dimension
            continue
        if dimension.id in mapping.drop:
            if dimension.size > 1:
                errors.add(
                    None,
                    dimension.id,
                    Code.INVALID_JSONSTAT,
                    N_(
                        "The dimension “%(dimension)s” has %(size)s categories, so it cannot be "
                        "left out; filter it to one category instead."
                    ),
                    dimension=dimension.id,
                    size=dimension.size,
                )
            continue
        if dimension.id in metric_ids and dimension.units:
            unit_dim = dimension
        breakdown.append((position, dimension))
    errors.raise_if_any()

    sizes = [d.size for d in dimensions]
    total = math.prod(sizes)
    if total > MAX_CELLS:
        _invalid(
            errors,
            N_("The dataset has %(cells)s cells; at most %(max)s can be imported at once."),
            cells=total,
            max=MAX_CELLS,
        )
    values = dataset.get("value")
    if isinstance(values, list):
        if len(values) != total:
            _invalid(
                errors,
                N_("The dataset has %(found)s values, but its dimensions make %(expected)s cells."),
                found=len(values),
                expected=total,
            )
        cells = enumerate(values)
    elif isinstance(values, dict):
        cells = []
        for key, value in values.items():
            key = str(key)
            if not (key.isdigit() and key.isascii() and int(key) < total):
                _invalid(
                    errors,
                    N_("The value key “%(key)s” is not a cell position."),
                    key=key[:50],
                )
            cells.append((int(key), value))
        cells.sort()
    else:
        _invalid(errors, N_("The dataset has no “value” array or object."))
    status = dataset.get("status")

    strides = [1] * len(sizes)
    for i in range(len(sizes) - 2, -1, -1):
        strides[i] = strides[i + 1] * sizes[i + 1]
    area_pos = dimensions.index(area_dim) if area_dim is not None else None
    time_pos = dimensions.index(time_dim)
    checker = RowChecker(errors, known_areas=known_areas, known_indicators=known_indicators)
    unit_pos = dimensions.index(unit_dim) if unit_dim is not None else None
    default_area = normalise_area(mapping.default_area)
    rows: list[ObservationRow] = []
    for flat, value in cells:
        positions = [(flat // stride) % size for stride, size in zip(strides, sizes, strict=True)]
        if any(positions[p] != wanted for p, wanted in keep.items()):
            continue
        number = first_row + flat
        ok = True
        area = default_area
        if area_pos is not None:
            code = dimensions[area_pos].codes[positions[area_pos]]
            try:
                area = normalise_area(code, strict=mapping.strict_areas)
            except FieldError as exc:
                errors.add(number, dimensions[area_pos].id, exc.code, exc.message, **exc.params)
                ok = False
        code = time_dim.codes[positions[time_pos]]
        try:
            period = normalise_period(code)
        except FieldError as exc:
            errors.add(number, time_dim.id, exc.code, exc.message, **exc.params)
            ok = False
        flags = _status_flags(status, flat)
        parsed: Decimal | None = None
        if value is None:
            flags = flags | {FLAG_SUPPRESSED}
        elif isinstance(value, bool):
            errors.add(
                number,
                None,
                Code.INVALID_NUMBER,
                N_("“%(value)s” is not a number."),
                value=str(value).lower(),
            )
            ok = False
        elif isinstance(value, float) and not math.isfinite(value):  # given as Python objects
            errors.add(
                number,
                None,
                Code.INVALID_NUMBER,
                N_("“%(value)s” is not a number."),
                value=repr(value),
            )
            ok = False
        elif isinstance(value, int | float | Decimal):  # a file's numbers are Decimal or int
            try:
                parsed = storable(Decimal(repr(value) if isinstance(value, float) else value))
            except FieldError as exc:
                errors.add(number, None, exc.code, exc.message, **exc.params)
                ok = False
        elif isinstance(value, str):
            try:
                parsed, suppressed = parse_value(value)
            except FieldError as exc:
                errors.add(number, None, exc.code, exc.message, **exc.params)
                ok = False
            else:
                if suppressed or parsed is None:
                    flags = flags | {FLAG_SUPPRESSED}
        else:
            errors.add(
                number,
                None,
                Code.INVALID_NUMBER,
                N_("“%(value)s” is not a number."),
                value="[…]" if isinstance(value, list) else "{…}",  # never walked: it may be deep
            )
            ok = False
        if not ok:
            continue
        if FLAG_SUPPRESSED in flags:
            parsed = None
        disaggregation = tuple(sorted((d.id, d.codes[positions[p]]) for p, d in breakdown))
        if not checker.check_codes(
            number, indicator, area, None, area_dim.id if area_dim else None
        ):
            continue
        if not checker.check_duplicate(number, indicator, area, period, disaggregation):
            continue
        unit = mapping.unit
        if unit is None and unit_pos is not None:
            unit = dimensions[unit_pos].units.get(dimensions[unit_pos].codes[positions[unit_pos]])
        rows.append(
            ObservationRow(
                number, indicator, area, period, parsed, unit, disaggregation, frozenset(flags)
            )
        )
    errors.raise_if_any()
    return rows


def _status_flags(status: Any, flat: int) -> frozenset[str]:
    if status is None:
        return NO_FLAGS
    if isinstance(status, str):
        mark = status
    elif isinstance(status, list):
        mark = status[flat] if flat < len(status) else None
    elif isinstance(status, dict):
        mark = status.get(str(flat))
    else:
        return NO_FLAGS
    if not isinstance(mark, str):
        return NO_FLAGS
    flag = FLAG_ALIASES.get(mark.strip().lower())
    # other status texts (free-form notes) carry no flag we know
    return frozenset({flag}) if flag else NO_FLAGS
