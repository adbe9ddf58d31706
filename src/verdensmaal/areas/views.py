from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Area
from .selectors import municipalities_by_region


@require_safe
def municipality_list(request):
    query = request.GET.get("q", "")[:100]
    groups = municipalities_by_region(query)
    return render(
        request,
        "areas/municipality_list.html",
        {"groups": groups, "query": query, "count": sum(len(m) for _r, m in groups)},
    )


@require_safe
def municipality_detail(request, code: str):
    municipality = get_object_or_404(
        Area.objects.select_related("parent"), code=code, kind=Area.Kind.MUNICIPALITY
    )
    organisation = getattr(municipality, "organisation", None)
    return render(
        request,
        "areas/municipality_detail.html",
        {
            "municipality": municipality,
            "organisation": organisation,
            "neighbours": municipality.parent.children.exclude(pk=municipality.pk).order_by(
                "name_da"
            ),
        },
    )
