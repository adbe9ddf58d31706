"""Reads of the action and target frameworks, and the progress of their local targets."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verdensmaal.core.charts import line_chart
from verdensmaal.core.permissions import can_edit_organisation, is_secretariat
from verdensmaal.dashboards.labels import STATUS_LABELS, STATUS_RANK
from verdensmaal.dashboards.models import METHOD_LABELS, ProgressSettings
from verdensmaal.data.selectors import series
from verdensmaal.progress import Assessment, assess
from verdensmaal.progress.common import REASONS

from .models import Action, Factor, Framework, LocalTarget, ProgressUpdate, Strategy

REASON_LABELS = dict(
    zip(
        REASONS,
        (
            "",
            gettext_lazy("no data"),
            gettext_lazy("no data from the baseline year on"),
            gettext_lazy("fewer than 2 data points"),
            gettext_lazy("the baseline value is zero or negative"),
            gettext_lazy("the current value is negative"),
            gettext_lazy("the target is negative"),
            gettext_lazy("the target year is not after the baseline year"),
            gettext_lazy("the baseline value and the current value have opposite signs"),
            gettext_lazy("no target given"),
            gettext_lazy("a value from the baseline year on has the opposite sign"),
            gettext_lazy("the target and the baseline value have opposite signs"),
        ),
        strict=True,
    )
)


def visible_frameworks(user):
    """Published frameworks, and the drafts of the municipalities ``user`` may edit."""
    frameworks = Framework.objects.select_related("organisation__area")
    if is_secretariat(user):
        return frameworks
    if user.is_authenticated and user.is_active and user.is_editor:
        return frameworks.filter(Q(published=True) | Q(organisation_id=user.organisation_id))
    return frameworks.filter(published=True)


def can_view(user, framework: Framework) -> bool:
    return framework.published or can_edit_organisation(user, framework.organisation)


def frameworks_of_area(user, area):
    """The frameworks of one municipality that ``user`` may see, the newest first."""
    return visible_frameworks(user).filter(organisation__area=area).order_by("-start_year")


@dataclass(frozen=True)
class TargetProgress:
    local_target: LocalTarget
    assessment: Assessment
    chart: SafeString | None

    @property
    def status(self) -> str:
        return self.assessment.status

    @property
    def rank(self) -> str:
        """How good the status is, 4 best to 0 worst, "none" when not assessed (for colour)."""
        rank = STATUS_RANK.get(self.assessment.status)
        return "none" if rank is None else str(rank)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.assessment.status, self.assessment.status))

    @property
    def reason_label(self) -> str:
        return str(REASON_LABELS.get(self.assessment.reason or "", self.assessment.reason or ""))


def annual_points(points) -> list[tuple[int, float]]:
    """The yearly values of a series (quarters and months left out), without gaps."""
    return [
        (int(period), value)
        for period, value in points
        if len(period) == 4 and period.isdigit() and value is not None
    ]


def local_target_progress(
    local_target: LocalTarget, area, *, method: str = "", chart: bool = True
) -> TargetProgress:
    """Assess a local target on the municipality's series, with its chart against the path.

    The method is the network's default progress method unless one is given. The local target's
    own baseline year is the base year, its target value and year the target.
    """
    method = method or ProgressSettings.current().default_method
    points = annual_points(series(local_target.indicator, [area])[area])
    years = [year for year, _value in points]
    assessment = assess(
        years,
        [value for _year, value in points],
        method=method,
        direction=local_target.direction,
        target=float(local_target.target_value),
        target_year=local_target.target_year,
        base_year=local_target.baseline_year,
    )
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
    return TargetProgress(local_target, assessment, figure)


def framework_overview(framework: Framework, user, *, charts: bool = True) -> dict:
    """Everything the overview page shows; drafts of local targets only to editors."""
    can_edit = can_edit_organisation(user, framework.organisation)
    area = framework.organisation.area
    local_targets = (
        framework.local_targets.select_related("indicator")
        .prefetch_related("sdg_targets__goal", "other_indicators", "factors", "strategies")
        .order_by("pk")
    )
    factors = Factor.objects.filter(framework=framework).select_related("local_target", "action")
    if not can_edit:
        local_targets = local_targets.exclude(status=LocalTarget.Status.DRAFT)
        factors = factors.exclude(local_target__status=LocalTarget.Status.DRAFT)
    actions = (
        Action.objects.filter(framework=framework)
        .prefetch_related(
            "milestones",
            "partners__organisation",
            "local_targets",
            "factors",
            Prefetch("updates", ProgressUpdate.objects.select_related("author")),
        )
        .order_by("pk")
    )
    method = ProgressSettings.current().default_method
    return {
        "framework": framework,
        "can_edit": can_edit,
        "method": method,
        "method_label": METHOD_LABELS.get(method, method),
        "priorities": framework.priorities.select_related("goal", "target"),
        "targets": [
            local_target_progress(local_target, area, method=method, chart=charts)
            for local_target in local_targets
        ],
        "actions": list(actions),
        "factors": factors,
        "strategies": Strategy.objects.filter(framework=framework).prefetch_related(
            "local_targets", "actions"
        ),
    }
