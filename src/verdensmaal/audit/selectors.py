"""Reads of the audit log, and its entries in words a reader understands: each changed field by
its translated label, a linked object by its name, a choice by its label."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
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
