from itertools import groupby

from .models import Area


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
