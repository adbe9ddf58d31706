from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from verdensmaal.audit.pages import shared_page
from verdensmaal.core.permissions import ensure_secretariat, is_secretariat

from . import selectors
from .forms import IndicatorForm, TargetTranslationForm
from .services import INDICATOR_EDITABLE_FIELDS, indicator_save, target_translate


@require_safe
@shared_page
def goal_list(request):
    return render(request, "catalogue/goal_list.html", {"goals": selectors.goals()})


@require_POST
def target_translation(request, code: str):
    ensure_secretariat(request.user)
    target = selectors.target(code)
    form = TargetTranslationForm(request.POST, instance=selectors.target(code))
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
@shared_page
def indicator_list(request):
    indicators, goal = selectors.indicators(goal_number=request.GET.get("goal", ""))
    return render(
        request,
        "catalogue/indicator_list.html",
        {
            "indicators": indicators,
            "goals": selectors.goals(),
            "goal": goal,
            "can_edit": is_secretariat(request.user),
        },
    )


@login_required
def indicator_edit(request, code: str | None = None):
    ensure_secretariat(request.user)
    indicator = selectors.indicator_for_edit(code)
    form = IndicatorForm(request.POST or None, instance=selectors.indicator_for_edit(code))
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
