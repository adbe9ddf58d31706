"""Removing parts of a framework: the removal buttons, each with the version the editor saw."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verdensmaal.core.views import act

from .. import services
from ..forms import VersionForm
from ..models import Factor, Milestone, Partner, Priority, ProgressUpdate, Strategy
from .edit import editable, factor_next_url, overview_url


def _delete(request, model, pk, delete, name, next_url):
    obj = get_object_or_404(model, pk=pk)
    editable(request, obj.framework)
    target = next_url(obj)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was incomplete; nothing was removed."))
        return redirect(target)
    return act(
        request,
        lambda: delete(actor=request.user, version=form.cleaned_data["version"], **{name: obj}),
        success=_("Removed: %(name)s") % {"name": obj},
        next_url=target,
    )


def _action_url(part) -> str:
    return reverse("frameworks:action", args=[part.action_id])


@require_POST
@login_required
def priority_delete(request, pk: int):
    return _delete(
        request, Priority, pk, services.priority_delete, "priority",
        lambda priority: overview_url(priority.framework, "priorities"),
    )  # fmt: skip


@require_POST
@login_required
def milestone_delete(request, pk: int):
    return _delete(request, Milestone, pk, services.milestone_delete, "milestone", _action_url)


@require_POST
@login_required
def partner_delete(request, pk: int):
    return _delete(request, Partner, pk, services.partner_delete, "partner", _action_url)


@require_POST
@login_required
def progress_update_delete(request, pk: int):
    return _delete(
        request, ProgressUpdate, pk, services.progress_update_delete, "progress_update",
        _action_url,
    )  # fmt: skip


@require_POST
@login_required
def factor_delete(request, pk: int):
    return _delete(request, Factor, pk, services.factor_delete, "factor", factor_next_url)


@require_POST
@login_required
def strategy_delete(request, pk: int):
    return _delete(
        request, Strategy, pk, services.strategy_delete, "strategy",
        lambda strategy: overview_url(strategy.framework, "strategies"),
    )  # fmt: skip
