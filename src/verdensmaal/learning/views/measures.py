"""Measures across members: who did it better, shared ambition, the network in one view and
the season report."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Indicator
from verdensmaal.core.downloads import TABLE_FORMATS, table_download
from verdensmaal.core.permissions import (
    ensure_secretariat,
)
from verdensmaal.network.models import Season
from verdensmaal.network.selectors import current_season

from .. import selectors
from ..forms import (
    PeerForm,
)
from .common import LEVEL_LABELS

# --- find who did it better ------------------------------------------------------------------


@require_safe
def peers(request):
    indicators = list(selectors.directed_indicators())
    params = request.GET.copy()
    own = getattr(getattr(request.user, "organisation", None), "area", None)
    if not params.get("area") and own is not None:
        params["area"] = own.code
    form = PeerForm(params if params.get("area") else None, indicators=indicators)
    context = {"form": form, "finding": None, "weak": None, "municipality": None}
    if form.is_bound and form.is_valid():
        area = get_object_or_404(Area, code=form.cleaned_data["area"], kind="municipality")
        context["municipality"] = area
        code = form.cleaned_data["indicator"]
        if code:
            indicator = get_object_or_404(Indicator, code=code)
            context["finding"] = selectors.peer_finder(
                request.user,
                municipality=area,
                indicator=indicator,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        else:
            context["weak"] = selectors.weak_indicators(request.user, area)
    return render(request, "learning/peers.html", context)


# --- shared ambition -------------------------------------------------------------------------


def _ambition(request):
    options = selectors.indicators_with_targets(request.user)
    code = request.GET.get("indicator", "")
    chosen = next((indicator for indicator, _n in options if indicator.code == code), None)
    if chosen is None and options and not code:
        chosen = max(options, key=lambda item: (item[1], item[0].code))[0]
    comparison = selectors.ambition_comparison(request.user, chosen) if chosen else None
    return options, chosen, comparison


@require_safe
def ambition(request):
    options, chosen, comparison = _ambition(request)
    if request.GET.get("indicator") and chosen is None:
        raise Http404
    return render(
        request,
        "learning/ambition.html",
        {
            "options": options,
            "chosen": chosen,
            "comparison": comparison,
            "levels": LEVEL_LABELS,
            "formats": TABLE_FORMATS,
        },
    )


@require_safe
def ambition_download(request, file_format: str):
    _options, chosen, comparison = _ambition(request)
    if comparison is None:
        raise Http404
    header = [
        _("Municipality"), _("Local target"), _("Network member"), _("Baseline year"),
        _("Baseline value"), _("Target value"), _("Target year"), _("Needed per year"),
        _("Achieved per year so far"), _("Latest year"), _("Ambition"),
    ]  # fmt: skip
    rows = [
        [
            str(row.area), str(row.local_target), _("yes") if row.is_member else _("no"),
            row.local_target.baseline_year, row.local_target.baseline_value,
            row.local_target.target_value, row.local_target.target_year,
            round(row.ambition.required, 6), _rounded(row.ambition.achieved),
            row.ambition.latest_year, str(LEVEL_LABELS[row.ambition.level]),
        ]
        for row in comparison.rows
    ]  # fmt: skip
    return table_download(f"ambition-{chosen.code}", header, rows, file_format=file_format)


def _rounded(value: float) -> float | None:
    return None if value != value else round(value, 6)


# --- the network in one view -----------------------------------------------------------------


@require_safe
def network(request):
    return render(
        request,
        "learning/network.html",
        {"view": selectors.network_view(request.user), "season": current_season()},
    )


def _season(request) -> Season:
    pk = request.GET.get("season", "")
    season = Season.objects.filter(pk=int(pk)).first() if pk.isdigit() else current_season()
    if season is None:
        raise Http404
    return season


@login_required
@require_safe
def season_report(request):
    ensure_secretariat(request.user)
    season = _season(request)
    return render(
        request,
        "learning/season_report.html",
        {
            "report": selectors.season_report(season),
            "query": f"season={season.pk}",
            "seasons": Season.objects.order_by("-starts_on"),
            "formats": TABLE_FORMATS,
            "now": timezone.now(),
        },
    )


@login_required
@require_safe
def season_report_download(request, file_format: str):
    ensure_secretariat(request.user)
    report = selectors.season_report(_season(request))
    header = [
        _("Member"), _("Participants"), _("Meeting registrations"), _("Attended"), _("Cases"),
        _("Observations"), _("Data needs"), _("Supports"), _("Framework changes"),
    ]  # fmt: skip
    rows = [
        [m.organisation.name, m.participants, m.registrations, m.attended, m.cases,
         m.observations, m.data_needs, m.supports, m.framework_changes]
        for m in report.members
    ]  # fmt: skip
    return table_download(
        f"season-report-{report.season.name}", header, rows, file_format=file_format
    )
