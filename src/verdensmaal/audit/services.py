from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import AuditEntry


def _jsonable(value):
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def diff(old: dict, new: dict) -> dict:
    """``{field: [old, new]}`` for the fields whose value changed."""
    return {
        field: [_jsonable(old.get(field)), _jsonable(value)]
        for field, value in new.items()
        if _jsonable(old.get(field)) != _jsonable(value)
    }


def log_action(*, actor, action: str, obj=None, changes: dict | None = None, organisation=None):
    """Write one audit entry. Call it inside the transaction that makes the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("log_action must run inside the transaction that makes the change")
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        organisation=organisation,
        changes=changes or {},
    )
