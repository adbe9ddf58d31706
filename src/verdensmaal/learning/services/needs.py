"""Data needs: indicators members lack, supported by others, exported by the secretariat for a
dialogue with Statistics Denmark."""

from typing import TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from verdensmaal.audit.services import audited_create, audited_update, log_action
from verdensmaal.core.permissions import (
    can_edit_organisation,
    ensure_can_edit_organisation,
    ensure_secretariat,
    is_member,
)

from .. import audit_actions
from ..models import DataNeed, DataNeedSupport


class DataNeedFields(TypedDict, total=False):
    title: str
    description: str
    level: str
    sdg_target: object
    local_target: object


def data_need_create(
    *, actor, organisation, is_demo: bool = False, **fields: Unpack[DataNeedFields]
) -> DataNeed:
    """A need recorded for ``organisation`` by one of its editors (or the secretariat)."""
    ensure_can_edit_organisation(actor, organisation)
    if unknown := set(fields) - set(DataNeedFields.__annotations__):
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    return audited_create(
        actor=actor,
        obj=DataNeed(organisation=organisation, author=actor, is_demo=is_demo, **fields),
        action=audit_actions.DATA_NEED_CREATED,
        changes={"title": [None, fields.get("title")], "level": [None, fields.get("level")]},
        organisation=organisation,
    )


def data_need_update(
    *, actor, need: DataNeed, status: str | None = None, **fields: Unpack[DataNeedFields]
) -> DataNeed:
    """The raising organisation's editors change what is needed; only the secretariat changes the
    status (as its dialogue with Statistics Denmark goes)."""
    values = dict(fields)
    if status is not None:
        values["status"] = status

    def check(current: DataNeed) -> None:
        if status is not None and status != current.status:
            ensure_secretariat(actor)
        if fields:
            ensure_can_edit_organisation(actor, current.organisation)

    return audited_update(
        actor=actor,
        obj=need,
        values=values,
        action=audit_actions.DATA_NEED_UPDATED,
        check=check,
        organisation=lambda current: current.organisation,
    )


def data_need_support(*, actor, need: DataNeed, note: str = "") -> DataNeedSupport:
    """Another member needs the same: once per organisation, by its editor or participant."""
    organisation = getattr(actor, "organisation", None)
    if not is_member(actor) or organisation is None:
        raise PermissionDenied
    if organisation.pk == need.organisation_id:
        raise ValidationError(_("Your organisation raised this need itself."))
    try:
        with transaction.atomic():
            return audited_create(
                actor=actor,
                obj=DataNeedSupport(need=need, organisation=organisation, author=actor, note=note),
                action=audit_actions.DATA_NEED_SUPPORTED,
                changes={"need": [None, need.pk], "organisation": [None, organisation.pk]},
                organisation=organisation,
            )
    except (IntegrityError, ValidationError) as error:
        if DataNeedSupport.objects.filter(need=need, organisation=organisation).exists():
            raise ValidationError(_("Your organisation already supports this need.")) from None
        raise error


def data_need_unsupport(*, actor, need: DataNeed) -> None:
    organisation = getattr(actor, "organisation", None)
    support = DataNeedSupport.objects.filter(need=need, organisation=organisation).first()
    if support is None:
        return
    if not (support.author_id == actor.pk or can_edit_organisation(actor, organisation)):
        raise PermissionDenied
    with transaction.atomic():
        log_action(
            actor=actor,
            action=audit_actions.DATA_NEED_UNSUPPORTED,
            obj=need,
            organisation=organisation,
            changes={"organisation": [organisation.pk, None]},
        )
        support.delete()
