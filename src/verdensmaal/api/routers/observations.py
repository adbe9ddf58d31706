"""Observations, with their filters and cursor paging (JSON) or as one streamed CSV file; the
imports they came from and the values each import revised."""

from typing import Annotated, Literal
from urllib.parse import urlencode

from django.http import StreamingHttpResponse
from ninja import Field, Query, Router, Schema
from pydantic import StringConstraints

from verdensmaal.areas.selectors import areas_by_code
from verdensmaal.catalogue.selectors import indicators_by_code
from verdensmaal.data import selectors as data
from verdensmaal.data.exports import to_csv

from .. import cursor
from ..caching import body_etag, conditional, modified
from ..common import ONE, READ, found, invalid, json_response, link
from ..schemas import (
    NO_NUL,
    Code,
    IdPath,
    ImportOut,
    ObservationPage,
    RevisionPage,
    finite,
)

router = Router(tags=["Observations"])

DEFAULT_LIMIT = 1000
MAX_LIMIT = 10_000
OBSERVATIONS = "o"  # the cursors' tags
REVISIONS = "r"
PERIOD_PATTERN = r"^[0-9]{4}([QM][0-9]{1,2})?$"
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{1,1000}$"
Period = Annotated[str, StringConstraints(pattern=PERIOD_PATTERN)]
Breakdown = Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)]
Cursor = Annotated[str, StringConstraints(pattern=CURSOR_PATTERN)]


class ObservationFilters(Schema):
    indicator: list[Code] = Field(
        default=[], max_length=100, description="Indicator code; repeat for several"
    )
    area: list[Code] = Field(default=[], max_length=200, description="Area code; repeatable")
    period_from: Period | None = Field(default=None, alias="from", description="e.g. 2015")
    period_to: Period | None = Field(default=None, alias="to", description="e.g. 2024")
    breakdown: Breakdown | None = Field(
        default=None, description="Exact breakdown key; empty (breakdown=) for the totals only"
    )
    cursor: Cursor | None = Field(default=None, description="From the previous page")
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    format: Literal["json", "csv"] = Field(
        default="json", description="csv: the whole selection as one streamed file, no paging"
    )


def _selection(filters: ObservationFilters):
    known = indicators_by_code(filters.indicator)
    if unknown := sorted(set(filters.indicator) - set(known)):
        raise invalid("indicator", f"Unknown indicator code(s): {', '.join(unknown)}")
    areas = areas_by_code(filters.area)
    if unknown := sorted(set(filters.area) - set(areas)):
        raise invalid("area", f"Unknown area code(s): {', '.join(unknown)}")
    chosen = data.selection(
        indicators=list(known.values()) if filters.indicator else None,
        areas=list(areas.values()) if filters.area else None,
        period_from=filters.period_from or "",
        period_to=filters.period_to or "",
    )
    if filters.breakdown is not None:
        chosen = chosen.filter(breakdown=filters.breakdown)
    return chosen


def _csv(request, chosen, filters: ObservationFilters):
    count, latest = data.selection_version(chosen)
    modified(request, latest)
    version = f"{request.get_full_path()}|{count}|{latest.isoformat() if latest else ''}"
    response = StreamingHttpResponse(
        to_csv(data.observations(chosen), data.breakdowns(chosen)),
        content_type="text/csv; charset=utf-8",
    )
    name = "-".join(filters.indicator)[:100] or "all"
    response["Content-Disposition"] = f'attachment; filename="verdensmaal-{name}.csv"'
    return conditional(request, response, etag=body_etag(version.encode("utf-8")))


@router.get(
    "/observations",
    response={200: ObservationPage, **READ},
    summary="Observations",
    openapi_extra={
        "responses": {
            200: {  # ninja's own key: an int, merged with this
                "description": "A page of observations, or with format=csv the whole selection",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/ObservationPage"}
                    },
                    "text/csv": {"schema": {"type": "string"}},
                },
            }
        }
    },
)
def observations(request, filters: Query[ObservationFilters]):
    """Observations per indicator, area and period, with unit, breakdown and flags.

    JSON comes in pages of ``limit`` rows in a fixed order (indicator, area, period, breakdown):
    follow ``next`` (or pass ``next_cursor`` as ``cursor``) until it is null. The cursor marks a
    position, not an offset, so values imported meanwhile never shift a page. ``format=csv``
    streams the whole selection in the import's long layout (one column per breakdown
    dimension), so that an export imports again.
    """
    chosen = _selection(filters)
    if filters.format == "csv":
        return _csv(request, chosen, filters)
    after = None
    if filters.cursor:
        try:
            after = cursor.decode(OBSERVATIONS, filters.cursor, (int, int, str, str))
        except cursor.InvalidCursor:
            raise invalid("cursor", "Not a cursor of this list: start again without one.") from None
    rows, last = data.observation_page(chosen, after=after, limit=filters.limit)
    modified(request, *(row["updated_at"] for row in rows))
    for row in rows:
        row["value"] = finite(row["value"])
    next_cursor = cursor.encode(OBSERVATIONS, last) if last else None
    query = [(key, value) for key, value in request.GET.lists() if key != "cursor"]
    query = [(key, value) for key, values in query for value in values]
    return json_response(
        request,
        {
            "items": rows,
            "next_cursor": next_cursor,
            "next": link(f"/observations?{urlencode([*query, ('cursor', next_cursor)])}")
            if next_cursor
            else None,
        },
    )


def _import(data_import) -> dict:
    return {
        "id": data_import.pk,
        "time": data_import.created_at,
        "source": data_import.source_name,
        "format": data_import.format,
        "new": data_import.rows_created,
        "changed": data_import.rows_updated,
        "unchanged": data_import.rows_unchanged,
        "is_demo": data_import.is_demo,
        "revisions": link(f"/imports/{data_import.pk}/revisions"),
    }


@router.get("/imports/{import_id}", response={200: ImportOut, **ONE}, summary="One import")
def data_import(request, import_id: IdPath):
    """An applied import of observations: when, from which file, and how many values it added,
    changed and found unchanged."""
    found_import = found(data.applied_import(import_id), "import")
    modified(request, found_import.created_at)
    return _import(found_import)


@router.get(
    "/imports/{import_id}/revisions",
    response={200: RevisionPage, **ONE},
    summary="The values an import revised",
)
def import_revisions(
    request,
    import_id: IdPath,
    cursor_text: Annotated[Cursor | None, Query(alias="cursor")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """Each value the import changed: what it was before (and since when) and what the import
    made it. Paged like the observations."""
    found_import = found(data.applied_import(import_id), "import")
    after = None
    if cursor_text:
        try:
            (after,) = cursor.decode(REVISIONS, cursor_text, (int,))
        except cursor.InvalidCursor:
            raise invalid("cursor", "Not a cursor of this list: start again without one.") from None
    rows, last = data.import_revisions(found_import, after=after, limit=limit)
    modified(request, found_import.created_at)
    next_cursor = cursor.encode(REVISIONS, (last,)) if last else None
    for row in rows:
        row["old_value"], row["new_value"] = finite(row["old_value"]), finite(row["new_value"])
    return json_response(
        request,
        {
            "items": rows,
            "next_cursor": next_cursor,
            "next": link(f"/imports/{import_id}/revisions?limit={limit}&cursor={next_cursor}")
            if next_cursor
            else None,
        },
    )
