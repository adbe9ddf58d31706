from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from verdensmaal.areas.models import Area, PeerGroup
from verdensmaal.catalogue.models import Indicator
from verdensmaal.core.permissions import ensure_secretariat
from verdensmaal.measurement.forms import ProgressSettingsForm
from verdensmaal.measurement.models import ProgressSettings
from verdensmaal.measurement.services import progress_settings_update
from verdensmaal.measurement.vocabulary import METHOD_LABELS
from verdensmaal.progress import METHODS

from .selectors import SORTS, goal_summary, indicator_comparison, sorted_rows


def _method(request, settings: ProgressSettings) -> str:
    method = request.GET.get("method", "")
    return method if method in METHODS else settings.default_method


@require_safe
def municipality_progress(request, code: str):
    municipality = get_object_or_404(
        Area.objects.select_related("parent"), code=code, kind=Area.Kind.MUNICIPALITY
    )
    settings = ProgressSettings.current()
    method = _method(request, settings)
    tiles, overall = goal_summary(municipality, method=method, base_year=settings.base_year)
    return render(
        request,
        "dashboards/municipality.html",
        {
            "municipality": municipality,
            "tiles": tiles,
            "overall": overall,
            "method": method,
            "methods": METHOD_LABELS,
            "settings": settings,
        },
    )


@require_safe
def indicator_comparison_view(request, code: str):
    indicator = get_object_or_404(Indicator, code=code)
    settings = ProgressSettings.current()
    method = _method(request, settings)
    regions = list(Area.objects.filter(kind=Area.Kind.REGION).order_by("code"))
    groups = list(PeerGroup.objects.all())
    peer_code = request.GET.get("peers", "")
    peers = Area.objects.filter(kind=Area.Kind.MUNICIPALITY).select_related("parent")
    region = next((r for r in regions if r.code == peer_code), None)
    group = next((g for g in groups if f"group-{g.pk}" == peer_code), None)
    if region is not None:
        peers = peers.filter(parent=region)
    elif group is not None:
        peers = peers.filter(peer_groups=group)
    rows = indicator_comparison(indicator, peers=list(peers), base_year=settings.base_year)
    sort = request.GET.get("sort", "value")
    sort = sort if sort in SORTS else "value"
    rows = sorted_rows(rows, sort=sort, method=method, direction=indicator.direction)
    return render(
        request,
        "dashboards/comparison.html",
        {
            "indicator": indicator,
            "rows": rows,
            "method": method,
            "methods": METHOD_LABELS,
            "regions": regions,
            "region": region,
            "groups": groups,
            "group": group,
            "peers": peer_code if (region or group) else "",
            "keep": {"peers": peer_code if (region or group) else "", "sort": sort},
            "sort": sort,
            "settings": settings,
        },
    )


@login_required
def settings_edit(request):
    ensure_secretariat(request.user)
    current = ProgressSettings.current()
    form = ProgressSettingsForm(
        request.POST or None, instance=ProgressSettings.objects.get(pk=current.pk)
    )
    if request.method == "POST" and form.is_valid():
        progress_settings_update(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The progress settings are saved."))
        return redirect("dashboards:settings")
    return render(request, "dashboards/settings.html", {"form": form, "methods": METHOD_LABELS})
