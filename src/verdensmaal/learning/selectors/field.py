"""Reading field visits: who may record observations, and what the meeting page shows of them."""

from django.db.models import Q
from django.utils import timezone

from verdensmaal.core.permissions import is_secretariat, sharing_filter, sharing_levels
from verdensmaal.network.models import MeetingRegistration

from ..models import FieldObservation


def can_observe(user, meeting) -> bool:
    """Who records observations on a field visit: the secretariat, the host's people, and
    anyone registered for it (or the editor of their organisation)."""
    if not (meeting.is_field_visit and user.is_authenticated and user.is_active):
        return False
    if is_secretariat(user):
        return True
    if user.organisation_id and user.organisation_id == meeting.host_id:
        return True
    registered = MeetingRegistration.objects.filter(
        meeting=meeting, status=MeetingRegistration.Status.REGISTERED
    )
    mine = Q(participant__user=user)
    if user.is_editor and user.organisation_id:
        mine |= Q(participant__organisation_id=user.organisation_id)
    return registered.filter(mine).exists()


def readable_observations(user, meeting):
    """The observations of a field visit that ``user`` may read, in the order written."""
    return (
        FieldObservation.objects.filter(meeting=meeting)
        .filter(sharing_filter(user))
        .select_related("site", "author", "organisation")
        .prefetch_related("goals")
        .order_by("created_at", "pk")
    )


def can_view_observation(user, observation: FieldObservation) -> bool:
    return observation.sharing in sharing_levels(user, observation.organisation)


def observation_by_id(pk: int) -> FieldObservation | None:
    return (
        FieldObservation.objects.select_related("meeting", "site", "organisation")
        .filter(pk=pk)
        .first()
    )


def may_observe_now(user, meeting) -> bool:
    return can_observe(user, meeting) and timezone.now() >= meeting.starts_at
