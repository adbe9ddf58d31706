"""Reading a municipality's frameworks: the list, the overview, an action, a strategy's file."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from verdensmaal.areas.models import Area
from verdensmaal.audit.pages import shared_page
from verdensmaal.core.permissions import (
    can_edit_organisation,
    is_secretariat,
)

from .. import selectors
from ..forms import ActionGoalsForm
from ..models import (
    Action,
    Framework,
    Strategy,
)

# --- reading -------------------------------------------------------------------------------------


@require_safe
@shared_page
def framework_list(request):
    frameworks = selectors.visible_frameworks(request.user).order_by(
        "organisation__name", "-start_year"
    )
    organisation = getattr(request.user, "organisation", None)
    return render(
        request,
        "frameworks/framework_list.html",
        {
            "frameworks": frameworks,
            "can_create": is_secretariat(request.user)
            or can_edit_organisation(request.user, organisation),
        },
    )


def _render_overview(request, area: Area, framework: Framework | None):
    others = selectors.frameworks_of_area(request.user, area)
    context = {"municipality": area, "others": others, "framework": None}
    if framework is not None:
        context.update(selectors.framework_overview(framework, request.user))
        context["others"] = others.exclude(pk=framework.pk)
    organisation = getattr(area, "organisation", None)
    context["can_create"] = organisation is not None and can_edit_organisation(
        request.user, organisation
    )
    return render(request, "frameworks/framework_detail.html", context)


@require_safe
@shared_page
def framework_overview(request, code: str):
    """The newest framework of a municipality that the visitor may see."""
    area = get_object_or_404(Area, code=code, kind=Area.Kind.MUNICIPALITY)
    return _render_overview(request, area, selectors.frameworks_of_area(request.user, area).first())


@require_safe
@shared_page
def framework_detail(request, code: str, pk: int):
    area = get_object_or_404(Area, code=code, kind=Area.Kind.MUNICIPALITY)
    framework = get_object_or_404(selectors.frameworks_of_area(request.user, area), pk=pk)
    return _render_overview(request, area, framework)


def _visible(request, part) -> None:
    if not selectors.can_view_part(request.user, part):
        raise Http404


@require_safe
def action_detail(request, pk: int):
    action = get_object_or_404(
        Action.objects.select_related("framework__organisation__area").prefetch_related(
            "milestones",
            "partners__organisation",
            "updates__author",
            "local_targets",
            "factors",
            "goals",
        ),
        pk=pk,
    )
    _visible(request, action)
    can_edit = can_edit_organisation(request.user, action.organisation)
    return render(
        request,
        "frameworks/action_detail.html",
        {
            "action": action,
            "framework": action.framework,
            "can_edit": can_edit,
            "suggestion": selectors.goal_suggestion(action) if can_edit else None,
            "goals_form": ActionGoalsForm(action=action) if can_edit else None,
        },
    )


@require_safe
def strategy_file(request, pk: int):
    strategy = get_object_or_404(Strategy.objects.select_related("framework__organisation"), pk=pk)
    _visible(request, strategy)
    if not strategy.document:
        raise Http404
    return FileResponse(strategy.document.open("rb"), as_attachment=True)
