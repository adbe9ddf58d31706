"""Importing observations: plan (validate and diff against the database), then apply at once.

An import is all or nothing: it is validated whole before anything is written, every error is
reported together, and it is applied in one transaction. Running the same import again finds
every row unchanged and writes nothing. A changed value keeps its old value as a revision.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, compress
from operator import itemgetter, ne
from pathlib import PurePath

import numpy as np
from django.db import IntegrityError, connection, transaction
from django.dispatch import Signal
from django.utils import timezone

from verdensmaal.areas.models import Area
from verdensmaal.audit.services import log_action
from verdensmaal.catalogue.models import Indicator
from verdensmaal.core.permissions import can_import_data, is_secretariat

from . import audit_actions, storage
from .models import DataImport, Flag, Observation, ObservationRevision
from .parsers import (
    N_,
    ImportValidationError,
    JsonStatMapping,
    ObservationRow,
    RowError,
    parse_csv,
    parse_jsonstat,
    parse_open_sdg,
    parse_xlsx,
)
from .parsers.base import Observations, breakdown_key, gc_paused, map_distinct, ordered_codes
from .parsers.columnar import factorize
from .same_keys import same_keys_diff
from .selectors import SourceKind, import_source_kind

FORMATS = ("csv", "xlsx", "jsonstat", "opensdg")
STORED_ERRORS = 500  # errors kept on a refused import's log entry
SAMPLES = 20  # changes shown in the preview
BREAKDOWN_LENGTH = Observation._meta.get_field("breakdown").max_length
# PostgreSQL types of the observation columns, in _insert's order, for binary COPY.


# Sent once an applied import that added or changed values is committed, with ``data_import``:
# apps above this one (the revision notices of ``learning``) react to revised values without
# this app knowing them. A receiver that fails is logged and does not undo the import.
import_applied = Signal()


class ImportPermissionError(Exception):
    pass


class ImportConflictError(Exception):
    """The stored observations changed between the plan and its saving (another import saved
    the same keys meanwhile): nothing was saved, and the plan must be made again."""


def detect_format(filename: str) -> str | None:
    suffix = PurePath(filename).suffix.lower()
    return {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".json": "jsonstat"}.get(suffix)


def _allowed_area_codes(actor, all_codes: set[str]) -> set[str]:
    """The areas ``actor`` may import for: all for the secretariat and the command line."""
    if actor is None or is_secretariat(actor):
        return all_codes
    if not can_import_data(actor):
        raise ImportPermissionError
    return {actor.organisation.area.code}


def _not_yours(error: RowError, all_codes: set[str]) -> RowError:
    """A real area outside the editor's own municipality gets its own, clearer message."""
    if error.code == "unknown_area" and error.params.get("value") in all_codes:
        return RowError(
            error.row,
            error.column,
            "area_not_yours",
            N_("You may only import data for your own municipality, not for area %(value)s."),
            error.params,
        )
    return error


def parse_file(
    content: bytes,
    *,
    format: str,
    indicator: str | None = None,
    area: str | None = None,
    encoding: str | None = None,
    actor=None,
) -> list[ObservationRow]:
    """Parse an uploaded file against the catalogue and the areas ``actor`` may import for, so
    that format errors, unknown codes and foreign areas are all reported in one pass.
    ``encoding`` is for the text formats (CSV, Open SDG); UTF-8 when not given."""
    all_codes = set(Area.objects.values_list("code", flat=True))
    known = {
        "known_areas": _allowed_area_codes(actor, all_codes),
        "known_indicators": set(Indicator.objects.values_list("code", flat=True)),
    }
    try:
        return _parse(
            content, format=format, indicator=indicator, area=area, encoding=encoding, known=known
        )
    except ImportValidationError as error:
        raise ImportValidationError([_not_yours(e, all_codes) for e in error.errors]) from None


def _parse(content: bytes, *, format, indicator, area, encoding, known) -> list[ObservationRow]:
    if format == "csv":
        return parse_csv(content, indicator=indicator, encoding=encoding, **known)
    if format == "xlsx":
        return parse_xlsx(content, indicator=indicator, **known)
    if format == "opensdg":
        if not indicator:
            raise ImportValidationError(
                [RowError(None, None, "indicator_required", N_("Choose the indicator."))]
            )
        return parse_open_sdg(
            content, indicator=indicator, area=area or "000", encoding=encoding, **known
        )
    if format == "jsonstat":
        return parse_jsonstat(content, JsonStatMapping(indicator=indicator or None), **known)
    message = N_("Unknown format “%(value)s”.")
    raise ImportValidationError(
        [RowError(None, None, "unknown_format", message, {"value": format})]
    )


@dataclass
class ImportPlan:
    """What an import would do, computed without writing anything.

    A row is ``(indicator id, area id, period, breakdown, value, unit, flags)`` as stored, its
    first four items being its key; new rows are in key order, the unique index's. A change is
    ``(observation id, row)``; ``before`` holds the stored ``(value, unit, flags)`` of the first
    changes, for the preview (the revisions take the old values from the table when saving).
    """

    rows_total: int = 0
    new: list[tuple] = field(default_factory=list)
    changed: list[tuple[int, tuple]] = field(default_factory=list)
    before: list[tuple] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    indicator_codes: dict[int, str] = field(default_factory=dict)
    area_codes: dict[int, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def samples(self, limit: int = SAMPLES) -> list[dict]:
        """Some of the changes, for the preview: changed values first, then new ones."""
        changed = [
            (row[:4], old[0], row[4], False)
            for (_pk, row), old in zip(self.changed[:limit], self.before, strict=False)
        ]
        added = [(row[:4], None, row[4], True) for row in self.new[: limit - len(changed)]]
        return [
            {
                "indicator": self.indicator_codes[key[0]],
                "area": self.area_codes[key[1]],
                "period": key[2],
                "breakdown": key[3],
                "old": old,
                "new": value,
                "is_new": is_new,
            }
            for key, old, value, is_new in changed + added
        ]


def _row_errors(rows, indicators: dict, areas: dict, allowed: set[str]) -> list[RowError]:
    """Every row's problem with the catalogue, the user's rights, units and duplicates."""
    errors, seen = [], set()

    def refuse(row: ObservationRow, code: str, message: str, column=None, **params) -> None:
        errors.append(RowError(row.row, column, code, message, params))

    for row in rows:
        indicator = indicators.get(row.indicator)
        key = (row.indicator, row.area, row.period, row.disaggregation)
        if indicator is None:
            refuse(
                row,
                "unknown_indicator",
                N_("The indicator “%(value)s” is not in the catalogue."),
                value=row.indicator,
            )
        elif row.area not in areas:
            refuse(
                row,
                "unknown_area",
                N_("The area “%(value)s” is not a known municipality, region or Denmark."),
                value=row.area,
            )
        elif row.area not in allowed:
            refuse(
                row,
                "area_not_yours",
                N_("You may only import data for your own municipality, not for area %(value)s."),
                value=row.area,
            )
        elif len(breakdown := breakdown_key(row.disaggregation)) > BREAKDOWN_LENGTH:
            refuse(
                row,
                "breakdown_too_long",
                N_("The breakdown “%(value)s” is longer than %(limit)s characters."),
                value=breakdown[:60] + "…",
                limit=BREAKDOWN_LENGTH,
            )
        elif row.unit and row.unit != indicator[1]:
            refuse(
                row,
                "unit_mismatch",
                N_("The unit “%(unit)s” does not match the indicator's unit “%(expected)s”."),
                "unit",
                unit=row.unit,
                expected=indicator[1],
            )
        elif key in seen:
            refuse(
                row,
                "duplicate_row",
                N_("This row repeats another row: the same indicator, area, period and breakdown."),
            )
        seen.add(key)
    return errors  # fmt: skip


def import_plan(*, actor, rows: Sequence[ObservationRow]) -> ImportPlan:
    # Millions of small tuples and no reference cycles: the cyclic collector would only rescan
    # them again and again.
    with gc_paused():
        plan = _import_plan(actor, rows)
    if plan.ok and plan.changed and actor is not None and not is_secretariat(actor):
        plan.errors = _official_values_kept(plan, rows)
    return plan


def _official_values_kept(plan: ImportPlan, rows: Sequence[ObservationRow]) -> list[RowError]:
    """A municipality's upload never replaces an official value: the rows that would change a
    value from Statistics Denmark or the secretariat are refused (and with them the import, all
    or nothing). A municipality may replace demo values and its own earlier uploads, and add
    values where there are none; the pages name every value's source.
    """
    ids = [pk for pk, _row in plan.changed]
    import_of = {}
    for start in range(0, len(ids), storage.BATCH):
        import_of.update(
            Observation.objects.filter(pk__in=ids[start : start + storage.BATCH]).values_list(
                "pk", "data_import_id"
            )
        )
    imports = DataImport.objects.select_related("actor", "organisation").in_bulk(
        {pk for pk in import_of.values() if pk is not None}
    )
    official = {
        row[:4]
        for pk, row in plan.changed
        if import_source_kind(imports.get(import_of.get(pk))) == SourceKind.OFFICIAL
    }
    if not official:
        return []
    indicator_ids = {code: pk for pk, code in plan.indicator_codes.items()}
    area_ids = {code: pk for pk, code in plan.area_codes.items()}
    return [
        RowError(
            row.row,
            None,
            "official_value",
            N_(
                "The value of %(indicator)s for %(area)s in %(period)s is official statistics, "
                "which a municipality's upload cannot replace; ask the secretariat if it is wrong."
            ),
            {"indicator": row.indicator, "area": row.area, "period": row.period},
        )
        for row in rows
        if (
            indicator_ids[row.indicator],
            area_ids[row.area],
            row.period,
            breakdown_key(row.disaggregation),
        )
        in official
    ]


def _import_plan(actor, rows: Sequence[ObservationRow]) -> ImportPlan:
    """Validate the rows against the catalogue and the user's rights, and diff them.

    Written for a million rows. The rows are taken a column at a time and the checks look at
    the distinct codes, going through the rows one by one only to report what is wrong. The
    rows are then put in the stored table's key order and the stored rows read in that order:
    where they are the same rows (as when a file is imported again), comparing the two lists is
    all it takes. From the first difference on, the rows are matched by key.
    """
    plan = ImportPlan(rows_total=len(rows))
    indicators = {
        code: (pk, unit)
        for code, pk, unit in Indicator.objects.values_list("code", "pk", "unit_code")
    }
    areas = dict(Area.objects.values_list("code", "pk"))
    allowed = _allowed_area_codes(actor, set(areas))
    if not rows:
        return plan
    if isinstance(rows, Observations):
        column, known = rows.column, rows.factors  # key columns made only if asked for
    else:
        column, known = list(zip(*rows, strict=True)).__getitem__, {}
    values, units, flags = column(4), column(5), column(7)
    # the key columns as their distinct values and a number per row (the parser's, if it has
    # them): the checks and the ordering look at a few hundred values, not a million
    factors = [known.get(n) or factorize(column(n)) for n in (1, 2, 3, 6)]
    (code_values, code_rows), (area_values, area_rows), (period_values, period_rows) = factors[:3]
    part_values, part_rows = factors[3]
    breakdown_values = [breakdown_key(part) for part in part_values]
    wrong = (
        not set(code_values) <= indicators.keys()
        or not set(area_values) <= allowed
        or (any(units) and any(
            unit and unit != indicators[code][1]
            for code, unit in set(zip(column(1), units, strict=True))
        ))
        or any(len(breakdown) > BREAKDOWN_LENGTH for breakdown in breakdown_values)
    )  # fmt: skip
    if not wrong:
        # ranks in the stored table's key order: by id, and text as Python (and "C") sorts it
        id_of = np.array([indicators[code][0] for code in code_values], np.int64)
        area_id_of = np.array([areas[code] for code in area_values], np.int64)
        indicator_ids, area_ids = sorted(id_of.tolist()), sorted(area_id_of.tolist())
        stored_groups = storage.stored_groups_soon(indicator_ids, area_ids)  # read meanwhile
        key = [
            _ranks(id_of.tolist())[code_rows],
            _ranks(area_id_of.tolist())[area_rows],
            _ranks(period_values)[period_rows],
            _ranks(breakdown_values)[part_rows],
        ]
        order, wrong = ordered_codes(key)  # wrong: two rows with one key
    if wrong:
        plan.errors = _row_errors(rows, indicators, areas, allowed)
        return plan

    positions = order.tolist()
    in_order = code_rows[order]
    floats = _floats(values)
    flag_bits = map_distinct(Flag.encode, flags)
    unit_of = [indicators[code][1] for code in code_values]  # stored with the indicator's unit
    del column, values, flags, key  # the stored form is all that is needed now
    columns = [
        id_of[in_order].tolist(),
        area_id_of[area_rows[order]].tolist(),
        list(map(period_values.__getitem__, period_rows[order].tolist())),
        list(map(breakdown_values.__getitem__, part_rows[order].tolist())),
        list(map(floats.__getitem__, positions)),
        list(map(unit_of.__getitem__, in_order.tolist())),
        list(map(flag_bits.__getitem__, positions)),
    ]
    del floats, flag_bits, positions, order, in_order
    plan.indicator_codes = {pk: code for code, (pk, _unit) in indicators.items()}
    plan.area_codes = {pk: code for code, pk in areas.items()}
    if diff := same_keys_diff(columns, indicator_ids, area_ids, stored_groups()):
        positions, ids, old = diff
        if len(positions) < len(rows):
            columns = [list(map(column.__getitem__, positions)) for column in columns]
        plan.changed = list(zip(ids, zip(*columns, strict=True), strict=True))
        # the unit and flags are the stored ones
        plan.before = [
            (value, row[5], row[6])
            for value, (_pk, row) in zip(old[:SAMPLES], plan.changed, strict=False)
        ]
        plan.unchanged = len(rows) - len(plan.changed)
        return plan
    incoming = list(zip(*columns, strict=True))
    del columns
    same = 0  # incoming[:same] are stored as they are
    chunks = storage.stored_rows(indicator_ids, area_ids)
    for chunk in chunks:
        if chunk != incoming[same : same + len(chunk)]:
            chunks.close()  # from here on, read again with the ids, to match by key
            start = chunk[0][:4]
            try:
                _merge(
                    plan, incoming, same, storage.stored_rows(indicator_ids, area_ids, start=start)
                )
            except _OtherOrder:
                plan.new, plan.changed, plan.before, plan.unchanged = [], [], [], 0
                _match(
                    plan, incoming, same, storage.stored_rows(indicator_ids, area_ids, start=start)
                )
            break
        same += len(chunk)
    else:
        plan.new = incoming[same:]
    plan.unchanged += same
    return plan


_ROW = itemgetter(slice(7))  # a stored row without its id
_KEY = itemgetter(slice(4))


class _OtherOrder(Exception):
    """The database sorts text otherwise than Python (a collation other than "C")."""


def _ranks(values: list) -> np.ndarray:
    """Each value's place among the values in Python's order."""
    ranks = np.empty(len(values), np.int64)
    ranks[sorted(range(len(values)), key=values.__getitem__)] = np.arange(len(values))
    return ranks


def _floats(values: Sequence) -> list[float | None]:
    """The values as stored: doubles, which the parsers checked hold them exactly."""
    if None in values:
        return [None if value is None else float(value) for value in values]
    return list(map(float, values))


def _merge(plan: ImportPlan, incoming: list[tuple], start: int, stored) -> None:
    """Match the incoming rows from ``start`` on with the stored rows (with their ids), both in
    key order, as a merge: a stored row with an incoming row's key is the same or changed, the
    incoming rows before the next stored key are new, and stored rows the file does not have are
    left alone. A chunk of stored rows with the keys of the next incoming rows costs a few
    comparisons of lists, however many of its values changed; only where keys differ are the
    rows walked one by one. Raises _OtherOrder when the stored rows do not come in Python's
    order of their keys.
    """
    position, total, last = start, len(incoming), None
    new, changed, before = plan.new, plan.changed, plan.before

    def change(row: tuple, new_row: tuple) -> None:
        changed.append((row[7], new_row))
        if len(before) < SAMPLES:
            before.append(row[4:7])

    for chunk in stored:
        size = len(chunk)
        rows = list(map(_ROW, chunk))
        block = incoming[position : position + size]
        keys = list(map(_KEY, rows))
        if last is not None and keys[0] <= last:
            raise _OtherOrder
        if keys == list(map(_KEY, block)):  # the same rows; maybe other values
            differ = list(compress(range(size), map(ne, rows, block)))
            for index in differ:
                change(chunk[index], block[index])
            plan.unchanged += size - len(differ)
            position += size
            last = keys[-1]
            continue
        for row, key in zip(chunk, keys, strict=True):
            if last is not None and key <= last:
                raise _OtherOrder
            last = key
            if position < total and incoming[position][:4] < key:
                end = bisect_left(incoming, key, position, total, key=_KEY)
                new.extend(incoming[position:end])  # no stored row has these keys
                position = end
            if position < total and incoming[position][:4] == key:
                if incoming[position] == row[:7]:
                    plan.unchanged += 1
                else:
                    change(row, incoming[position])
                position += 1
    new.extend(incoming[position:])


def _match(plan: ImportPlan, incoming: list[tuple], start: int, stored) -> None:
    """Match the incoming rows from ``start`` on with the stored rows by key, whatever order the
    stored rows come in: the same, changed (with the stored row's id) or new."""
    position = {row[:4]: index for index, row in enumerate(incoming[start:], start)}
    matched = bytearray(len(incoming))  # 1 where a stored row has the key
    for row in chain.from_iterable(stored):
        index = position.get(row[:4])
        if index is None:
            continue  # a stored row the file does not have: left as it is
        matched[index] = 1
        new = incoming[index]
        if new == row[:7]:
            plan.unchanged += 1
        else:
            plan.changed.append((row[7], new))
            if len(plan.before) < SAMPLES:
                plan.before.append(row[4:7])
    del position
    plan.new = [
        row for row, seen in zip(incoming[start:], matched[start:], strict=True) if not seen
    ]


def import_apply(
    *, actor, plan: ImportPlan, source_name: str, format: str, content_hash: str = "", is_demo=False
) -> DataImport:
    """Write a valid plan in one transaction, with its log entry and audit entry.

    The transaction holds only the writing: the plan was made before it. Should the stored
    observations have changed since (another import saved some of the same keys, or demo values
    were removed), nothing is saved and ImportConflictError says the plan must be made again.
    """
    if not plan.ok:
        raise ValueError("an import with errors cannot be applied")
    now = timezone.now()
    try:
        with gc_paused(), transaction.atomic():
            data_import = DataImport.objects.create(
                actor=actor if actor is not None and actor.is_authenticated else None,
                organisation=getattr(actor, "organisation", None),
                source_name=source_name[:300],
                format=format,
                content_hash=content_hash,
                status=DataImport.Status.APPLIED,
                rows_total=plan.rows_total,
                rows_created=len(plan.new),
                rows_updated=len(plan.changed),
                rows_unchanged=plan.unchanged,
                is_demo=is_demo,
            )
            stored_now = connection.ops.adapt_datetimefield_value(now)  # as the driver stores it
            storage.insert_rows(plan.new, data_import.pk, stored_now)  # in key order
            if plan.changed and storage.change_rows(
                plan.changed, data_import.pk, stored_now
            ) != len(plan.changed):
                raise ImportConflictError  # an observation to change is gone
            log_action(
                actor=actor,
                action=audit_actions.IMPORT_APPLIED,
                obj=data_import,
                organisation=data_import.organisation,
                changes={
                    "new": len(plan.new),
                    "changed": len(plan.changed),
                    "unchanged": plan.unchanged,
                },
            )
            if plan.new or plan.changed:
                transaction.on_commit(
                    partial(import_applied.send, sender=DataImport, data_import=data_import),
                    robust=True,
                )
    except (IntegrityError, connection.Database.IntegrityError):
        raise ImportConflictError from None  # a new row's key was saved meanwhile
    return data_import


def import_refused_log(
    *, actor, errors: list[RowError], source_name: str, format: str, rows_total=0
):
    """Keep a refused import in the import log, with its errors; no observation changes."""
    return DataImport.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=getattr(actor, "organisation", None),
        source_name=source_name[:300],
        format=format,
        status=DataImport.Status.FAILED,
        rows_total=rows_total,
        errors=[
            {
                "row": e.row,
                "column": e.column,
                "code": e.code,
                "message": e.message,
                "params": e.params,
            }
            for e in errors[:STORED_ERRORS]
        ],
        error_count=len(errors),
    )


def error_dict(error: RowError) -> dict:
    return {
        "row": error.row,
        "column": error.column,
        "code": error.code,
        "message": error.message,
        "params": error.params,
    }


def demo_observations_remove(*, indicators) -> int:
    """Remove the generated demo values of some indicators, before real data replaces them."""
    demo = Observation.objects.filter(indicator__in=indicators, data_import__is_demo=True)
    ObservationRevision.objects.filter(observation__in=demo).delete()
    count, _by_model = demo.delete()
    return count
