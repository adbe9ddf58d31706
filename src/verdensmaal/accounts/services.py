"""Writes for organisations and users: one function per use case, audit-logged."""

from verdensmaal.audit.services import audited_create, audited_update
from verdensmaal.core.permissions import ensure_can_edit_organisation, ensure_secretariat

from . import audit_actions
from .models import Organisation, User

ORGANISATION_PROFILE_FIELDS = ("street", "postcode", "city", "email", "website", "cvr", "ean")


def organisation_create(*, actor, **fields) -> Organisation:
    ensure_secretariat(actor)
    return audited_create(
        actor=actor,
        obj=Organisation(**fields),
        action=audit_actions.ORGANISATION_CREATED,
        organisation=lambda organisation: organisation,
    )


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
    user = User(username=username, email=email, role=role, organisation=organisation, **extra)
    user.set_password(password)
    return audited_create(
        actor=actor,
        obj=user,
        action=audit_actions.USER_CREATED,
        organisation=organisation,
        changes={"role": [None, role]},
    )
