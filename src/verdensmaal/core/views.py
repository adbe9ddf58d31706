from django.shortcuts import render
from django.views.decorators.http import require_safe

from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Goal


@require_safe
def home(request):
    return render(
        request,
        "core/home.html",
        {
            "goals": Goal.objects.all(),
            "municipality_count": Area.objects.filter(kind=Area.Kind.MUNICIPALITY).count(),
        },
    )


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
