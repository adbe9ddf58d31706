"""What the network's writes share: typed keyword arguments (each service names the fields it
takes in a ``TypedDict``, and unknown names are refused before anything is touched), and who may
act for a participant."""

from typing import TypedDict

from django.core.exceptions import PermissionDenied

from verdensmaal.core.permissions import can_edit_organisation

from ..models import Participant


def checked(fields: dict, allowed: type[TypedDict]) -> dict:
    if unknown := set(fields) - set(allowed.__annotations__):
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    return fields


def ensure_can_act_for(actor, participant: Participant) -> None:
    """The participant themself, their organisation's editor, or the secretariat."""
    own = actor.is_authenticated and participant.user_id is not None
    if not (
        (own and participant.user_id == actor.pk)
        or can_edit_organisation(actor, participant.organisation)
    ):
        raise PermissionDenied
