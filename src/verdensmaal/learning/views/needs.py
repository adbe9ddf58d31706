"""Data needs and revision notices."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from verdensmaal.core.downloads import TABLE_FORMATS, table_download
from verdensmaal.core.permissions import (
    can_edit_organisation,
    ensure_secretariat,
    is_member,
    is_secretariat,
)
from verdensmaal.core.views import act, form_view, save_form

from .. import selectors, services
from ..forms import (
    DataNeedForm,
    DataNeedStatusForm,
    DataNeedSupportForm,
)
from ..models import DataNeed
from .common import _form_page

# --- data needs ------------------------------------------------------------------------------


def _ensure_member(user) -> None:
    if not is_member(user):
        raise PermissionDenied


@login_required
@require_safe
def data_needs(request):
    _ensure_member(request.user)
    status = request.GET.get("status", "")
    organisation = getattr(request.user, "organisation", None)
    return render(
        request,
        "learning/data_needs.html",
        {
            "needs": selectors.data_needs(request.user, status=status),
            "status": status,
            "statuses": DataNeed.Status.choices,
            "supported": selectors.supported_by(request.user),
            "organisation": organisation,
            "can_create": organisation is not None
            and can_edit_organisation(request.user, organisation),
            "is_secretariat": is_secretariat(request.user),
            "support_form": DataNeedSupportForm(),
            "status_form": DataNeedStatusForm(),
            "formats": TABLE_FORMATS,
        },
    )


@login_required
@form_view
def data_need_create(request):
    organisation = getattr(request.user, "organisation", None)
    if organisation is None or not can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    form = DataNeedForm(
        request.POST or None,
        local_targets=selectors.readable_local_targets_of(request.user, organisation),
    )
    saved = save_form(
        request,
        form,
        lambda form: services.data_need_create(
            actor=request.user, organisation=organisation, **form.values()
        ),
        success=_("The data need is recorded."),
    )
    if saved:
        return redirect(f"{reverse('learning:data-needs')}#need-{saved.pk}")
    return _form_page(
        request, form, heading=_("Record a data need"), cancel_url=reverse("learning:data-needs")
    )


@login_required
@form_view
def data_need_edit(request, pk: int):
    need = get_object_or_404(DataNeed.objects.select_related("organisation"), pk=pk)
    if not can_edit_organisation(request.user, need.organisation):
        raise PermissionDenied
    form = DataNeedForm(
        request.POST or None,
        instance=DataNeed.objects.get(pk=pk),
        local_targets=selectors.readable_local_targets_of(request.user, need.organisation),
    )
    saved = save_form(
        request,
        form,
        lambda form: services.data_need_update(actor=request.user, need=need, **form.values()),
        success=_("The data need is saved."),
    )
    if saved:
        return redirect(f"{reverse('learning:data-needs')}#need-{need.pk}")
    return _form_page(
        request,
        form,
        heading=_("Edit data need"),
        cancel_url=reverse("learning:data-needs"),
        subject=need,
    )


def _need_url(need: DataNeed) -> str:
    return f"{reverse('learning:data-needs')}#need-{need.pk}"


@login_required
@require_POST
def data_need_support(request, pk: int):
    need = get_object_or_404(DataNeed, pk=pk)
    form = DataNeedSupportForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return act(
        request,
        lambda: services.data_need_support(actor=request.user, need=need, note=note),
        success=_("Your organisation supports the need."),
        next_url=_need_url(need),
    )


@login_required
@require_POST
def data_need_unsupport(request, pk: int):
    need = get_object_or_404(DataNeed, pk=pk)
    return act(
        request,
        lambda: services.data_need_unsupport(actor=request.user, need=need),
        success=_("Your organisation no longer supports the need."),
        next_url=_need_url(need),
    )


@login_required
@require_POST
def data_need_status(request, pk: int):
    ensure_secretariat(request.user)
    need = get_object_or_404(DataNeed, pk=pk)
    form = DataNeedStatusForm(request.POST)
    if not form.is_valid():
        raise Http404
    return act(
        request,
        lambda: services.data_need_update(
            actor=request.user, need=need, status=form.cleaned_data["status"]
        ),
        success=_("The status is saved."),
        next_url=_need_url(need),
    )


@login_required
@require_safe
def data_needs_download(request, file_format: str):
    """The list for the dialogue with Statistics Denmark, most supported first."""
    ensure_secretariat(request.user)
    needs = selectors.data_needs(request.user, status=request.GET.get("status", ""))
    header = [
        _("Indicator needed"), _("Why and what exactly"), _("Level needed"), _("SDG target"),
        _("Raised by"), _("Supported by"), _("Supporters"), _("Status"), _("Recorded"),
    ]  # fmt: skip
    rows = [
        [
            need.title, need.description, need.get_level_display(),
            need.sdg_target.code if need.sdg_target_id else None, need.organisation.name,
            ", ".join(s.organisation.name for s in need.supports.all()), need.support_count,
            need.get_status_display(), need.created_at.date().isoformat(),
        ]
        for need in needs
    ]  # fmt: skip
    return table_download("data-needs", header, rows, file_format=file_format)


# --- revision notices ------------------------------------------------------------------------


@login_required
@require_safe
def notices(request):
    user = request.user
    if not (is_secretariat(user) or (user.is_editor and user.organisation_id)):
        raise PermissionDenied
    return render(
        request,
        "learning/notices.html",
        {"notices": selectors.described(selectors.notices_for(user)[:50])},
    )
