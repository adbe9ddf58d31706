"""What the learning reads share: the member municipalities, the sharing rules across
organisations, and the years the data cover."""

from django.db.models import Q
from django.utils import timezone

from verdensmaal.areas.models import Area
from verdensmaal.core.permissions import is_secretariat, sharing_filter
from verdensmaal.frameworks.models import LocalTarget
from verdensmaal.network.selectors import current_season

FIRST_YEAR = 2000


def years() -> list[int]:
    return list(range(FIRST_YEAR, timezone.localdate().year + 1))


def member_areas() -> list[Area]:
    """The municipalities that are members of the network this season, by name."""
    season = current_season()
    if season is None:
        return []
    return list(
        Area.objects.filter(organisation__memberships__season=season)
        .select_related("parent")
        .order_by("name_da")
        .distinct()
    )


def municipalities() -> list[Area]:
    return list(Area.objects.filter(kind=Area.Kind.MUNICIPALITY).order_by("code"))


def readable_parts(user, queryset, *, framework: str = "framework__"):
    """Framework parts (local targets, actions, priorities) across all frameworks that ``user``
    may read: the framework and the part both shared with them."""
    organisation = f"{framework}organisation"
    return queryset.filter(sharing_filter(user, organisation_field=organisation)).filter(
        sharing_filter(user, organisation_field=organisation, field=f"{framework}sharing")
    )


def readable_local_targets(user, queryset):
    """Local targets ``user`` may read; drafts only for their own municipality's editors and the
    secretariat; retired ones not at all."""
    queryset = readable_parts(user, queryset).exclude(status=LocalTarget.Status.RETIRED)
    if is_secretariat(user):
        return queryset
    own_drafts = (
        Q(framework__organisation_id=user.organisation_id)
        if (user.is_authenticated and user.is_active and user.is_editor)
        else Q(pk__in=[])
    )
    return queryset.filter(~Q(status=LocalTarget.Status.DRAFT) | own_drafts)
