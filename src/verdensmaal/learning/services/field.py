"""What participants observe on a field visit, during it or after."""

from typing import TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verdensmaal.audit.services import audited_create, audited_update, locked, log_action
from verdensmaal.core.models import Sharing
from verdensmaal.core.permissions import is_secretariat

from .. import audit_actions
from ..models import FieldObservation
from ..selectors import can_observe


class ObservationFields(TypedDict, total=False):
    text: str
    language: str
    site: object
    sharing: str


def _ensure_own(actor, observation: FieldObservation) -> None:
    """An observation is changed by its author, or the secretariat."""
    if not (
        actor.is_authenticated
        and actor.is_active
        and (is_secretariat(actor) or observation.author_id == actor.pk)
    ):
        raise PermissionDenied


def field_observation_create(
    *,
    actor,
    meeting,
    text: str,
    language: str = "da",
    site=None,
    goals=(),
    sharing: str = Sharing.NETWORK,
    is_demo: bool = False,
) -> FieldObservation:
    """Record what ``actor`` observed on the field visit ``meeting``, from its start on."""
    if not can_observe(actor, meeting):
        raise PermissionDenied
    if timezone.now() < meeting.starts_at:
        raise ValidationError(_("Observations are recorded from the start of the visit."))
    observation = FieldObservation(
        meeting=meeting,
        site=site,
        author=actor,
        organisation=actor.organisation if actor.organisation_id else None,
        text=text,
        language=language,
        sharing=sharing,
        is_demo=is_demo,
    )
    return audited_create(
        actor=actor,
        obj=observation,
        action=audit_actions.OBSERVATION_CREATED,
        after_save=lambda observation: observation.goals.set(goals),
        changes={
            "meeting": [None, meeting.pk],
            "site": [None, site.pk if site else None],
            "sharing": [None, sharing],
            "text": [None, text],
        },
        organisation=observation.organisation,
    )


def field_observation_update(
    *, actor, observation: FieldObservation, goals=None, **fields: Unpack[ObservationFields]
) -> FieldObservation:
    if unknown := set(fields) - set(ObservationFields.__annotations__):
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")

    def save(current: FieldObservation) -> None:
        current.save()
        if goals is not None:
            current.goals.set(goals)

    return audited_update(
        actor=actor,
        obj=observation,
        values=fields,
        action=audit_actions.OBSERVATION_UPDATED,
        check=lambda current: _ensure_own(actor, current),
        save=save,
        organisation=lambda current: current.organisation,
    )


def field_observation_delete(*, actor, observation: FieldObservation) -> None:
    with transaction.atomic():
        current = locked(FieldObservation, observation.pk)
        if current is None:
            return
        _ensure_own(actor, current)
        log_action(
            actor=actor,
            action=audit_actions.OBSERVATION_DELETED,
            obj=current,
            organisation=current.organisation,
            changes={"deleted": [str(current), None]},
        )
        current.delete()
