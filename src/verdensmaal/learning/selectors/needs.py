"""Reading the data needs: members see them all, most supported first."""

from django.db.models import Count

from verdensmaal.core.permissions import is_member

from ..models import DataNeed


def data_needs(user, *, status: str = ""):
    """The data needs, most supported first, for the network's members (none for others)."""
    if not is_member(user):
        return DataNeed.objects.none()
    needs = DataNeed.objects.all()
    if status in DataNeed.Status.values:
        needs = needs.filter(status=status)
    return (
        needs.select_related("organisation", "sdg_target__goal", "local_target__framework")
        .prefetch_related("supports__organisation")
        .annotate(support_count=Count("supports", distinct=True))
        .order_by("-support_count", "-created_at", "-pk")
    )


def data_need_by_id(pk: int) -> DataNeed | None:
    return DataNeed.objects.select_related("organisation").filter(pk=pk).first()


def supported_by(user) -> set[int]:
    """The needs the user's organisation supports."""
    organisation_id = getattr(user, "organisation_id", None)
    if not organisation_id:
        return set()
    return set(
        DataNeed.objects.filter(supports__organisation_id=organisation_id).values_list(
            "pk", flat=True
        )
    )
