"""Steps every framework write shares: the permission on the framework's municipality, the
version an edit started from, validation, and the audit entry in the same transaction.

An update states the ``version`` it started from; if the stored version has moved on, the update
is refused with :class:`StaleEditError` and nothing is saved, so that one editor never silently
overwrites another's change.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verdensmaal.audit.services import audited_create, audited_update, diff, locked, log_action
from verdensmaal.core.permissions import ensure_can_edit_organisation

from ..models import Action, Framework, LocalTarget

STALE_EDIT_MESSAGE = gettext_lazy(
    "Someone else changed this since you opened it; reload to see their change."
)


class StaleEditError(ValidationError):
    """The edit started from a version that is no longer the stored one."""

    def __init__(self):
        super().__init__(STALE_EDIT_MESSAGE, code="stale")


def framework_of(obj) -> Framework:
    return obj if isinstance(obj, Framework) else obj.framework


def state(obj: models.Model, fields, many=()) -> dict:
    """The values the audit entry compares: numbers as written, linked items as one text."""
    values = {}
    for field in fields:
        value = getattr(obj, field)
        values[field] = format(value.normalize(), "f") if isinstance(value, Decimal) else value
    for field in many:
        items = sorted(str(item) for item in getattr(obj, field).all()) if obj.pk else []
        values[field] = ", ".join(items)
    return values


def _check_editable(actor, current, version: int) -> None:
    """The actor may edit the stored object (checked on it, not on what the caller passed in, and
    before the version) and the edit started from its current version."""
    ensure_can_edit_organisation(actor, framework_of(current).organisation)
    if current.version != version:
        raise StaleEditError


def _save_version(obj: models.Model, version: int) -> None:
    """Save ``obj`` only if the stored row still has ``version``; the row's version goes up by one.

    One conditional UPDATE, so that two transactions that both read the old version cannot both
    write (the database decides which UPDATE comes first; the second matches no row).
    """
    model = type(obj)
    values = {
        field.attname: getattr(obj, field.attname)
        for field in model._meta.concrete_fields
        if not field.primary_key and field.attname not in {"version", "created_at"}
    }
    values["updated_at"] = timezone.now()
    updated = model.objects.filter(pk=obj.pk, version=version).update(**values, version=version + 1)
    if updated != 1:
        raise StaleEditError
    obj.version, obj.updated_at = version + 1, values["updated_at"]


def create(*, actor, obj, action: str, fields, many=None, framework: Framework):
    """Validate, save and log a new part of ``framework``."""
    many = many or {}

    def link(obj) -> None:
        for field, items in many.items():
            getattr(obj, field).set(items)

    return audited_create(
        actor=actor,
        obj=obj,
        action=action,
        after_save=link,
        changes=lambda obj: diff({}, state(obj, fields, many)),
        organisation=framework.organisation,
    )


def update(*, actor, obj, version: int, action: str, values: dict, many=None, prepare=None):
    """Change the stored ``obj`` from ``version``: permission, stale check, validation, log.

    ``prepare(current, values)`` may complete the values once the permission is checked.
    """
    many = many or {}

    def check(current) -> None:
        _check_editable(actor, current, version)
        if prepare is not None:
            prepare(current, values)
        check_many(current, many)

    def save(current) -> None:
        _save_version(current, version)
        for field, items in many.items():
            getattr(current, field).set(items)

    try:
        return audited_update(
            actor=actor,
            obj=obj,
            values=values,
            action=action,
            check=check,
            state=lambda current: state(current, values, many),
            save=save,
            organisation=lambda current: framework_of(current).organisation,
        )
    except type(obj).DoesNotExist:
        raise StaleEditError from None


def delete(*, actor, obj, version: int, action: str) -> None:
    with transaction.atomic():
        current = locked(type(obj), obj.pk)
        if current is None:
            raise StaleEditError
        _check_editable(actor, current, version)
        log_action(
            actor=actor,
            action=action,
            obj=current,
            organisation=framework_of(current).organisation,
            changes={"deleted": [str(current), None]},
        )
        current.delete()


def check_many(obj, many: dict) -> None:
    """Linked local targets and actions must belong to the object's own framework."""
    for field, items in many.items():
        related = obj._meta.get_field(field).related_model
        if related in (LocalTarget, Action) and any(
            item.framework_id != obj.framework.pk for item in items
        ):
            raise ValidationError({field: _("Choose only items of this framework.")})
