from django.shortcuts import render
from django.views.decorators.http import require_safe

from verdensmaal.audit.pages import shared_page

from .selectors import municipalities_by_region


@require_safe
@shared_page
def municipality_list(request):
    query = request.GET.get("q", "")[:100]
    groups = municipalities_by_region(query)
    return render(
        request,
        "areas/municipality_list.html",
        {"groups": groups, "query": query, "count": sum(len(m) for _r, m in groups)},
    )
