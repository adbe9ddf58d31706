"""Who may do what: the one place permission decisions are made.

Roles: the secretariat may do everything; a municipal editor writes only for their own organisation.
Reading follows each item's sharing level: its own organisation reads everything it wrote, the
network's logged-in members read what is shared with the network, and everyone reads what is
published.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import Sharing


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


def reader_kind(user) -> tuple:
    """Everything about ``user`` that decides what they may read and do: users of the same kind
    (the same role in the same organisation) see the same pages, apart from their own name."""
    if not user.is_authenticated:
        return ()
    return (user.is_active, user.is_superuser, user.role, user.organisation_id)


def is_member(user) -> bool:
    """A logged-in member of the network: the secretariat, or someone of a member organisation."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (is_secretariat(user) or getattr(user, "organisation_id", None))
    )


def sharing_levels(user, organisation) -> set[str]:
    """The sharing levels of ``organisation``'s content that ``user`` may read."""
    if is_secretariat(user) or (
        is_member(user) and organisation is not None and user.organisation_id == organisation.pk
    ):
        return set(Sharing.values)
    if is_member(user):
        return {Sharing.NETWORK, Sharing.PUBLIC}
    return {Sharing.PUBLIC}


def sharing_filter(user, *, organisation_field: str = "organisation", field: str = "sharing") -> Q:
    """A query filter for the items, across organisations, that ``user`` may read."""
    if is_secretariat(user):
        return Q()
    readable = Q(**{field: Sharing.PUBLIC})
    if is_member(user):
        readable |= Q(**{field: Sharing.NETWORK}) | Q(**{organisation_field: user.organisation_id})
    return readable
