"""Reads of the action and target frameworks, and the progress of their local targets."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from verdensmaal.core.charts import line_chart
from verdensmaal.core.permissions import (
    can_edit_organisation,
    sharing_filter,
    sharing_levels,
)
from verdensmaal.data.selectors import series
from verdensmaal.measurement.models import ProgressSettings
from verdensmaal.measurement.vocabulary import METHOD_LABELS, reason_label, status_display
from verdensmaal.progress import Assessment, assess

from .models import Action, Factor, Framework, LocalTarget, ProgressUpdate, Strategy


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


def local_target_progress(
    local_target: LocalTarget,
    area,
    *,
    method: str = "",
    chart: bool = True,
    until: int | None = None,
) -> TargetProgress:
    """Assess a local target on the municipality's series, with its chart against the path.

    The method is the network's default progress method unless one is given. The local target's
    own baseline year is the base year, its target value and year the target. ``until`` leaves
    out the years after it (a report of that year).
    """
    method = method or ProgressSettings.current().default_method
    points = annual_points(series(local_target.indicator, [area])[area])
    if until is not None:
        points = [(year, value) for year, value in points if year <= until]
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
    levels = sharing_levels(user, framework.organisation)
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
    factors = factors.select_related("local_target", "action")
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
    method = ProgressSettings.current().default_method
    return {
        "framework": framework,
        "can_edit": can_edit,
        "method": method,
        "method_label": METHOD_LABELS.get(method, method),
        "priorities": framework.priorities.filter(sharing__in=levels).select_related(
            "goal", "target"
        ),
        "targets": [
            local_target_progress(local_target, area, method=method, chart=charts)
            for local_target in local_targets
        ],
        "actions": list(actions),
        "factors": factors,
        "strategies": Strategy.objects.filter(
            framework=framework, sharing__in=levels
        ).prefetch_related("local_targets", "actions"),
    }
