"""Writes for organisations and users: one function per use case, audit-logged."""

from django.db import transaction
from django.forms.models import model_to_dict

from verdensmaal.audit.services import audited_update, diff, log_action
from verdensmaal.core.permissions import ensure_can_edit_organisation, ensure_secretariat

from . import audit_actions
from .models import Organisation, User

ORGANISATION_PROFILE_FIELDS = ("street", "postcode", "city", "email", "website", "cvr", "ean")


def organisation_create(*, actor, **fields) -> Organisation:
    ensure_secretariat(actor)
    with transaction.atomic():
        organisation = Organisation(**fields)
        organisation.full_clean()
        organisation.save()
        log_action(
            actor=actor,
            action=audit_actions.ORGANISATION_CREATED,
            obj=organisation,
            organisation=organisation,
            changes=diff({}, model_to_dict(organisation, exclude=["id"])),
        )
    return organisation


def organisation_update(*, actor, organisation: Organisation, **fields) -> Organisation:
    """Change an organisation's profile; editors may change only their own organisation."""
    ensure_can_edit_organisation(actor, organisation)
    return audited_update(
        actor=actor,
        obj=organisation,
        values=fields,
        action=audit_actions.ORGANISATION_UPDATED,
        organisation=lambda current: current,
    )


def user_create(
    *, actor, username: str, email: str, password: str, role: str, organisation=None, **extra
) -> User:
    """Create a user; ``actor=None`` only for set-up commands run from the shell."""
    if actor is not None:
        ensure_secretariat(actor)
    with transaction.atomic():
        user = User(username=username, email=email, role=role, organisation=organisation, **extra)
        user.set_password(password)
        user.full_clean()
        user.save()
        log_action(
            actor=actor,
            action=audit_actions.USER_CREATED,
            obj=user,
            organisation=organisation,
            changes={"role": [None, role]},
        )
    return user
