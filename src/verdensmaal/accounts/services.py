"""Writes for organisations and users: one function per use case, audit-logged."""

from django.db import transaction
from django.forms.models import model_to_dict

from verdensmaal.audit.services import diff, log_action
from verdensmaal.core.permissions import ensure_can_edit_organisation, ensure_secretariat

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
            action="accounts.organisation.created",
            obj=organisation,
            organisation=organisation,
            changes=diff({}, model_to_dict(organisation, exclude=["id"])),
        )
    return organisation


def organisation_update(*, actor, organisation: Organisation, **fields) -> Organisation:
    """Change an organisation's profile; editors may change only their own organisation."""
    ensure_can_edit_organisation(actor, organisation)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = model_to_dict(organisation)
        for field, value in fields.items():
            setattr(organisation, field, value)
        organisation.full_clean()
        organisation.save()
        changes = diff(before, {field: getattr(organisation, field) for field in fields})
        if changes:
            log_action(
                actor=actor,
                action="accounts.organisation.updated",
                obj=organisation,
                organisation=organisation,
                changes=changes,
            )
    return organisation


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
            action="accounts.user.created",
            obj=user,
            organisation=organisation,
            changes={"role": [None, role]},
        )
    return user
