from itertools import groupby

from .models import Area, PeerGroup


def municipalities_by_region(query: str = ""):
    """``[(region, [municipality, ...]), ...]`` in code order, filtered by a name or code query."""
    municipalities = Area.objects.filter(kind=Area.Kind.MUNICIPALITY).select_related("parent")
    if query := query.strip():
        municipalities = municipalities.filter(name_da__icontains=query) | municipalities.filter(
            code=query.zfill(3) if query.isdigit() else query
        )
    municipalities = sorted(municipalities, key=lambda m: (m.parent.code, m.name_da))
    return [
        (region, list(members)) for region, members in groupby(municipalities, lambda m: m.parent)
    ]


def municipalities():
    """The 98 municipalities in name order."""
    return Area.objects.filter(kind=Area.Kind.MUNICIPALITY).order_by("name_da")


def municipality_count() -> int:
    return Area.objects.filter(kind=Area.Kind.MUNICIPALITY).count()


def areas(kind: str = ""):
    """Denmark, the regions and the municipalities (or those of one kind) in code order, with
    their parent and peer groups."""
    queryset = Area.objects.select_related("parent").prefetch_related("peer_groups")
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("code")


def area(code: str) -> Area | None:
    """One area with its parent, the areas in it and its peer groups."""
    return areas().prefetch_related("children").filter(code=code).first()


def areas_by_code(codes) -> dict[str, Area]:
    return {a.code: a for a in Area.objects.filter(code__in=set(codes))}


def peer_groups():
    return PeerGroup.objects.prefetch_related("municipalities").order_by("name_da", "pk")
