"""Who may do what: the one place permission decisions are made.

Roles: the secretariat may do everything; a municipal editor writes only for their own organisation;
participants and the anonymous public read published content only.
"""

from django.core.exceptions import PermissionDenied


def is_secretariat(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or user.is_secretariat)
    )


def can_edit_organisation(user, organisation) -> bool:
    """True when ``user`` may change data that belongs to ``organisation``."""
    if not user.is_authenticated or not user.is_active or organisation is None:
        return False
    if is_secretariat(user):
        return True
    return user.is_editor and user.organisation_id == organisation.pk


def ensure_can_edit_organisation(user, organisation) -> None:
    if not can_edit_organisation(user, organisation):
        raise PermissionDenied


def ensure_secretariat(user) -> None:
    if not is_secretariat(user):
        raise PermissionDenied


def can_import_data(user) -> bool:
    """The secretariat imports for every area; a municipal editor for their municipality only."""
    if is_secretariat(user):
        return True
    organisation = getattr(user, "organisation", None)
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_editor
        and organisation is not None
        and organisation.area_id
    )
