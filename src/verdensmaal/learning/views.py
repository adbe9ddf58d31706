"""The learning pages: cases, field visits, the peer finder, shared ambition, the network in one
view, data needs and revision notices. Thin: reads through the selectors, writes through the
services."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Indicator
from verdensmaal.core.downloads import TABLE_FORMATS, table_download
from verdensmaal.core.permissions import (
    can_edit_organisation,
    ensure_secretariat,
    is_member,
    is_secretariat,
)
from verdensmaal.core.views import act, form_view, save_form
from verdensmaal.frameworks.selectors import action_by_id, can_view_part
from verdensmaal.network.models import Meeting, Season
from verdensmaal.network.selectors import current_season

from . import selectors, services
from .forms import (
    CaseFilterForm,
    CaseForm,
    CaseMaterialForm,
    DataNeedForm,
    DataNeedStatusForm,
    DataNeedSupportForm,
    ObservationForm,
    PeerForm,
)
from .measures import LEVEL_BEYOND, LEVEL_HIGH, LEVEL_LOW, LEVEL_UNKNOWN
from .models import Case, DataNeed

LATEST_CASES = 6
LEVEL_LABELS = {
    LEVEL_LOW: gettext_lazy("Low: no faster than the median municipality"),
    LEVEL_HIGH: gettext_lazy("High: faster than the median municipality"),
    LEVEL_BEYOND: gettext_lazy("Beyond what is observed: faster than nine in ten municipalities"),
    LEVEL_UNKNOWN: gettext_lazy("Cannot be compared"),
}


def _form_page(request, form, *, heading, cancel_url, subject=None, delete_url=""):
    return render(
        request,
        "learning/form.html",
        {
            "form": form,
            "heading": heading,
            "cancel_url": cancel_url,
            "subject": subject,
            "delete_url": delete_url,
        },
    )


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
