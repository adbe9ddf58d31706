"""Importing observations: plan (validate and diff against the database), then apply at once.

An import is all or nothing: it is validated whole before anything is written, every error is
reported together, and it is applied in one transaction. Running the same import again finds
every row unchanged and writes nothing. A changed value keeps its old value as a revision.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from itertools import chain, islice
from operator import eq, itemgetter
from pathlib import Path, PurePath

from django.conf import settings
from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone

from verdensmaal.areas.models import Area
from verdensmaal.audit.services import log_action
from verdensmaal.catalogue.models import Indicator
from verdensmaal.core.permissions import can_import_data, is_secretariat

from . import audit_actions
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
from .parsers.base import breakdown_key, gc_paused, map_distinct

FORMATS = ("csv", "xlsx", "jsonstat", "opensdg")
STORED_ERRORS = 500  # errors kept on a refused import's log entry
BATCH = 5000
CHUNK = 50_000  # stored rows read at a time
BREAKDOWN_LENGTH = Observation._meta.get_field("breakdown").max_length
# PostgreSQL types of the observation columns, in _insert's order, for binary COPY.
COPY_TYPES = ["int8", "int8", "text", "text", "float8", "text", "int2", "int8", "timestamptz"]


# Sent once an applied import is committed, with ``data_import``: apps above this one (the
# revision notices of ``learning``) react to revised values without this app knowing them. A
# receiver that fails is logged and does not undo the import.
import_applied = Signal()


class ImportPermissionError(Exception):
    pass


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
        mapping = JsonStatMapping(indicator=indicator) if indicator else JsonStatMapping()
        return parse_jsonstat(content, mapping, **known)
    message = N_("Unknown format “%(value)s”.")
    raise ImportValidationError(
        [RowError(None, None, "unknown_format", message, {"value": format})]
    )


@dataclass
class ImportPlan:
    """What an import would do, computed without writing anything.

    A row is ``(indicator id, area id, period, breakdown, value, unit, flags)`` as stored, its
    first four items being its key; new rows are in key order, the unique index's.
    """

    rows_total: int = 0
    new: list[tuple] = field(default_factory=list)  # rows
    changed: list[tuple] = field(
        default_factory=list
    )  # (id, old (value, unit, flags, import, when), new (value, unit, flags), key)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    indicator_codes: dict[int, str] = field(default_factory=dict)
    area_codes: dict[int, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def samples(self, limit: int = 20) -> list[dict]:
        """Some of the changes, for the preview: changed values first, then new ones."""
        changed = [(key, old[0], new[0], False) for _pk, old, new, key in self.changed[:limit]]
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


def import_plan(*, actor, rows: list[ObservationRow]) -> ImportPlan:
    # Millions of small tuples and no reference cycles: the cyclic collector would only rescan
    # them again and again.
    with gc_paused():
        return _import_plan(actor, rows)


def _import_plan(actor, rows: list[ObservationRow]) -> ImportPlan:
    """Validate the rows against the catalogue and the user's rights, and diff them.

    Written for a million rows. The rows are taken a column at a time and the checks look at
    the distinct codes, going through the rows one by one only to report what is wrong. The
    rows are then sorted in the stored table's key order and the stored rows read in that
    order: where they are the same rows (as when a file is imported again), comparing the two
    lists is all it takes. From the first difference on, the rows are matched by key.
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
    _numbers, codes, area_codes, periods, values, units, parts, flags = zip(*rows, strict=True)
    given_units = set(zip(codes, units, strict=True))
    breakdowns = map_distinct(breakdown_key, parts)
    wrong = (
        not set(codes) <= indicators.keys()
        or not set(area_codes) <= allowed
        or any(unit and unit != indicators[code][1] for code, unit in given_units)
        or any(len(breakdown) > BREAKDOWN_LENGTH for breakdown in set(breakdowns))
    )
    if not wrong:
        indicator_ids = map_distinct(lambda code: indicators[code][0], codes)
        area_ids = map_distinct(areas.__getitem__, area_codes)
        incoming = sorted(
            zip(
                indicator_ids,
                area_ids,
                periods,
                breakdowns,
                [None if value is None else float(value) for value in values],
                map_distinct(lambda code: indicators[code][1], codes),  # stored with this unit
                map_distinct(Flag.encode, flags),
                strict=True,
            )
        )
        keys = list(map(_KEY, incoming))
        wrong = any(map(eq, keys, islice(keys, 1, None)))  # duplicates are neighbours now
    if wrong:
        plan.errors = _row_errors(rows, indicators, areas, allowed)
        return plan

    plan.indicator_codes = {pk: code for code, (pk, _unit) in indicators.items()}
    plan.area_codes = {pk: code for code, pk in areas.items()}
    same, rest = 0, None  # incoming[:same] are stored as they are
    chunks = _stored(indicator_ids, area_ids)
    for chunk in chunks:
        if chunk != incoming[same : same + len(chunk)]:
            chunks.close()  # from here on, read again with the ids, to match by key
            rest = _stored(indicator_ids, area_ids, start=chunk[0][:4])
            break
        same += len(chunk)
    plan.unchanged = same
    if rest is None:
        plan.new = incoming[same:]
        return plan

    by_key = dict(zip(keys[same:], incoming[same:], strict=True))
    take = by_key.pop
    for row in chain.from_iterable(rest):
        stored, pk = row[:7], row[7]
        new = take(stored[:4], None)
        if new == stored:
            plan.unchanged += 1
        elif new is not None:
            plan.changed.append((pk, stored[4:], new[4:], stored[:4]))
    plan.new = list(by_key.values())
    if plan.changed:  # where the old values came from, for their revisions
        plan.changed = [
            (pk, (*old, *origin), new, key)
            for (pk, old, new, key), origin in zip(
                plan.changed, _origins([change[0] for change in plan.changed]), strict=True
            )
        ]
    return plan


_KEY = itemgetter(slice(4))


def _origins(pks: list[int]) -> list[tuple]:
    """``(import id, updated at)`` of each observation, in the order given."""
    origin = {}
    for start in range(0, len(pks), BATCH):
        origin.update(
            (pk, (data_import, updated_at))
            for pk, data_import, updated_at in Observation.objects.filter(
                pk__in=pks[start : start + BATCH]
            ).values_list("pk", "data_import_id", "updated_at")
        )
    return [origin[pk] for pk in pks]


def _stored(indicator_ids: list[int], area_ids: list[int], *, start: tuple | None = None):
    """The stored observations of these indicators (and areas, when few), in key order, in
    chunks of ``(indicator id, area id, period, breakdown, value, unit, flags)``; from the key
    ``start`` on, with the ``id`` at the end, when ``start`` is given.

    Raw SQL: a million rows through the ORM's converters would take longer than the import.
    """
    indicator_ids, area_ids = sorted(set(indicator_ids)), sorted(set(area_ids))
    sql = (
        "SELECT indicator_id, area_id, period, breakdown, value, unit, flags"  # noqa: S608
        f"{', id' if start else ''} FROM {Observation._meta.db_table} "
        f"WHERE indicator_id IN ({', '.join(['%s'] * len(indicator_ids))})"
    )
    params = indicator_ids
    if len(area_ids) < 20:
        sql += f" AND area_id IN ({', '.join(['%s'] * len(area_ids))})"
        params = [*params, *area_ids]
    if start:
        sql += " AND (indicator_id, area_id, period, breakdown) >= (%s, %s, %s, %s)"
        params = [*params, *start]
    sql += " ORDER BY indicator_id, area_id, period, breakdown"  # the unique index's order
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK):
            yield chunk


def _insert(rows: list[tuple]) -> None:
    """Bulk insert through the driver: COPY on PostgreSQL, executemany elsewhere."""
    table = Observation._meta.db_table
    columns = (
        "indicator_id, area_id, period, breakdown, value, unit, flags, data_import_id, updated_at"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            binary = f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
            with cursor.cursor.copy(binary) as copy:
                copy.set_types(COPY_TYPES)
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"  # noqa: S608 - fixed names
            cursor.cursor.executemany(sql.replace("%s", "?"), rows)


def _update(rows: list[tuple]) -> None:
    table = Observation._meta.db_table
    sql = f"UPDATE {table} SET value = %s, unit = %s, flags = %s, data_import_id = %s, updated_at = %s WHERE id = %s"  # noqa: S608, E501 - fixed names
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def import_apply(
    *, actor, plan: ImportPlan, source_name: str, format: str, content_hash: str = "", is_demo=False
) -> DataImport:
    """Write a valid plan in one transaction, with its log entry and audit entry."""
    if not plan.ok:
        raise ValueError("an import with errors cannot be applied")
    now = timezone.now()
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
        import_id = data_import.pk
        _insert([(*row, import_id, stored_now) for row in plan.new])  # in key order
        if plan.changed:
            ObservationRevision.objects.bulk_create(
                (
                    ObservationRevision(
                        observation_id=pk, value=old[0], unit=old[1], flags=old[2],
                        data_import_id=old[3], valid_from=old[4], replaced_at=now,
                        replaced_by=data_import,
                    )
                    for pk, old, _new, _key in plan.changed
                ),
                batch_size=BATCH,
            )  # fmt: skip
            _update([(*new, data_import.pk, now, pk) for pk, _old, new, _key in plan.changed])
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
        transaction.on_commit(
            partial(import_applied.send, sender=DataImport, data_import=data_import), robust=True
        )
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


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _uploads() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_path(digest: str) -> Path:
    """Where an uploaded file is kept, by the SHA-256 of its content."""
    return _uploads() / digest


def uploads_prune(*, older_than: timedelta) -> int:
    """Delete the uploaded files no applied import came from, once older than ``older_than``
    (by then the session that previewed them has expired). The files of applied imports are
    kept: they are where the saved values came from."""
    kept = set(
        DataImport.objects.filter(status=DataImport.Status.APPLIED).values_list(
            "content_hash", flat=True
        )
    )
    cutoff = time.time() - older_than.total_seconds()
    unused = [
        path
        for path in _uploads().iterdir()
        if path.is_file() and path.name not in kept and path.stat().st_mtime < cutoff
    ]
    if unused:
        with transaction.atomic():
            log_action(
                actor=None,
                action=audit_actions.UPLOADS_PRUNED,
                changes={"removed": len(unused), "files": [path.name for path in unused][:100]},
            )
        for path in unused:
            path.unlink(missing_ok=True)
    return len(unused)


def demo_observations_remove(*, indicators) -> int:
    """Remove the generated demo values of some indicators, before real data replaces them."""
    demo = Observation.objects.filter(indicator__in=indicators, data_import__is_demo=True)
    ObservationRevision.objects.filter(observation__in=demo).delete()
    count, _by_model = demo.delete()
    return count
