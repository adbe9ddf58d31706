"""Reads of the action and target frameworks, and the progress of their local targets."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from verdensmaal.audit.results import kept
from verdensmaal.catalogue.models import Goal, Indicator, Target
from verdensmaal.core.charts import line_chart
from verdensmaal.core.permissions import (
    can_edit_organisation,
    is_secretariat,
    sharing_filter,
    sharing_levels,
)
from verdensmaal.data.selectors import Provenance, indicator_provenance, series
from verdensmaal.measurement.models import ProgressSettings
from verdensmaal.measurement.vocabulary import METHOD_LABELS, reason_label, status_display
from verdensmaal.progress import Assessment, assess

from .evidence import words_by_goal
from .models import (
    Action,
    Factor,
    Framework,
    LocalTarget,
    Milestone,
    Partner,
    ProgressUpdate,
    Strategy,
)


def visible_frameworks(user):
    """The frameworks ``user`` may read: published ones, those shared with the network's members
    when they are one, and all of their own municipality's."""
    return Framework.objects.select_related("organisation__area").filter(sharing_filter(user))


def can_view(user, framework: Framework) -> bool:
    return framework.sharing in sharing_levels(user, framework.organisation)


def can_view_part(user, part) -> bool:
    """A priority, local target, action or strategy: readable when its framework is and it is."""
    organisation = part.framework.organisation
    return can_view(user, part.framework) and part.sharing in sharing_levels(user, organisation)


def readable_local_targets(user, framework: Framework):
    """The local targets of ``framework`` that ``user`` may read: by their sharing level, and
    drafts only for those who may edit the framework."""
    local_targets = framework.local_targets.filter(
        sharing__in=sharing_levels(user, framework.organisation)
    )
    if not can_edit_organisation(user, framework.organisation):
        local_targets = local_targets.exclude(status=LocalTarget.Status.DRAFT)
    return local_targets


def can_view_local_target(user, local_target: LocalTarget) -> bool:
    return can_view_part(user, local_target) and (
        local_target.status != LocalTarget.Status.DRAFT
        or can_edit_organisation(user, local_target.framework.organisation)
    )


def readable_actions(user, framework: Framework):
    return Action.objects.filter(
        framework=framework, sharing__in=sharing_levels(user, framework.organisation)
    )


def readable_priorities(user, framework: Framework):
    return framework.priorities.filter(sharing__in=sharing_levels(user, framework.organisation))


def readable_strategies(user, framework: Framework):
    return Strategy.objects.filter(
        framework=framework, sharing__in=sharing_levels(user, framework.organisation)
    )


def framework_by_id(pk: int) -> Framework | None:
    """Any framework, readable or not (writes check the permission themselves)."""
    return Framework.objects.select_related("organisation__area").filter(pk=pk).first()


def local_target_by_id(pk: int) -> LocalTarget | None:
    return (
        LocalTarget.objects.select_related("framework__organisation__area", "indicator")
        .prefetch_related("sdg_targets", "other_indicators")
        .filter(pk=pk)
        .first()
    )


def action_by_id(pk: int) -> Action | None:
    return (
        Action.objects.select_related("framework__organisation__area")
        .prefetch_related("milestones", "partners__organisation", "updates", "local_targets")
        .filter(pk=pk)
        .first()
    )


def frameworks_of_area(user, area):
    """The frameworks of one municipality that ``user`` may see, the newest first."""
    return visible_frameworks(user).filter(organisation__area=area).order_by("-start_year")


@dataclass(frozen=True)
class TargetProgress:
    local_target: LocalTarget
    assessment: Assessment
    chart: SafeString | None
    sources: Provenance | None = None  # where the chart's values came from

    @property
    def status(self) -> str:
        return self.assessment.status

    @property
    def display(self) -> dict:
        """What the status badge shows (code, label, rank, arrow)."""
        return status_display(self.assessment.status)

    @property
    def reason_label(self) -> str:
        return reason_label(self.assessment.reason)


def annual_points(points) -> list[tuple[int, float]]:
    """The yearly values of a series (quarters and months left out), without gaps."""
    return [
        (int(period), value)
        for period, value in points
        if len(period) == 4 and period.isdigit() and value is not None
    ]


def _assess(local_target: LocalTarget, points, method: str) -> Assessment:
    """The local target's own baseline year is the base year, its target value and year the
    target."""
    return assess(
        [year for year, _value in points],
        [value for _year, value in points],
        method=method,
        direction=local_target.direction,
        target=float(local_target.target_value),
        target_year=local_target.target_year,
        base_year=local_target.baseline_year,
    )


def local_target_assessments(local_target: LocalTarget, area) -> dict[str, Assessment]:
    """The local target assessed under every method, on one read of the municipality's series."""
    points = annual_points(series(local_target.indicator, [area])[area])
    return {method: _assess(local_target, points, method) for method in METHOD_LABELS}


def local_target_progress(
    local_target: LocalTarget,
    area,
    *,
    method: str = "",
    chart: bool = True,
    until: int | None = None,
) -> TargetProgress:
    """Assess a local target on the municipality's series, with its chart against the path.

    The method is the network's default progress method unless one is given; ``until`` leaves out
    the years after it (a report of that year).
    """
    method = method or ProgressSettings.current().default_method
    points = annual_points(series(local_target.indicator, [area])[area])
    if until is not None:
        points = [(year, value) for year, value in points if year <= until]
    assessment = _assess(local_target, points, method)
    figure = None
    # Five years before the baseline give context without crowding the year axis.
    shown = [(year, value) for year, value in points if year >= local_target.baseline_year - 5]
    if chart and shown:
        path = [
            (str(year), round(local_target.value_in_year(year), 4))
            for year in range(local_target.baseline_year, local_target.target_year + 1)
        ]
        figure = line_chart(
            {
                str(area): [(str(year), value) for year, value in shown],
                _("Straight path to the target"): path,
            },
            unit=local_target.indicator.localised("unit").text,
            width=600,
            height=220,
        )
        sources = indicator_provenance(
            local_target.indicator,
            [area],
            period_from=str(shown[0][0]),
            period_to=str(shown[-1][0]),
        )
        return TargetProgress(local_target, assessment, figure, sources)
    return TargetProgress(local_target, assessment, figure)


def framework_overview(framework: Framework, user, *, charts: bool = True) -> dict:
    """Everything the overview page shows; drafts of local targets only to editors.

    The parts and the local targets' progress and charts are kept in the shared cache under the
    content version (``audit.results``), for each combination of what decides what a reader sees:
    the sharing levels they may read and whether they may edit (and so see drafts). Readers who
    share both see the same overview; no reader gets one computed for more than they may see,
    since the computation itself is given only those two (:func:`_overview_parts`)."""
    can_edit = can_edit_organisation(user, framework.organisation)
    levels = tuple(sorted(str(level) for level in sharing_levels(user, framework.organisation)))
    method = ProgressSettings.current().default_method
    parts = kept(
        "framework_overview",
        (framework.pk, levels, can_edit, method, charts),
        lambda: _overview_parts(
            framework, levels=levels, can_edit=can_edit, method=method, charts=charts
        ),
    )
    return {"framework": framework, **parts}


def _overview_parts(
    framework: Framework, *, levels: tuple, can_edit: bool, method: str, charts: bool
) -> dict:
    """The overview of what a reader with these sharing levels and editing right may see, in
    lists (they are cached: no query is left to run)."""
    area = framework.organisation.area
    local_targets = (
        framework.local_targets.filter(sharing__in=levels)
        .select_related("indicator")
        .prefetch_related("sdg_targets__goal", "other_indicators", "factors", "strategies")
        .order_by("pk")
    )
    factors = Factor.objects.filter(framework=framework).filter(
        Q(local_target__sharing__in=levels) | Q(action__sharing__in=levels)
    )
    if not can_edit:
        local_targets = local_targets.exclude(status=LocalTarget.Status.DRAFT)
        factors = factors.exclude(local_target__status=LocalTarget.Status.DRAFT)
    actions = (
        Action.objects.filter(framework=framework, sharing__in=levels)
        .prefetch_related(
            "milestones",
            "partners__organisation",
            "local_targets",
            "factors",
            Prefetch("updates", ProgressUpdate.objects.select_related("author")),
        )
        .order_by("pk")
    )
    return {
        "can_edit": can_edit,
        "method": method,
        "method_label": METHOD_LABELS.get(method, method),
        "priorities": list(
            framework.priorities.filter(sharing__in=levels).select_related("goal", "target")
        ),
        "targets": [
            local_target_progress(local_target, area, method=method, chart=charts)
            for local_target in local_targets
        ],
        "actions": list(actions),
        "factors": list(factors.select_related("local_target", "action")),
        "strategies": list(
            Strategy.objects.filter(framework=framework, sharing__in=levels).prefetch_related(
                "local_targets", "actions"
            )
        ),
    }


def local_targets_in(framework: Framework, pks) -> dict[int, LocalTarget]:
    """The local targets of ``framework`` with these ids (ids of other frameworks are left out)."""
    return {lt.pk: lt for lt in framework.local_targets.filter(pk__in=set(pks))}


def can_view_item(user, item) -> bool:
    """A framework or anything in one (a milestone, partner or progress update through its
    action): what the pages would show ``user``."""
    if isinstance(item, Framework):
        return can_view(user, item)
    if isinstance(item, LocalTarget):
        return can_view_local_target(user, item)
    if isinstance(item, Milestone | Partner | ProgressUpdate):
        return can_view_part(user, item.action)
    return can_view_part(user, item)


ITEM_PATHS = {
    Framework: "organisation__area",
    Milestone: "action__framework__organisation",
    Partner: "action__framework__organisation",
    ProgressUpdate: "action__framework__organisation",
}


def framework_items(model, pks) -> dict[int, object]:
    """Frameworks or their items of one model by id, with what deciding who reads them needs."""
    related = ITEM_PATHS.get(model, "framework__organisation")
    return {item.pk: item for item in model.objects.select_related(related).filter(pk__in=pks)}


# --- what a framework measures, for the join with screened strategies ----------------------------


def visible_local_targets(framework: Framework, user):
    """The framework's local targets ``user`` may read: by their sharing level, and drafts only
    for the framework's editors."""
    local_targets = framework.local_targets.filter(
        sharing__in=sharing_levels(user, framework.organisation)
    )
    if not can_edit_organisation(user, framework.organisation):
        local_targets = local_targets.exclude(status=LocalTarget.Status.DRAFT)
    return local_targets


@dataclass(frozen=True)
class Measurement:
    """What a framework measures: its local targets (those the reader may see) with the SDG
    targets they name and the indicators they follow, and the catalogue's targets of each of
    those indicators."""

    framework: Framework
    local_targets: list[LocalTarget]
    indicators: dict[str, Indicator]  # code -> indicator, every one followed
    indicator_targets: dict[str, frozenset[str]]  # indicator code -> the catalogue's target codes

    def followed(self, local_target: LocalTarget) -> frozenset[str]:
        """The codes of the indicators a local target follows."""
        return frozenset(
            [local_target.indicator.code, *(i.code for i in local_target.other_indicators.all())]
        )


def framework_measurement(framework: Framework, user) -> Measurement:
    local_targets = list(
        visible_local_targets(framework, user)
        .select_related("indicator")
        .prefetch_related("sdg_targets", "other_indicators__targets", "indicator__targets")
        .order_by("pk")
    )
    indicators: dict[str, Indicator] = {}
    for local_target in local_targets:
        indicators[local_target.indicator.code] = local_target.indicator
        for other in local_target.other_indicators.all():
            indicators[other.code] = other
    return Measurement(
        framework=framework,
        local_targets=local_targets,
        indicators=indicators,
        indicator_targets={
            code: frozenset(target.code for target in indicator.targets.all())
            for code, indicator in indicators.items()
        },
    )


def newest_framework_of(user, organisation) -> Framework | None:
    """The newest framework of ``organisation`` that ``user`` may read (None for an organisation
    that is not a municipality, or has none)."""
    if organisation is None or organisation.area_id is None:
        return None
    return frameworks_of_area(user, organisation.area).first()


def editable_frameworks(user, organisation):
    """The frameworks of ``organisation`` that ``user`` may change, the newest first."""
    if not can_edit_organisation(user, organisation):
        return Framework.objects.none()
    return Framework.objects.filter(organisation=organisation).order_by("-start_year")


def editable_strategies(user, organisation=None):
    """The strategies ``user`` may link to (of ``organisation``'s frameworks when given): of their
    own organisation, or of every organisation for the secretariat."""
    strategies = Strategy.objects.select_related("framework__organisation").order_by(
        "framework__organisation__name", "-framework__start_year", "title_da"
    )
    if organisation is not None:
        if not can_edit_organisation(user, organisation):
            return strategies.none()
        return strategies.filter(framework__organisation=organisation)
    if is_secretariat(user):
        return strategies
    if not can_edit_organisation(user, getattr(user, "organisation", None)):
        return strategies.none()
    return strategies.filter(framework__organisation=user.organisation)


def sdg_targets(codes) -> dict[str, Target]:
    """The SDG targets with these codes, with their goals."""
    return {
        target.code: target
        for target in Target.objects.select_related("goal").filter(code__in=list(codes))
    }


def catalogue_indicators_on(codes) -> dict[str, list[Indicator]]:
    """The catalogue's indicators on each of these SDG targets (targets without any left out)."""
    found: dict[str, list[Indicator]] = {}
    for indicator in (
        Indicator.objects.filter(targets__code__in=list(codes))
        .prefetch_related("targets")
        .distinct()
        .order_by("code")
    ):
        for target in indicator.targets.all():
            if target.code in codes:
                found.setdefault(target.code, []).append(indicator)
    return found


@dataclass(frozen=True)
class SuggestedGoal:
    goal: Goal
    words: list[str]
    confirmed: bool


@dataclass(frozen=True)
class GoalSuggestion:
    """The goals an action's description suggests, the words behind each, and the description's
    passages with those words (for marking them)."""

    goals: list[SuggestedGoal]
    passages: list[dict]
    confirmed_at: object

    @property
    def differs(self) -> bool:
        """The confirmed goals are not the suggested ones (or none are confirmed yet)."""
        return self.confirmed_at is None or any(not item.confirmed for item in self.goals)


def goal_suggestion(action: Action) -> GoalSuggestion:
    words = words_by_goal(action.goal_evidence or {})
    confirmed = {goal.number for goal in action.goals.all()}
    goals = {goal.number: goal for goal in Goal.objects.filter(number__in=action.suggested_goals)}
    return GoalSuggestion(
        goals=[
            SuggestedGoal(goals[number], words.get(number, []), number in confirmed)
            for number in action.suggested_goals
            if number in goals
        ],
        passages=(action.goal_evidence or {}).get("passages", []),
        confirmed_at=action.goals_confirmed_at,
    )
