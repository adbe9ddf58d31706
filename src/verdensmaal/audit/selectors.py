"""Reads of the audit log."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Max, Q

from .models import AuditEntry


def entries_after(
    *, actions: Iterable[str], after: tuple[datetime, int] | None, limit: int
) -> list[AuditEntry]:
    """Entries with these action codes in the order they were written, after the position
    ``(time, id)`` (from the beginning when None)."""
    entries = AuditEntry.objects.filter(action__in=list(actions)).select_related("content_type")
    if after is not None:
        time, pk = after
        entries = entries.filter(Q(created_at__gt=time) | Q(created_at=time, pk__gt=pk))
    return list(entries.order_by("created_at", "pk")[:limit])


def last_change(actions: Iterable[str], *, organisation=None) -> datetime | None:
    """When an entry with one of these action codes (about ``organisation``'s data, when given)
    was last written."""
    entries = AuditEntry.objects.filter(action__in=list(actions))
    if organisation is not None:
        entries = entries.filter(organisation=organisation)
    return entries.aggregate(latest=Max("created_at"))["latest"]
