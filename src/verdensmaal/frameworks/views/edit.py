"""Writing the frameworks: a form page per part (create and edit); removal is in ``remove``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verdensmaal.core.permissions import (
    ensure_can_edit_organisation,
    is_secretariat,
)
from verdensmaal.core.views import act, form_view, save_form

from .. import services
from ..forms import (
    ActionForm,
    ActionGoalsForm,
    FactorForm,
    FrameworkForm,
    LocalTargetForm,
    MilestoneForm,
    PartnerForm,
    PriorityForm,
    ProgressUpdateForm,
    StrategyForm,
    VersionForm,
)
from ..models import (
    Action,
    Factor,
    Framework,
    LocalTarget,
    Milestone,
    Partner,
    Priority,
    ProgressUpdate,
    Strategy,
)


def overview_url(framework: Framework, anchor: str = "") -> str:
    url = reverse("frameworks:detail", args=[framework.organisation.area.code, framework.pk])
    return f"{url}#{anchor}" if anchor else url


def _form_page(request, form, save, *, framework, heading, success, next_url, subject=None):
    """Show ``form``; on a valid POST run ``save(form)`` and go to ``next_url``."""
    if saved := save_form(request, form, save, success=success):
        return redirect(next_url(saved) if callable(next_url) else next_url)
    return render(
        request,
        "frameworks/form.html",
        {
            "form": form,
            "framework": framework,
            "heading": heading,
            "subject": subject,
            "cancel_url": _cancel_url(framework, subject, next_url),
            "delete_url": _delete_url(subject),
        },
    )


def _cancel_url(framework, subject, next_url) -> str:
    if not callable(next_url):
        return next_url
    if subject is not None:
        return next_url(subject)
    return overview_url(framework) if framework else reverse("frameworks:list")


DELETE_URLS = {
    Priority: "frameworks:priority_delete",
    Milestone: "frameworks:milestone_delete",
    Partner: "frameworks:partner_delete",
    ProgressUpdate: "frameworks:progress_update_delete",
    Factor: "frameworks:factor_delete",
    Strategy: "frameworks:strategy_delete",
}


def _delete_url(subject) -> str:
    if subject is None or type(subject) not in DELETE_URLS:
        return ""
    return reverse(DELETE_URLS[type(subject)], args=[subject.pk])


def editable(request, framework: Framework) -> Framework:
    ensure_can_edit_organisation(request.user, framework.organisation)
    return framework


def _proposed(request, fields) -> dict:
    """Values a linking page proposes for a new item's form (a screened strategy proposes a
    target and a passage, say): shown in the form, saved only when the editor saves it."""
    return {field: request.GET[field][:5000] for field in fields if request.GET.get(field)}


def _fresh(model, obj):
    """A separate copy for the form, so the form's changes never reach the object we check."""
    return model.objects.get(pk=obj.pk)


# --- frameworks ----------------------------------------------------------------------------------


@form_view
@login_required
def framework_create(request):
    own = None if is_secretariat(request.user) else request.user.organisation
    if own is None and not is_secretariat(request.user):
        raise PermissionDenied
    if own is not None:
        ensure_can_edit_organisation(request.user, own)
    form = FrameworkForm(request.POST or None, organisation=own)

    def save(form):
        values = form.values()
        values["organisation"] = own or form.cleaned_data["organisation"]
        return services.framework_create(actor=request.user, **values)

    return _form_page(
        request,
        form,
        save,
        framework=None,
        heading=_("New action and target framework"),
        success=_("The framework is created."),
        next_url=overview_url,
    )


@form_view
@login_required
def framework_edit(request, pk: int):
    framework = editable(request, get_object_or_404(Framework, pk=pk))
    form = FrameworkForm(request.POST or None, instance=_fresh(Framework, framework))
    return _form_page(
        request,
        form,
        lambda form: services.framework_update(
            actor=request.user,
            framework=framework,
            version=form.cleaned_data["version"],
            **form.values(),
        ),
        framework=framework,
        heading=_("Edit the framework"),
        success=_("The framework is saved."),
        next_url=overview_url,
    )


@require_POST
@login_required
def framework_publish(request, pk: int):
    return _framework_sharing(
        request, pk, services.framework_publish, _("The framework and its parts are published.")
    )


@require_POST
@login_required
def framework_withdraw(request, pk: int):
    return _framework_sharing(
        request,
        pk,
        services.framework_withdraw,
        _("The framework is withdrawn from the public; the network's members still read it."),
    )


def _framework_sharing(request, pk: int, change, success: str):
    framework = editable(request, get_object_or_404(Framework, pk=pk))
    form = VersionForm(request.POST)  # carries the version the page showed
    if not form.is_valid():
        messages.error(request, _("The request was incomplete; nothing was changed."))
        return redirect(overview_url(framework))
    return act(
        request,
        lambda: change(
            actor=request.user, framework=framework, version=form.cleaned_data["version"]
        ),
        success=success,
        next_url=overview_url(framework),
    )


# --- priorities ----------------------------------------------------------------------------------


@form_view
@login_required
def priority_create(request, pk: int):
    framework = editable(request, get_object_or_404(Framework, pk=pk))
    form = PriorityForm(request.POST or None, instance=Priority(framework=framework))
    return _form_page(
        request,
        form,
        lambda form: services.priority_create(
            actor=request.user, framework=framework, **form.values()
        ),
        framework=framework,
        heading=_("New priority"),
        success=_("The priority is added."),
        next_url=overview_url(framework, "priorities"),
    )


@form_view
@login_required
def priority_edit(request, pk: int):
    priority = get_object_or_404(Priority.objects.select_related("framework"), pk=pk)
    framework = editable(request, priority.framework)
    form = PriorityForm(request.POST or None, instance=_fresh(Priority, priority))
    return _form_page(
        request,
        form,
        lambda form: services.priority_update(
            actor=request.user,
            priority=priority,
            version=form.cleaned_data["version"],
            **form.values(),
        ),
        framework=framework,
        heading=_("Edit priority"),
        success=_("The priority is saved."),
        next_url=overview_url(framework, "priorities"),
        subject=priority,
    )


# --- local targets -------------------------------------------------------------------------------


@form_view
@login_required
def local_target_create(request, pk: int):
    framework = editable(request, get_object_or_404(Framework, pk=pk))
    form = LocalTargetForm(
        request.POST or None,
        instance=LocalTarget(framework=framework),
        initial={
            "baseline_year": framework.start_year - 1,
            "target_year": framework.end_year,
            **_proposed(request, ("title_da", "sdg_targets", "indicator", "rationale")),
        },
    )
    return _form_page(
        request,
        form,
        lambda form: services.local_target_create(
            actor=request.user, framework=framework, **form.values()
        ),
        framework=framework,
        heading=_("New local target"),
        success=_("The local target is added."),
        next_url=lambda saved: overview_url(framework, f"target-{saved.pk}"),
    )


@form_view
@login_required
def local_target_edit(request, pk: int):
    local_target = get_object_or_404(LocalTarget.objects.select_related("framework"), pk=pk)
    framework = editable(request, local_target.framework)
    form = LocalTargetForm(request.POST or None, instance=_fresh(LocalTarget, local_target))
    return _form_page(
        request,
        form,
        lambda form: services.local_target_update(
            actor=request.user,
            local_target=local_target,
            version=form.cleaned_data["version"],
            **form.values(),
        ),
        framework=framework,
        heading=_("Edit local target"),
        success=_("The local target is saved."),
        next_url=lambda saved: overview_url(framework, f"target-{saved.pk}"),
        subject=local_target,
    )


# --- actions and their parts ---------------------------------------------------------------------


@form_view
@login_required
def action_create(request, pk: int):
    framework = editable(request, get_object_or_404(Framework, pk=pk))
    form = ActionForm(
        request.POST or None,
        instance=Action(framework=framework),
        framework=framework,
        initial=_proposed(request, ("title_da", "description")),
    )
    return _form_page(
        request,
        form,
        lambda form: services.action_create(
            actor=request.user, framework=framework, **form.values()
        ),
        framework=framework,
        heading=_("New action"),
        success=_("The action is added."),
        next_url=lambda saved: reverse("frameworks:action", args=[saved.pk]),
    )


@form_view
@login_required
def action_edit(request, pk: int):
    action = get_object_or_404(Action.objects.select_related("framework"), pk=pk)
    framework = editable(request, action.framework)
    form = ActionForm(request.POST or None, instance=_fresh(Action, action), framework=framework)
    return _form_page(
        request,
        form,
        lambda form: services.action_update(
            actor=request.user, action=action, version=form.cleaned_data["version"], **form.values()
        ),
        framework=framework,
        heading=_("Edit action"),
        success=_("The action is saved."),
        next_url=lambda saved: reverse("frameworks:action", args=[saved.pk]),
        subject=action,
    )


@require_POST
@login_required
def action_goals_confirm(request, pk: int):
    action = get_object_or_404(Action.objects.select_related("framework"), pk=pk)
    editable(request, action.framework)
    form = ActionGoalsForm(request.POST, action=action)
    next_url = reverse("frameworks:action", args=[action.pk]) + "#goals"
    if not form.is_valid():
        messages.error(request, _("The request was incomplete; nothing was changed."))
        return redirect(next_url)
    return act(
        request,
        lambda: services.action_goals_confirm(
            actor=request.user,
            action=action,
            version=form.cleaned_data["version"],
            goals=form.cleaned_data["goals"],
        ),
        success=_("The action's goals are confirmed."),
        next_url=next_url,
    )


def _action_part_create(request, pk, form_class, model, create, heading, success):
    action = get_object_or_404(Action.objects.select_related("framework"), pk=pk)
    framework = editable(request, action.framework)
    form = form_class(request.POST or None, instance=model(action=action))
    return _form_page(
        request,
        form,
        lambda form: create(actor=request.user, action=action, **form.values()),
        framework=framework,
        heading=heading,
        success=success,
        next_url=reverse("frameworks:action", args=[action.pk]),
    )


def _action_part_edit(request, pk, form_class, model, update, name, heading, success):
    part = get_object_or_404(model.objects.select_related("action__framework"), pk=pk)
    framework = editable(request, part.action.framework)
    form = form_class(request.POST or None, instance=_fresh(model, part))
    return _form_page(
        request,
        form,
        lambda form: update(
            actor=request.user,
            version=form.cleaned_data["version"],
            **{name: part},
            **form.values(),
        ),
        framework=framework,
        heading=heading,
        success=success,
        next_url=reverse("frameworks:action", args=[part.action_id]),
        subject=part,
    )


@form_view
@login_required
def milestone_create(request, pk: int):
    return _action_part_create(
        request, pk, MilestoneForm, Milestone, services.milestone_create,
        _("New milestone"), _("The milestone is added."),
    )  # fmt: skip


@form_view
@login_required
def milestone_edit(request, pk: int):
    return _action_part_edit(
        request, pk, MilestoneForm, Milestone, services.milestone_update, "milestone",
        _("Edit milestone"), _("The milestone is saved."),
    )  # fmt: skip


@form_view
@login_required
def partner_create(request, pk: int):
    return _action_part_create(
        request, pk, PartnerForm, Partner, services.partner_create,
        _("New partner"), _("The partner is added."),
    )  # fmt: skip


@form_view
@login_required
def partner_edit(request, pk: int):
    return _action_part_edit(
        request, pk, PartnerForm, Partner, services.partner_update, "partner",
        _("Edit partner"), _("The partner is saved."),
    )  # fmt: skip


@form_view
@login_required
def progress_update_create(request, pk: int):
    return _action_part_create(
        request, pk, ProgressUpdateForm, ProgressUpdate, services.progress_update_create,
        _("New progress update"), _("The progress update is added."),
    )  # fmt: skip


@form_view
@login_required
def progress_update_edit(request, pk: int):
    return _action_part_edit(
        request, pk, ProgressUpdateForm, ProgressUpdate, services.progress_update_update,
        "progress_update", _("Edit progress update"), _("The progress update is saved."),
    )  # fmt: skip


# --- drivers and barriers ------------------------------------------------------------------------


def _factor_create(request, *, local_target=None, action=None):
    owner = local_target or action
    framework = editable(request, owner.framework)
    form = FactorForm(
        request.POST or None,
        instance=Factor(framework=framework, local_target=local_target, action=action),
    )
    next_url = (
        overview_url(framework, f"target-{local_target.pk}")
        if local_target
        else reverse("frameworks:action", args=[action.pk])
    )
    return _form_page(
        request,
        form,
        lambda form: services.factor_create(
            actor=request.user, local_target=local_target, action=action, **form.values()
        ),
        framework=framework,
        heading=_("New driver or barrier"),
        success=_("The driver or barrier is added."),
        next_url=next_url,
    )


@form_view
@login_required
def local_target_factor_create(request, pk: int):
    local_target = get_object_or_404(LocalTarget.objects.select_related("framework"), pk=pk)
    return _factor_create(request, local_target=local_target)


@form_view
@login_required
def action_factor_create(request, pk: int):
    action = get_object_or_404(Action.objects.select_related("framework"), pk=pk)
    return _factor_create(request, action=action)


def factor_next_url(factor: Factor) -> str:
    if factor.action_id:
        return reverse("frameworks:action", args=[factor.action_id])
    return overview_url(factor.framework, f"target-{factor.local_target_id}")


@form_view
@login_required
def factor_edit(request, pk: int):
    factor = get_object_or_404(Factor.objects.select_related("framework"), pk=pk)
    framework = editable(request, factor.framework)
    form = FactorForm(request.POST or None, instance=_fresh(Factor, factor))
    return _form_page(
        request,
        form,
        lambda form: services.factor_update(
            actor=request.user, factor=factor, version=form.cleaned_data["version"], **form.values()
        ),
        framework=framework,
        heading=_("Edit driver or barrier"),
        success=_("The driver or barrier is saved."),
        next_url=factor_next_url(factor),
        subject=factor,
    )


# --- strategies ----------------------------------------------------------------------------------


@form_view
@login_required
def strategy_create(request, pk: int):
    framework = editable(request, get_object_or_404(Framework, pk=pk))
    form = StrategyForm(
        request.POST or None,
        request.FILES or None,
        instance=Strategy(framework=framework),
        framework=framework,
    )
    return _form_page(
        request,
        form,
        lambda form: services.strategy_create(
            actor=request.user, framework=framework, **form.values()
        ),
        framework=framework,
        heading=_("New strategy or policy"),
        success=_("The strategy is added."),
        next_url=overview_url(framework, "strategies"),
    )


@form_view
@login_required
def strategy_edit(request, pk: int):
    strategy = get_object_or_404(Strategy.objects.select_related("framework"), pk=pk)
    framework = editable(request, strategy.framework)
    form = StrategyForm(
        request.POST or None,
        request.FILES or None,
        instance=_fresh(Strategy, strategy),
        framework=framework,
    )
    return _form_page(
        request,
        form,
        lambda form: services.strategy_update(
            actor=request.user,
            strategy=strategy,
            version=form.cleaned_data["version"],
            **form.values(),
        ),
        framework=framework,
        heading=_("Edit strategy or policy"),
        success=_("The strategy is saved."),
        next_url=overview_url(framework, "strategies"),
        subject=strategy,
    )
