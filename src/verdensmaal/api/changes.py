"""The change feed: what changed, in the order it was written, read from the audit log (which
records every write in the transaction that makes it).

An item names its kind (``observations.imported``, ``indicator.updated``,
``local_target.updated``, ``meeting.created``, …), the changed item's id, the time and the
address to read it at now; never the changed values. Framework content appears only when the
caller may read it now (as the pages decide), and for the public only when the change was made
while its framework was published: an edit made before publication is covered by the
publication itself. When something the caller could read leaves their sight (a framework
withdrawn from the public, a part made private, a local target back to draft), the feed says
``<kind>.withdrawn`` so that a copy can be deleted, without anything more about it.

The position in the feed is a cursor over ``(time, entry id)``. Transactions commit in a slightly
different order from the one their entries were written in, so the cursor handed out never moves
past an entry younger than ``SETTLE``: a client may see the newest items twice and must treat
items as idempotent, but never misses one.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from verdensmaal.audit.selectors import entries_after
from verdensmaal.catalogue import audit_actions as catalogue_actions
from verdensmaal.catalogue.selectors import indicator_codes
from verdensmaal.core.models import Sharing
from verdensmaal.core.permissions import can_edit_organisation, sharing_levels
from verdensmaal.data import audit_actions as data_actions
from verdensmaal.frameworks import audit_actions as framework_actions
from verdensmaal.frameworks import selectors as frameworks
from verdensmaal.frameworks.models import (
    Action,
    Framework,
    LocalTarget,
    Milestone,
    Partner,
    Priority,
    ProgressUpdate,
    Strategy,
)
from verdensmaal.network import audit_actions as network_actions

from . import cursor
from .common import link

SETTLE = timedelta(seconds=10)
SCAN_LIMIT = 2000  # audit entries read for one page at most; the cursor moves past them anyway
TAG = "c"
BEGINNING = ("2000-01-01T00:00:00+00:00", 0)

# The audit actions the feed shows: kind of item, what happened.
SHOWN = {
    data_actions.IMPORT_APPLIED: ("observations", "imported"),
    catalogue_actions.INDICATOR_CREATED: ("indicator", "created"),
    catalogue_actions.INDICATOR_UPDATED: ("indicator", "updated"),
    framework_actions.FRAMEWORK_CREATED: ("framework", "created"),
    framework_actions.FRAMEWORK_UPDATED: ("framework", "updated"),
    framework_actions.FRAMEWORK_PUBLISHED: ("framework", "published"),
    framework_actions.FRAMEWORK_PARTS_PUBLISHED: ("framework", "parts_published"),
    framework_actions.FRAMEWORK_WITHDRAWN: ("framework", "withdrawn"),
    framework_actions.PRIORITY_CREATED: ("priority", "created"),
    framework_actions.PRIORITY_UPDATED: ("priority", "updated"),
    framework_actions.LOCAL_TARGET_CREATED: ("local_target", "created"),
    framework_actions.LOCAL_TARGET_UPDATED: ("local_target", "updated"),
    framework_actions.ACTION_CREATED: ("action", "created"),
    framework_actions.ACTION_UPDATED: ("action", "updated"),
    framework_actions.MILESTONE_CREATED: ("milestone", "created"),
    framework_actions.MILESTONE_UPDATED: ("milestone", "updated"),
    framework_actions.PARTNER_CREATED: ("partner", "created"),
    framework_actions.PARTNER_UPDATED: ("partner", "updated"),
    framework_actions.PROGRESS_UPDATE_CREATED: ("progress_update", "created"),
    framework_actions.PROGRESS_UPDATE_UPDATED: ("progress_update", "updated"),
    framework_actions.STRATEGY_CREATED: ("strategy", "created"),
    framework_actions.STRATEGY_UPDATED: ("strategy", "updated"),
    network_actions.SEASON_CREATED: ("season", "created"),
    network_actions.SEASON_UPDATED: ("season", "updated"),
    network_actions.MEETING_CREATED: ("meeting", "created"),
    network_actions.MEETING_UPDATED: ("meeting", "updated"),
}
FRAMEWORK_MODELS = {
    "framework": Framework,
    "priority": Priority,
    "local_target": LocalTarget,
    "action": Action,
    "milestone": Milestone,
    "partner": Partner,
    "progress_update": ProgressUpdate,
    "strategy": Strategy,
}


@dataclass(frozen=True)
class Page:
    items: list[dict]
    next_cursor: str


def position_of(since: str) -> tuple[datetime, int]:
    """The feed position in ``since``: a cursor, or an ISO 8601 time (UTC when it names no
    zone). Raises ValueError for anything else."""
    try:
        time, pk = cursor.decode(TAG, since, (str, int))
    except cursor.InvalidCursor:
        # a "+" of a zone sent unencoded in a query string arrives as a space
        moment = datetime.fromisoformat(since.replace(" ", "+"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        time, pk = moment.isoformat(), cursor.MAX_INTEGER  # everything after that moment
    try:
        return datetime.fromisoformat(time).astimezone(UTC), pk
    except OverflowError:
        raise ValueError("out of range") from None


def _cursor(time: datetime, pk: int) -> str:
    return cursor.encode(TAG, (time.astimezone(UTC).isoformat(), pk))


def _links(kind: str, item) -> str:
    if kind in ("milestone", "partner", "progress_update"):
        return link(f"/actions/{item.action_id}")
    if kind in ("priority", "strategy"):
        return link(f"/frameworks/{item.framework_id}")
    return link(
        {
            "framework": f"/frameworks/{item.pk}",
            "local_target": f"/local-targets/{item.pk}",
            "action": f"/actions/{item.pk}",
        }[kind]
    )


def _framework_of(item) -> Framework:
    if isinstance(item, Framework):
        return item
    if isinstance(item, Milestone | Partner | ProgressUpdate):
        return item.action.framework
    return item.framework


def _hidden_by(entry, item, user) -> bool:
    """True when this change took ``item`` out of ``user``'s sight: a sharing level they read
    before and not after, or (for a local target) back to draft."""
    organisation = _framework_of(item).organisation
    levels = sharing_levels(user, organisation)
    sharing = entry.changes.get("sharing")
    if (
        isinstance(sharing, list)
        and len(sharing) == 2
        and sharing[0] in levels
        and sharing[1] not in levels
    ):
        return True
    status = entry.changes.get("status")
    return (
        isinstance(item, LocalTarget)
        and isinstance(status, list)
        and len(status) == 2
        and status[0] not in (None, LocalTarget.Status.DRAFT)
        and status[1] == LocalTarget.Status.DRAFT
        and not can_edit_organisation(user, organisation)
    )


def _framework_item(entry, kind: str, item, user) -> str | None:
    """What the feed says of a change to framework content: its kind, or None for nothing."""
    framework = _framework_of(item)
    if frameworks.can_view_item(user, item):
        levels = sharing_levels(user, framework.organisation)
        public_only = levels == {Sharing.PUBLIC}
        if public_only and (
            framework.published_at is None or entry.created_at < framework.published_at
        ):
            return None
        return kind
    if isinstance(item, Framework) or frameworks.can_view(user, framework):
        return f"{kind.split('.')[0]}.withdrawn" if _hidden_by(entry, item, user) else None
    return None


def _items(entries, user) -> list[dict]:
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        subject = SHOWN[entry.action][0]
        if (subject in FRAMEWORK_MODELS or subject == "indicator") and entry.object_id.isdigit():
            wanted.setdefault(subject, set()).add(int(entry.object_id))
    loaded = {
        subject: frameworks.framework_items(FRAMEWORK_MODELS[subject], pks)
        for subject, pks in wanted.items()
        if subject in FRAMEWORK_MODELS
    }
    codes = indicator_codes(wanted.get("indicator", set()))
    items = []
    for entry in entries:
        subject, verb = SHOWN[entry.action]
        kind, item_id, address = f"{subject}.{verb}", entry.object_id, None
        if subject == "observations":
            address = link(f"/imports/{entry.object_id}")
        elif subject == "indicator":
            code = codes.get(int(entry.object_id)) if entry.object_id.isdigit() else None
            if code is None:
                continue
            item_id, address = code, link(f"/indicators/{code}")
        elif subject in ("season", "meeting"):
            address = link(f"/{subject}s/{entry.object_id}")
        else:
            item = loaded.get(subject, {}).get(
                int(entry.object_id) if entry.object_id.isdigit() else 0
            )
            if item is None:  # removed since
                continue
            kind = _framework_item(entry, kind, item, user)
            if kind is None:
                continue
            address = _links(subject, item)
        items.append(
            {
                "kind": kind,
                "id": item_id,
                "time": entry.created_at,
                "link": address,
                "cursor": _cursor(entry.created_at, entry.pk),
            }
        )
    return items


def feed(user, *, after: tuple[datetime, int] | None, limit: int) -> Page:
    """The changes ``user`` may know of after the position ``after``, at most ``limit``."""
    settled_before = timezone.now() - SETTLE
    position = after or (datetime.fromisoformat(BEGINNING[0]), BEGINNING[1])
    resume = position  # the cursor moves on only as far as the entries read have settled
    items: list[dict] = []
    scanned = 0
    while len(items) < limit and scanned < SCAN_LIMIT:
        entries = entries_after(
            actions=SHOWN, after=position, limit=min(limit - len(items), SCAN_LIMIT - scanned)
        )
        if not entries:
            break
        scanned += len(entries)
        items.extend(_items(entries, user))
        position = (entries[-1].created_at, entries[-1].pk)
        settled = [entry for entry in entries if entry.created_at < settled_before]
        if settled:
            resume = (settled[-1].created_at, settled[-1].pk)
    return Page(items, _cursor(*resume))
