from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from verdensmaal.areas.models import Area
from verdensmaal.core.charts import line_chart
from verdensmaal.core.permissions import ensure_secretariat, is_secretariat
from verdensmaal.data.selectors import last_import, series

from .forms import IndicatorForm, TargetTranslationForm
from .models import GlobalIndicator, Goal, Indicator, Target
from .services import INDICATOR_EDITABLE_FIELDS, indicator_save, target_translate

DEFAULT_MUNICIPALITY = "101"  # Copenhagen, when the visitor has no municipality of their own


@require_safe
def goal_list(request):
    return render(request, "catalogue/goal_list.html", {"goals": Goal.objects.all()})


@require_safe
def goal_detail(request, number: int):
    goal = get_object_or_404(
        Goal.objects.prefetch_related(
            Prefetch(
                "targets",
                Target.objects.prefetch_related(
                    Prefetch("indicators", GlobalIndicator.objects.order_by("position"))
                ),
            )
        ),
        number=number,
    )
    return render(
        request,
        "catalogue/goal_detail.html",
        {
            "goal": goal,
            "previous": Goal.objects.filter(number=number - 1).first(),
            "next": Goal.objects.filter(number=number + 1).first(),
            "can_translate": is_secretariat(request.user),
        },
    )


@require_POST
def target_translation(request, code: str):
    ensure_secretariat(request.user)
    target = get_object_or_404(Target, code=code)
    form = TargetTranslationForm(request.POST, instance=Target.objects.get(pk=target.pk))
    if form.is_valid():
        try:
            target_translate(
                actor=request.user, target=target, title_da=form.cleaned_data["title_da"]
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    else:
        messages.success(
            request, _("The Danish text of target %(code)s is saved.") % {"code": code}
        )
    return redirect(f"{target.goal.get_absolute_url()}#target-{target.code}")


@require_safe
def indicator_list(request):
    goal_number = request.GET.get("goal", "")
    indicators = Indicator.objects.prefetch_related("targets__goal").order_by("code")
    goal = None
    if goal_number.isdigit():
        goal = Goal.objects.filter(number=int(goal_number)).first()
        if goal:
            indicators = indicators.filter(targets__goal=goal).distinct()
    return render(
        request,
        "catalogue/indicator_list.html",
        {
            "indicators": indicators,
            "goals": Goal.objects.all(),
            "goal": goal,
            "can_edit": is_secretariat(request.user),
        },
    )


def _chosen_municipality(request) -> Area:
    code = request.GET.get("area", "")
    if code:
        return get_object_or_404(Area, code=code, kind=Area.Kind.MUNICIPALITY)
    organisation = getattr(request.user, "organisation", None)
    if organisation is not None and organisation.area_id:
        return organisation.area
    return Area.objects.get(code=DEFAULT_MUNICIPALITY)


@require_safe
def indicator_detail(request, code: str):
    indicator = get_object_or_404(
        Indicator.objects.prefetch_related("targets__goal", "global_indicators"), code=code
    )
    municipality = _chosen_municipality(request)
    areas = [municipality, municipality.parent, municipality.parent.parent]
    by_area = series(indicator, areas)
    labelled = {str(area): points for area, points in by_area.items()}
    periods = sorted({period for points in by_area.values() for period, _v in points})
    table = [
        (period, [dict(points).get(period) for points in by_area.values()]) for period in periods
    ]
    chart = line_chart(labelled, unit=indicator.localised("unit").text) if periods else None
    return render(
        request,
        "catalogue/indicator_detail.html",
        {
            "indicator": indicator,
            "municipality": municipality,
            "areas": areas,
            "chart": chart,
            "table": table,
            "last_import": last_import(indicator),
            "municipalities": Area.objects.filter(kind=Area.Kind.MUNICIPALITY).order_by("name_da"),
            "can_edit": is_secretariat(request.user),
        },
    )


@login_required
def indicator_edit(request, code: str | None = None):
    ensure_secretariat(request.user)
    indicator = get_object_or_404(Indicator, code=code) if code else None
    form = IndicatorForm(
        request.POST or None,
        instance=Indicator.objects.get(pk=indicator.pk) if indicator else None,
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in INDICATOR_EDITABLE_FIELDS}
        try:
            saved = indicator_save(
                actor=request.user,
                indicator=indicator,
                targets=form.cleaned_data["targets"],
                **fields,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect(saved)
    return render(request, "catalogue/indicator_form.html", {"form": form, "indicator": indicator})
