"""Field visits and the observations participants record on them."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from verdensmaal.core.permissions import (
    is_secretariat,
)
from verdensmaal.core.views import act, form_view, save_form
from verdensmaal.network.models import Meeting

from .. import selectors, services
from ..forms import (
    ObservationForm,
)
from .common import _form_page

# --- field visits ----------------------------------------------------------------------------


@require_safe
def field_visits(request):
    visits = (
        Meeting.objects.filter(kind=Meeting.Kind.FIELD_VISIT)
        .select_related("host", "season")
        .prefetch_related("sites")
        .order_by("-starts_at")
    )
    return render(request, "learning/field_visits.html", {"visits": visits})


def _field_visit(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("host").filter(kind=Meeting.Kind.FIELD_VISIT), pk=pk
    )


@login_required
@form_view
def observation_create(request, pk: int):
    meeting = _field_visit(pk)
    if not selectors.can_observe(request.user, meeting):
        raise PermissionDenied
    form = ObservationForm(request.POST or None, meeting=meeting)
    saved = save_form(
        request,
        form,
        lambda form: services.field_observation_create(
            actor=request.user, meeting=meeting, **form.values()
        ),
        success=_("Your observation is saved."),
    )
    if saved:
        return redirect(f"{meeting.get_absolute_url()}#observation-{saved.pk}")
    return _form_page(
        request,
        form,
        heading=_("Record an observation"),
        cancel_url=meeting.get_absolute_url(),
        subject=meeting,
    )


@login_required
@form_view
def observation_edit(request, pk: int):
    observation = selectors.observation_by_id(pk)
    if observation is None:
        raise Http404
    if not (is_secretariat(request.user) or observation.author_id == request.user.pk):
        raise PermissionDenied
    meeting = observation.meeting
    form = ObservationForm(request.POST or None, instance=observation, meeting=meeting)
    saved = save_form(
        request,
        form,
        lambda form: services.field_observation_update(
            actor=request.user, observation=observation, **form.values()
        ),
        success=_("Your observation is saved."),
    )
    if saved:
        return redirect(f"{meeting.get_absolute_url()}#observation-{observation.pk}")
    return _form_page(
        request,
        form,
        heading=_("Edit observation"),
        cancel_url=meeting.get_absolute_url(),
        subject=meeting,
        delete_url=reverse("learning:observation-delete", args=[observation.pk]),
    )


@login_required
@require_POST
def observation_delete(request, pk: int):
    observation = selectors.observation_by_id(pk)
    if observation is None:
        raise Http404
    meeting = observation.meeting
    return act(
        request,
        lambda: services.field_observation_delete(actor=request.user, observation=observation),
        success=_("The observation is removed."),
        next_url=meeting.get_absolute_url(),
    )
