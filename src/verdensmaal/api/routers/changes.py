"""The change feed, for clients that follow revisions (as Kolada's API offers)."""

from typing import Annotated

from ninja import Query, Router
from pydantic import StringConstraints

from .. import changes
from ..auth import caller
from ..caching import modified
from ..common import READ, invalid, link
from ..schemas import ChangePage

router = Router(tags=["Changes"])

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
Since = Annotated[str, StringConstraints(max_length=1000, pattern=r"^[0-9A-Za-z_:.+ -]+$")]


@router.get("/changes", response={200: ChangePage, **READ}, summary="What changed since")
def change_feed(
    request,
    since: Annotated[
        Since | None, Query(description="An ISO 8601 time or a cursor from the feed")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """Changes in the order they were made: observation imports (their revised values at the
    import's address), indicator edits, frameworks created, changed, published and withdrawn,
    their local targets, actions, milestones, partners, progress updates, priorities and
    strategies, and the programme's seasons and meetings. Each item gives its kind, the id, the
    time and where to read it now.

    Follow the feed with ``since=<next_cursor>``. The newest items (younger than 10 s) may come
    again on the next call: treat items as idempotent. Framework content appears only as far as
    you may read it, and for the public only from its framework's publication on."""
    after = None
    if since:
        try:
            after = changes.position_of(since)
        except ValueError:
            raise invalid("since", "Give an ISO 8601 time or a cursor from the feed.") from None
    page = changes.feed(caller(request), after=after, limit=limit)
    modified(request, *(item["time"] for item in page.items))
    return {
        "items": page.items,
        "next_cursor": page.next_cursor,
        "next": link(f"/changes?since={page.next_cursor}&limit={limit}"),
    }
