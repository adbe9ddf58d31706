"""Reads of the audit log, and its entries in words a reader understands: each changed field by
its translated label, a linked object by its name, a choice by its label."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from .models import AuditEntry

PAGE_SIZE = 50


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def _text(field, value) -> str:
    if value is None or value == "":
        return "–"
    if field is None:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    related = getattr(field, "related_model", None)
    if related is not None and not field.many_to_many:
        found = related._default_manager.filter(pk=value).first()
        return str(found) if found is not None else f"#{value}"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def changes(entry: AuditEntry) -> list[Change]:
    """The entry's changes with field labels, object names and choice labels."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    shown = []
    for name, values in (entry.changes or {}).items():
        old, new = [*values, None, None][:2] if isinstance(values, list) else (None, values)
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            if field is not None and field.auto_created and not field.concrete:
                field = None  # a reverse relation's name (e.g. "observations"): no column
        label = str(getattr(field, "verbose_name", name)) if field else name
        label = label[:1].upper() + label[1:]
        shown.append(Change(label, _text(field, old), _text(field, new)))
    return shown


def entries(*, action: str = "", organisation=None, actor=None, query: str = ""):
    """The log, newest first, narrowed by an action code (or its prefix, such as "network."),
    an organisation, an actor and words in the object's name."""
    found = AuditEntry.objects.select_related("actor", "organisation", "content_type")
    if action:
        found = found.filter(Q(action=action) | Q(action__startswith=action.rstrip(".") + "."))
    if organisation is not None:
        found = found.filter(organisation=organisation)
    if actor is not None:
        found = found.filter(actor=actor)
    if query := query.strip():
        found = found.filter(object_repr__icontains=query)
    return found


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
