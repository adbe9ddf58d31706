from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Max, Min

from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Indicator

from .models import DataImport, Flag, Observation, ObservationRevision


def selection(*, indicators, areas=None, period_from: str = "", period_to: str = ""):
    """The observations of indicators × areas × periods, unordered (every indicator, or every
    area, when None)."""
    queryset = Observation.objects.all()
    if indicators is not None:
        queryset = queryset.filter(indicator__in=indicators)
    if areas is not None:
        queryset = queryset.filter(area__in=areas)
    if period_from:
        queryset = queryset.filter(period__gte=period_from)
    if period_to:
        queryset = queryset.filter(period__lte=period_to + "~")  # "2020~" sorts after 2020Q4
    return queryset


def breakdowns(queryset) -> list[str]:
    """The distinct breakdown keys of a selection."""
    return list(queryset.order_by().values_list("breakdown", flat=True).distinct())


def observations(queryset):
    """A selection as plain dicts, ordered by indicator, area, period; read in chunks, so that
    an export of millions of rows streams rather than fills the memory."""
    rows = queryset.order_by("indicator__code", "area__code", "period", "breakdown").values(
        "indicator__code", "area__code", "period", "breakdown", "value", "unit", "flags"
    )
    for row in rows.iterator(chunk_size=5000):
        yield {
            "indicator": row["indicator__code"],
            "area": row["area__code"],
            "period": row["period"],
            "breakdown": row["breakdown"],
            "value": row["value"],
            "unit": row["unit"],
            "flags": " ".join(Flag.decode(row["flags"])),
        }


def series(indicator, areas) -> dict[Area, list[tuple[str, float | None]]]:
    """Headline (total) series per area: ``{area: [(period, value), ...]}``."""
    result = {area: [] for area in areas}
    by_id = {area.pk: area for area in areas}
    rows = (
        Observation.objects.filter(indicator=indicator, area__in=areas, breakdown="")
        .order_by("period")
        .values_list("area_id", "period", "value")
    )
    for area_id, period, value in rows:
        result[by_id[area_id]].append((period, value))
    return result


def last_import(indicator) -> DataImport | None:
    ids = Observation.objects.filter(indicator=indicator).values("data_import_id")
    return DataImport.objects.filter(pk__in=ids).order_by("-created_at").first()


def observation_cube(indicator_ids: list[int], area_ids: list[int], years: list[int]):
    """Annual headline values as a NumPy array ``areas × indicators × years`` (NaN if missing).

    One raw query: the progress engine assesses the whole cube at once.
    """
    import numpy as np
    from django.db import connection

    cube = np.full((len(area_ids), len(indicator_ids), len(years)), np.nan)
    if not (indicator_ids and area_ids and years):
        return cube
    area_at = {pk: i for i, pk in enumerate(area_ids)}
    indicator_at = {pk: i for i, pk in enumerate(indicator_ids)}
    year_at = {str(year): i for i, year in enumerate(years)}
    sql = (
        "SELECT area_id, indicator_id, period, value "  # noqa: S608 - fixed names
        f"FROM {Observation._meta.db_table} "
        f"WHERE indicator_id IN ({', '.join(['%s'] * len(indicator_ids))}) "
        f"AND period IN ({', '.join(['%s'] * len(years))}) "
        "AND breakdown = '' AND value IS NOT NULL"  # the observation_headline index
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*indicator_ids, *year_at])
        for area_id, indicator_id, period, value in cursor.fetchall():
            a, y = area_at.get(area_id), year_at.get(period)
            if a is not None and y is not None:
                cube[a, indicator_at[indicator_id], y] = value
    return cube


def headline_value(indicator, area, year: int) -> Decimal | None:
    """The area's headline (total) observation of ``indicator`` in ``year``, as a Decimal."""
    value = (
        Observation.objects.filter(indicator=indicator, area=area, period=str(year), breakdown="")
        .values_list("value", flat=True)
        .first()
    )
    return None if value is None else Decimal(repr(value))


def data_version() -> tuple:
    """Changes whenever the observations or the catalogue change: the latest import and the
    catalogue's latest edit (every observation arrives through an import)."""
    from django.db.models import Max

    from verdensmaal.catalogue.models import Indicator

    imports = DataImport.objects.aggregate(last=Max("pk"), at=Max("created_at"))
    return (
        imports["last"],
        imports["at"],
        Indicator.objects.aggregate(last=Max("updated_at"))["last"],
    )


def visible_imports(user):
    """The import log ``user`` may read: everything for the secretariat, their organisation's
    imports for others."""
    from verdensmaal.core.permissions import is_secretariat

    imports = DataImport.objects.select_related("actor", "organisation")
    if is_secretariat(user):
        return imports
    return imports.filter(organisation_id=user.organisation_id, organisation__isnull=False)


PAGE_KEY = ("indicator_id", "area_id", "period", "breakdown")  # the unique index's order


def observation_page(queryset, *, after: tuple | None, limit: int) -> tuple[list[dict], tuple]:
    """One page of a selection in the unique index's order, starting after the key ``after``
    (``(indicator id, area id, period, breakdown)``): keyset paging, so that rows added or
    removed elsewhere never shift a page. Returns the rows as dicts with codes, and the key of the
    last row when more follow (else an empty tuple)."""
    rows = queryset.order_by(*PAGE_KEY)
    if after:
        table = connection.ops.quote_name(Observation._meta.db_table)
        columns = ", ".join(f"{table}.{connection.ops.quote_name(c)}" for c in PAGE_KEY)
        rows = rows.extra(where=[f"({columns}) > (%s, %s, %s, %s)"], params=list(after))  # noqa: S610 - fixed names
    rows = list(rows.values_list(*PAGE_KEY, "value", "unit", "flags", "updated_at")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    indicators = dict(Indicator.objects.values_list("pk", "code"))
    areas = dict(Area.objects.values_list("pk", "code"))
    page = [
        {
            "indicator": indicators[indicator_id],
            "area": areas[area_id],
            "period": period,
            "breakdown": breakdown,
            "value": value,
            "unit": unit,
            "flags": Flag.decode(flags),
            "updated_at": updated_at,
        }
        for indicator_id, area_id, period, breakdown, value, unit, flags, updated_at in rows
    ]
    return page, (tuple(rows[-1][:4]) if more else ())


def selection_version(queryset) -> tuple[int, datetime | None]:
    """How many observations a selection has and when the latest of them changed: together they
    change whenever the selection does (imports date every row they write)."""
    summary = queryset.order_by().aggregate(count=Count("pk"), latest=Max("updated_at"))
    return summary["count"], summary["latest"]


def applied_import(pk: int) -> DataImport | None:
    return DataImport.objects.filter(pk=pk, status=DataImport.Status.APPLIED).first()


def import_revisions(data_import: DataImport, *, after: int | None, limit: int):
    """The values an import changed: what each was before and what the import made it, in the
    order of the revisions' ids, after the id ``after``. Returns the rows as dicts and the last
    id when more follow (else None)."""
    revisions = ObservationRevision.objects.filter(replaced_by=data_import).select_related(
        "observation__indicator", "observation__area"
    )
    if after:
        revisions = revisions.filter(pk__gt=after)
    revisions = list(revisions.order_by("pk")[: limit + 1])
    more = len(revisions) > limit
    revisions = revisions[:limit]
    # What the import wrote is the observation's value now, unless a later import replaced it:
    # then it is the value of the revision that came from this import.
    replaced_later = dict(
        ObservationRevision.objects.filter(
            data_import=data_import, observation__in=[r.observation_id for r in revisions]
        ).values_list("observation_id", "value")
    )
    rows = [
        {
            "indicator": r.observation.indicator.code,
            "area": r.observation.area.code,
            "period": r.observation.period,
            "breakdown": r.observation.breakdown,
            "old_value": r.value,
            "old_flags": Flag.decode(r.flags),
            "new_value": replaced_later.get(r.observation_id, r.observation.value),
            "valid_from": r.valid_from,
            "replaced_at": r.replaced_at,
        }
        for r in revisions
    ]
    return rows, (revisions[-1].pk if more else None)


def area_headline_observations(area, indicators) -> list[tuple[int, str, float | None, bool]]:
    """One area's headline (total) observations of several indicators in one query, as
    (indicator id, period, value, from a demo import), by indicator and period."""
    return list(
        Observation.objects.filter(area=area, indicator__in=indicators, breakdown="")
        .order_by("indicator_id", "period")
        .values_list("indicator_id", "period", "value", "data_import__is_demo")
    )


class SourceKind:
    """Where values came from, as the pages name it (see :func:`provenance`)."""

    OFFICIAL = "official"  # Statistics Denmark's API, or an import by the secretariat
    MUNICIPALITY = "municipality"  # a municipality's own upload
    DEMO = "demo"  # generated for trying the product


@dataclass(frozen=True)
class Source:
    """One source's share of a selection of observations."""

    kind: str
    label: str  # the publisher, the uploading organisation, or empty for demo data
    values: int
    first_period: str
    last_period: str
    areas: tuple[str, ...]  # the areas it covers, when not every area of the selection


@dataclass(frozen=True)
class Provenance:
    sources: tuple[Source, ...]

    @property
    def mixed(self) -> bool:
        return len(self.sources) > 1

    @property
    def municipal(self) -> tuple[Source, ...]:
        return tuple(s for s in self.sources if s.kind == SourceKind.MUNICIPALITY)

    def __bool__(self) -> bool:
        return bool(self.sources)


def import_source_kind(data_import: DataImport | None) -> str:
    """Official, a municipality's upload or demo, from who imported the values.

    Demo first (``is_demo``). A municipality's upload is an import by a user of a municipal
    organisation who is not the secretariat. Everything else is official: StatBank fetches and
    the command line (no user), and the secretariat's uploads; so are values from before imports
    were logged (no import).
    """
    if data_import is None:
        return SourceKind.OFFICIAL
    if data_import.is_demo:
        return SourceKind.DEMO
    actor = data_import.actor
    organisation = data_import.organisation
    if (
        organisation is not None
        and organisation.area_id is not None
        and not (actor is not None and (actor.is_superuser or actor.is_secretariat))
    ):
        return SourceKind.MUNICIPALITY
    return SourceKind.OFFICIAL


def provenance(queryset, *, publisher: str = "") -> Provenance:
    """The sources of a selection of observations (see :func:`selection`): official (labelled
    with the indicator's ``publisher``), each municipality's upload, and demo data, each with how
    many values, which periods and (when not all of them) which areas it covers. Official sources
    come first. One grouped query, whatever the number of observations."""
    rows = (
        queryset.order_by()
        .values("data_import_id", "area_id")
        .annotate(values=Count("pk"), first=Min("period"), last=Max("period"))
    )
    rows = list(rows)
    if not rows:
        return Provenance(())
    imports = DataImport.objects.select_related("actor", "organisation").in_bulk(
        {row["data_import_id"] for row in rows if row["data_import_id"] is not None}
    )
    grouped: dict[tuple[str, str], dict] = {}
    for row in rows:
        data_import = imports.get(row["data_import_id"])
        kind = import_source_kind(data_import)
        label = {
            SourceKind.OFFICIAL: publisher,
            SourceKind.MUNICIPALITY: data_import and str(data_import.organisation),
            SourceKind.DEMO: "",
        }[kind]
        group = grouped.setdefault(
            (kind, label), {"values": 0, "first": row["first"], "last": row["last"], "areas": set()}
        )
        group["values"] += row["values"]
        group["first"] = min(group["first"], row["first"])
        group["last"] = max(group["last"], row["last"])
        group["areas"].add(row["area_id"])
    all_areas = {row["area_id"] for row in rows}
    names = {area.pk: str(area) for area in Area.objects.filter(pk__in=all_areas)}
    order = [SourceKind.OFFICIAL, SourceKind.MUNICIPALITY, SourceKind.DEMO]
    return Provenance(
        tuple(
            Source(
                kind=kind,
                label=label,
                values=group["values"],
                first_period=group["first"],
                last_period=group["last"],
                areas=()
                if group["areas"] == all_areas
                else tuple(sorted(names[pk] for pk in group["areas"])),
            )
            for (kind, label), group in sorted(
                grouped.items(), key=lambda item: (order.index(item[0][0]), item[0][1])
            )
        )
    )


def official_source(indicator) -> str:
    """The name official values of ``indicator`` are shown under: its publisher, with the
    StatBank table where there is one."""
    return ", ".join(part for part in (indicator.publisher, indicator.source_table) if part)


def indicator_provenance(
    indicator, areas=None, *, period_from: str = "", period_to: str = ""
) -> Provenance:
    """The sources of an indicator's headline values for some areas (every area when None)."""
    chosen = selection(
        indicators=[indicator], areas=areas, period_from=period_from, period_to=period_to
    )
    return provenance(chosen.filter(breakdown=""), publisher=official_source(indicator))


_MUNICIPAL_PROVENANCE: dict[tuple, Provenance] = {}


def municipal_provenance() -> Provenance:
    """The sources of every municipality's headline values, which the SDG index, the goal scores
    and their maps are computed from. Kept per data version and language (the area names), since
    it reads every headline value: the maps read it on every view."""
    from django.utils.translation import get_language

    key = (data_version(), get_language())
    if key not in _MUNICIPAL_PROVENANCE:
        _MUNICIPAL_PROVENANCE.clear()  # only the current version is ever read again
        _MUNICIPAL_PROVENANCE[key] = provenance(
            Observation.objects.filter(breakdown="", area__kind=Area.Kind.MUNICIPALITY)
        )
    return _MUNICIPAL_PROVENANCE[key]
