"""The start page and the cases: search, pages, writing, materials."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from verdensmaal.core.downloads import TABLE_FORMATS, table_download
from verdensmaal.core.permissions import (
    can_edit_organisation,
    is_member,
)
from verdensmaal.core.views import act, form_view, save_form
from verdensmaal.frameworks.selectors import action_by_id, can_view_part
from verdensmaal.network.models import Meeting

from .. import selectors, services
from ..forms import (
    CaseFilterForm,
    CaseForm,
    CaseMaterialForm,
)
from ..models import Case
from .common import LATEST_CASES, _form_page

# --- the start page --------------------------------------------------------------------------


@require_safe
def home(request):
    user = request.user
    return render(
        request,
        "learning/home.html",
        {
            "cases": selectors.readable_cases(user)[:LATEST_CASES],
            "case_count": selectors.readable_cases(user).count(),
            "field_visits": Meeting.objects.filter(kind=Meeting.Kind.FIELD_VISIT)
            .select_related("host")
            .order_by("-starts_at")[:LATEST_CASES],
            "own_area": getattr(getattr(user, "organisation", None), "area", None),
            "notices": selectors.notices_for(user)[:3],
            "member": is_member(user),
        },
    )


# --- cases -----------------------------------------------------------------------------------


def _search(request) -> tuple[CaseFilterForm, selectors.CaseSearch]:
    form = CaseFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        return form, selectors.CaseSearch(
            words=data["q"],
            goal=data["goal"],
            target=data["target"].strip(),
            indicator=data["indicator"],
            region=data["region"],
            size=data["size"],
            municipality=request.GET.get("municipality", "")[:3],
        )
    return form, selectors.CaseSearch()


@require_safe
def case_list(request):
    form, search = _search(request)
    cases = selectors.case_search(request.user, search)
    organisation = getattr(request.user, "organisation", None)
    return render(
        request,
        "learning/case_list.html",
        {
            "form": form,
            "search": search,
            "cases": cases,
            "query": request.GET.urlencode(),
            "can_create": organisation is not None
            and can_edit_organisation(request.user, organisation),
            "formats": TABLE_FORMATS,
        },
    )


@require_safe
def case_list_download(request, file_format: str):
    """The cases the list shows (the same search), one row each."""
    _form, search = _search(request)
    cases = selectors.case_search(request.user, search).prefetch_related("targets")
    header = [
        _("Case"), _("Organisation"), _("Goals"), _("SDG targets"), _("Indicators"),
        _("Started"), _("Cost (DKK)"), _("Shared with"), _("Web address"),
    ]  # fmt: skip
    rows = [
        [
            str(case), case.organisation.name,
            ", ".join(str(g.number) for g in case.goals.all()),
            ", ".join(t.code for t in case.targets.all()),
            ", ".join(i.code for i in case.indicators.all()),
            case.started_on.isoformat() if case.started_on else None, case.cost,
            case.get_sharing_display(), request.build_absolute_uri(case.get_absolute_url()),
        ]
        for case in cases
    ]  # fmt: skip
    return table_download("cases", header, rows, file_format=file_format)


def _readable_case(request, pk: int) -> Case:
    case = selectors.case_by_id(pk)
    if case is None or not selectors.can_view_case(request.user, case):
        raise Http404
    return case


@require_safe
def case_detail(request, pk: int):
    case = _readable_case(request, pk)
    action = case.action if case.action and can_view_part(request.user, case.action) else None
    return render(
        request,
        "learning/case_detail.html",
        {
            "case": case,
            "action": action,
            "meeting": case.meeting,
            "evidence": selectors.case_evidence(case),
            "can_edit": can_edit_organisation(request.user, case.organisation),
        },
    )


@login_required
@form_view
def case_create(request):
    """A new case of the editor's organisation, from one of its actions (``?action=``)."""
    action = None
    if request.GET.get("action", "").isdigit():
        action = action_by_id(int(request.GET["action"]))
        if action is None:
            raise Http404
        organisation = action.framework.organisation
    else:
        organisation = getattr(request.user, "organisation", None)
    if organisation is None or not can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    if action and (existing := Case.objects.filter(action=action).first()):
        return redirect(existing)
    initial = selectors.case_initial_from_action(action) if action else {}
    form = CaseForm(request.POST or None, initial=initial)
    saved = save_form(
        request,
        form,
        lambda form: services.case_create(
            actor=request.user, organisation=organisation, action=action, **form.service_values()
        ),
        success=_("The case is saved."),
    )
    if saved:
        return redirect(saved)
    heading = _("Tell the action as a case") if action else _("New case")
    cancel = action_url(action) if action else reverse("learning:cases")
    return _form_page(request, form, heading=heading, cancel_url=cancel, subject=action)


def action_url(action) -> str:
    return reverse("frameworks:action", args=[action.pk])


@login_required
@form_view
def case_edit(request, pk: int):
    case = get_object_or_404(Case, pk=pk)
    if not can_edit_organisation(request.user, case.organisation):
        raise PermissionDenied
    form = CaseForm(request.POST or None, instance=Case.objects.get(pk=pk))
    saved = save_form(
        request,
        form,
        lambda form: services.case_update(
            actor=request.user,
            case=case,
            version=form.cleaned_data["version"],
            **form.service_values(),
        ),
        success=_("The case is saved."),
    )
    if saved:
        return redirect(saved)
    return _form_page(
        request,
        form,
        heading=_("Edit case"),
        cancel_url=case.get_absolute_url(),
        subject=case,
        delete_url=reverse("learning:case-delete", args=[case.pk]),
    )


@login_required
@require_POST
def case_delete(request, pk: int):
    case = get_object_or_404(Case, pk=pk)
    version = int(request.POST.get("version") or 0)
    return act(
        request,
        lambda: services.case_delete(actor=request.user, case=case, version=version),
        success=_("The case is removed."),
        next_url=reverse("learning:cases"),
    )


@login_required
@form_view
def case_material_add(request, pk: int):
    case = get_object_or_404(Case.objects.select_related("organisation"), pk=pk)
    if not can_edit_organisation(request.user, case.organisation):
        raise PermissionDenied
    form = CaseMaterialForm(request.POST or None, request.FILES or None)
    saved = save_form(
        request,
        form,
        lambda form: services.case_material_add(
            actor=request.user,
            case=case,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
            url=form.cleaned_data["url"],
        ),
        success=_("The material is added."),
    )
    if saved:
        return redirect(case)
    return _form_page(
        request, form, heading=_("Add material"), cancel_url=case.get_absolute_url(), subject=case
    )


@require_safe
def case_material(request, pk: int):
    """A case's file, for those who may read the case; a link goes to its address."""
    material = selectors.material_by_id(pk)
    if material is None or not selectors.can_view_case(request.user, material.case):
        raise Http404
    if material.url:
        return redirect(material.url)
    return FileResponse(material.file.open("rb"), as_attachment=True)


@login_required
@require_POST
def case_material_delete(request, pk: int):
    material = selectors.material_by_id(pk)
    if material is None:
        raise Http404
    case = material.case
    return act(
        request,
        lambda: services.case_material_delete(actor=request.user, material=material),
        success=_("The material is removed."),
        next_url=case.get_absolute_url(),
    )
