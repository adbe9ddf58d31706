"""The one helper that writes an audit entry, and the writes built on it."""

import logging
import time
import uuid
from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction
from django.forms.models import model_to_dict

from .models import AuditEntry

logger = logging.getLogger(__name__)


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


# Every write goes through log_action, so a new "content version" there tells the public-page
# cache (ops.middleware) that what the pages show may have changed: the version is in its key.
CONTENT_VERSION_KEY = "verdensmaal:content-version"


def content_version_bump() -> None:
    """A new content version (a random token and the time of the change). A write never fails
    because the cache does: the failure is logged."""
    try:
        cache.set(CONTENT_VERSION_KEY, (uuid.uuid4().hex, time.time()), timeout=None)
    except Exception:
        logger.exception("the content version could not be changed: cached pages may be stale")


def content_version() -> tuple[str, float]:
    """The current content version: a token and the time of the last write. A lost version (a
    cleared cache) is replaced by a new one, which only makes every page render afresh."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, (uuid.uuid4().hex, time.time()), timeout=None)
        version = cache.get(CONTENT_VERSION_KEY) or (uuid.uuid4().hex, time.time())
    return version


def log_action(*, actor, action: str, obj=None, changes: dict | None = None, organisation=None):
    """Write one audit entry. Call it inside the transaction that makes the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("log_action must run inside the transaction that makes the change")
    # Now and after the commit (once per transaction): a page rendered from the old data in
    # between is kept under a version that the commit has retired.
    content_version_bump()
    connection = transaction.get_connection()
    if not any(func is content_version_bump for _, func, _ in connection.run_on_commit):
        transaction.on_commit(content_version_bump, robust=True)
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        organisation=organisation,
        changes=changes or {},
    )


def new_values(obj, *fields, exclude=("id",)) -> dict:
    """The audit changes of a new object: every field (or the given ones) from nothing."""
    return diff({}, model_to_dict(obj, fields=fields or None, exclude=list(exclude)))


def audited_create(
    *,
    actor,
    obj: models.Model,
    action: str,
    changes: dict | Callable[[models.Model], dict] | None = None,
    organisation=None,
    after_save: Callable[[models.Model], None] | None = None,
):
    """Validate and save a new object, then log it, in one transaction; returns it.

    ``after_save(obj)`` completes it once it has a primary key (its linked items, say);
    ``changes`` is what the entry records (every field by default, see :func:`new_values`), or a
    callable of the saved object; ``organisation`` likewise an organisation or a callable.
    """
    with transaction.atomic():
        obj.full_clean()
        obj.save()
        if after_save is not None:
            after_save(obj)
        if changes is None:
            changes = new_values(obj)
        log_action(
            actor=actor,
            action=action,
            obj=obj,
            organisation=organisation(obj) if callable(organisation) else organisation,
            changes=changes(obj) if callable(changes) else changes,
        )
    return obj


def locked(model, pk):
    """The stored row, locked until the transaction ends; None when it is gone.

    Only this row and no ordering: a default ordering over a nullable relation would make an outer
    join, which PostgreSQL cannot lock.
    """
    return model.objects.select_for_update(of=("self",)).filter(pk=pk).order_by().first()


def _plain_state(obj, fields) -> dict:
    return {field: getattr(obj, field) for field in fields}


def audited_update(
    *,
    actor,
    obj: models.Model,
    values: dict,
    action: str,
    check: Callable[[models.Model], None] | None = None,
    state: Callable[[models.Model], dict] | None = None,
    save: Callable[[models.Model], None] | None = None,
    organisation=None,
):
    """Change a stored object: lock its row, ``check`` it (permissions, versions), set ``values``,
    validate, save, and log the fields that changed, all in one transaction.

    ``state(obj)`` gives the values the audit entry compares (the changed fields by default);
    ``save(obj)`` replaces the plain ``obj.save()`` (for a conditional update, say);
    ``organisation`` is a callable of the stored object or an organisation.
    Returns the stored object as saved.
    """
    state = state or (lambda current: _plain_state(current, values))
    with transaction.atomic():
        current = locked(type(obj), obj.pk)
        if current is None:
            raise type(obj).DoesNotExist
        if check is not None:
            check(current)
        before = state(current)
        for field, value in values.items():
            setattr(current, field, value)
        current.full_clean()
        if save is None:
            current.save()
        else:
            save(current)
        if changes := diff(before, state(current)):
            log_action(
                actor=actor,
                action=action,
                obj=current,
                organisation=organisation(current) if callable(organisation) else organisation,
                changes=changes,
            )
    return current


def redact(objects: Iterable[tuple[type[models.Model], Iterable]], placeholder: str) -> int:
    """Blank the audit trail of erased personal data: the entries about ``objects`` (pairs of a
    model and primary keys) keep their action and time but show ``placeholder`` and no values.
    Call it inside the erasing transaction. Returns the number of entries redacted."""
    redacted = 0
    for model, pks in objects:
        redacted += AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in pks],
        ).update(object_repr=placeholder, changes={})
    return redacted
