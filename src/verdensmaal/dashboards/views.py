from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from verdensmaal.areas.models import Area
from verdensmaal.audit.pages import shared_page
from verdensmaal.catalogue import selectors as catalogue_selectors
from verdensmaal.catalogue.models import Goal, Indicator
from verdensmaal.core.charts import ranked_chart
from verdensmaal.core.downloads import table_download
from verdensmaal.core.maps import Classes, choropleth_rows, choropleth_svg
from verdensmaal.core.permissions import ensure_secretariat, is_secretariat
from verdensmaal.data.selectors import indicator_provenance, municipal_provenance
from verdensmaal.measurement.forms import ProgressSettingsForm
from verdensmaal.measurement.models import ProgressSettings
from verdensmaal.measurement.services import progress_settings_update
from verdensmaal.measurement.vocabulary import METHOD_LABELS
from verdensmaal.progress import METHODS

from .selectors import (
    SORTS,
    goal_matrix,
    goal_summary,
    indicator_comparison,
    map_values,
    peer_choice,
    peer_options,
    sorted_rows,
)


def _method(request, settings: ProgressSettings) -> str:
    method = request.GET.get("method", "")
    return method if method in METHODS else settings.default_method


@require_safe
@shared_page
def municipality_progress(request, code: str):
    municipality = get_object_or_404(
        Area.objects.select_related("parent"), code=code, kind=Area.Kind.MUNICIPALITY
    )
    settings = ProgressSettings.current()
    method = _method(request, settings)
    tiles, overall, overall_rank = goal_summary(
        municipality, method=method, base_year=settings.base_year
    )
    return render(
        request,
        "dashboards/municipality.html",
        {
            "municipality": municipality,
            "tiles": tiles,
            "overall": overall,
            "overall_rank": overall_rank,
            "method": method,
            "methods": METHOD_LABELS,
            "settings": settings,
        },
    )


def _pictures(indicator, rows, *, chosen: str, peers: set[str]) -> dict:
    """The ranked chart and the map of the comparison: every municipality's latest value, the
    chosen municipality and its peers marked."""
    direction = indicator.direction
    values = {row.area.code: row.latest for row in rows}
    names = {row.area.code: str(row.area) for row in rows}
    unit = indicator.localised("unit").text
    title = _("%(indicator)s: the latest value of each municipality") % {
        "indicator": indicator.localised("name").text
    }
    classes = Classes.numeric(values, direction=direction)
    highlight = {chosen, *peers} - {""}
    return {
        "chart": ranked_chart(
            [(code, names[code], value) for code, value in values.items()],
            highlight=chosen,
            peers=peers,
            unit=unit,
            direction=direction if direction in ("higher", "lower") else None,
            title=title,
            highlight_label=names.get(chosen, ""),
            peers_label=_("Peer group"),
        ),
        "map": choropleth_svg(
            values,
            title=title,
            legend_title=unit,
            classes=classes,
            labels=names,
            href=lambda code: reverse("areas:municipality", args=[code]),
            highlight=highlight,
            highlight_label=_("Chosen municipality and peer group") if highlight else None,
        ),
        "map_rows": choropleth_rows(values, classes=classes, labels=names, highlight=highlight),
    }


@require_safe
@shared_page
def indicator_comparison_view(request, code: str):
    indicator = get_object_or_404(Indicator, code=code)
    settings = ProgressSettings.current()
    method = _method(request, settings)
    choice = peer_choice(request.GET.get("peers", ""))
    municipalities = peer_choice("").municipalities
    rows = indicator_comparison(indicator, peers=municipalities, base_year=settings.base_year)
    chosen_code = request.GET.get("area", "")
    if choice.similar_to is not None:
        chosen_code = chosen_code or choice.similar_to.code
    chosen = next((r.area for r in rows if r.area.code == chosen_code), None)
    peer_codes = {m.code for m in choice.municipalities} if choice.code else set()
    shown = [row for row in rows if not peer_codes or row.area.code in peer_codes]
    sort = request.GET.get("sort", "value")
    sort = sort if sort in SORTS else "value"
    shown = sorted_rows(shown, sort=sort, method=method, direction=indicator.direction)
    keep = {"peers": choice.code, "area": chosen.code if chosen else "", "sort": sort}
    if file_format := request.GET.get("download"):
        return _comparison_download(indicator, shown, settings, file_format)
    return render(
        request,
        "dashboards/comparison.html",
        {
            "indicator": indicator,
            "rows": shown,
            "method": method,
            "methods": METHOD_LABELS,
            **peer_options(),
            "choice": choice,
            "region": choice.region,
            "group": choice.group,
            "peers": choice.code,
            "chosen": chosen,
            "keep": keep,
            "query": urlencode({k: v for k, v in keep.items() if v and k != "sort"}),
            "download_query": urlencode({k: v for k, v in keep.items() if v} | {"method": method}),
            "sort": sort,
            "settings": settings,
            "provenance": indicator_provenance(indicator, municipalities),
            **_pictures(
                indicator,
                rows,
                chosen=chosen.code if chosen else "",
                peers=peer_codes - {chosen.code if chosen else ""},
            ),
        },
    )


def _comparison_download(indicator, rows, settings, file_format: str):
    """The comparison's table as CSV, Excel or JSON: the rows the page shows, in its order."""
    header = [
        _("Municipality code"), _("Municipality"), _("Latest value"), _("Year"),
        _("Value %(year)s") % {"year": settings.base_year}, _("Score"),
        *(str(label) for label in METHOD_LABELS.values()),
    ]  # fmt: skip
    table = [
        [
            row.area.code, str(row.area), row.latest, row.latest_year, row.base_value,
            round(row.score) if row.score is not None else None,
            *(str(row.statuses[m]["label"]) if m in row.statuses else None for m in METHOD_LABELS),
        ]
        for row in rows
    ]  # fmt: skip
    return table_download(f"comparison-{indicator.code}", header, table, file_format=file_format)


@require_safe
@shared_page
def goal_matrix_view(request):
    """Several municipalities' 17-goal dashboards side by side."""
    settings = ProgressSettings.current()
    choice = peer_choice(request.GET.get("peers", ""))
    goals, rows = goal_matrix(choice.municipalities, base_year=settings.base_year)
    return render(
        request,
        "dashboards/matrix.html",
        {"choice": choice, "goals": goals, "rows": rows, **peer_options()},
    )


@require_safe
@shared_page
def goal_detail(request, number: int):
    """A goal: its targets and global indicators, the Danish indicators that measure it, and the
    map of the municipalities' scores on it."""
    goal, previous, following = catalogue_selectors.goal_page(number)
    indicators, _goal = catalogue_selectors.indicators(goal_number=str(number))
    settings = ProgressSettings.current()
    values, _years = map_values("goal", base_year=settings.base_year, goal=goal)
    names = _municipality_names()
    classes = Classes.numeric(values, direction="higher")
    title = _("Goal %(number)s: score of the municipalities (0-100)") % {"number": goal.number}
    return render(
        request,
        "catalogue/goal_detail.html",
        {
            "goal": goal,
            "previous": previous,
            "next": following,
            "can_translate": is_secretariat(request.user),
            "indicators": indicators,
            "map": choropleth_svg(
                values,
                title=title,
                legend_title=_("Score (0-100)"),
                classes=classes,
                labels=names,
                href=lambda code: reverse("areas:municipality", args=[code]),
            ),
            "map_rows": choropleth_rows(values, classes=classes, labels=names),
            "provenance": municipal_provenance(),
        },
    )


def _municipality_names() -> dict[str, str]:
    return {
        area.code: str(area)
        for area in Area.objects.filter(kind=Area.Kind.MUNICIPALITY).order_by("name_da")
    }


MAP_VIEWS = ("index", "goal", "colours", "indicator")


@require_safe
@shared_page
def map_view(request):
    """The map of the 98 municipalities: the SDG index, a goal's score or SDSN colour, or an
    indicator in a year; with a table of the same numbers."""
    settings = ProgressSettings.current()
    view = request.GET.get("view", "index")
    view = view if view in MAP_VIEWS else "index"
    goals = list(Goal.objects.order_by("number"))
    goal = next((g for g in goals if str(g.number) == request.GET.get("goal", "")), goals[0])
    indicator = Indicator.objects.filter(code=request.GET.get("indicator", "")).first()
    if view == "indicator" and indicator is None:
        indicator = Indicator.objects.filter(kind=Indicator.Kind.SDG).order_by("code").first()
    year = request.GET.get("year", "")
    values, years = map_values(
        view,
        base_year=settings.base_year,
        indicator=indicator,
        year=int(year) if year.isdigit() else None,
        goal=goal,
    )
    year = int(year) if year.isdigit() and int(year) in years else (years[-1] if years else None)
    names = dict(
        Area.objects.filter(kind=Area.Kind.MUNICIPALITY)
        .order_by("name_da")
        .values_list("code", "name_da")
    )
    if view == "colours":
        classes = Classes.sdsn()
        title = _("Goal %(number)s: how far the municipalities are from the goal") % {
            "number": goal.number
        }
        legend = _("SDSN dashboard colour")
    elif view == "goal":
        classes = Classes.numeric(values, direction="higher")
        title = _("Goal %(number)s: score of the municipalities (0-100)") % {"number": goal.number}
        legend = _("Score (0-100)")
    elif view == "indicator" and indicator is not None:
        direction = indicator.direction
        classes = Classes.numeric(values, direction=direction)
        title = f"{indicator.localised('name').text}, {year}"
        legend = indicator.localised("unit").text
    else:
        classes = Classes.numeric(values, direction="higher")
        title = _("The SDG index of the 98 municipalities")
        legend = _("SDG index (0-100)")
    chosen = request.GET.get("area", "")
    highlight = {chosen} if chosen in names else set()
    if view == "indicator" and indicator is not None and year is not None:
        sources = indicator_provenance(
            indicator,
            Area.objects.filter(kind=Area.Kind.MUNICIPALITY),
            period_from=str(year),
            period_to=str(year),
        )
    else:
        sources = municipal_provenance()
    rows = choropleth_rows(values, classes=classes, labels=names, highlight=highlight)
    if file_format := request.GET.get("download"):
        header = [_("Municipality code"), _("Municipality"), legend, _("Class")]
        table = [[row.code, row.name, row.value, row.class_label] for row in rows]
        name = "-".join(["map", view, *([str(goal.number)] if view in ("goal", "colours") else [])])
        if view == "indicator" and indicator is not None:
            name = f"map-{indicator.code}-{year}"
        return table_download(name, header, table, file_format=file_format)
    return render(
        request,
        "dashboards/map.html",
        {
            "view": view,
            "views": MAP_VIEWS,
            "goals": goals,
            "goal": goal,
            "indicators": Indicator.objects.order_by("code"),
            "indicator": indicator,
            "years": years,
            "year": year,
            "title": title,
            "map": choropleth_svg(
                values,
                title=title,
                legend_title=legend,
                classes=classes,
                labels=names,
                href=lambda code: reverse("areas:municipality", args=[code]),
                highlight=highlight,
                highlight_label=names.get(chosen),
            ),
            "map_rows": rows,
            "download_query": request.GET.urlencode(),
            "provenance": sources,
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
