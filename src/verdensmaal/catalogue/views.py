from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from verdensmaal.core.permissions import ensure_secretariat, is_secretariat

from .forms import TargetTranslationForm
from .models import GlobalIndicator, Goal, Target
from .services import target_translate


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
