"""Reading cases: who may read which, the search, and a case's evidence from the indicator data.

A municipality's size class is its latest population (Statistics Denmark, FOLK1A, the catalogue's
``DK-FOLK1A-POPULATION``) in the bands of ``SIZE_CLASSES``, which follow the usual Danish
grouping of municipalities by inhabitants.
"""

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

import numpy as np
from django.db.models import Prefetch, Q
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Indicator
from verdensmaal.core.permissions import sharing_filter, sharing_levels
from verdensmaal.dashboards.selectors import similar_municipalities
from verdensmaal.data.selectors import observation_cube

from .. import measures
from ..charts import evidence_chart
from ..models import Case, CaseMaterial
from .common import municipalities, readable_local_targets, years

POPULATION_INDICATOR = "DK-FOLK1A-POPULATION"
SIZE_CLASSES = {  # inhabitants: from (inclusive), to (exclusive)
    "small": (gettext_lazy("Under 30,000 inhabitants"), 0, 30_000),
    "medium": (gettext_lazy("30,000 to 60,000 inhabitants"), 30_000, 60_000),
    "large": (gettext_lazy("60,000 to 100,000 inhabitants"), 60_000, 100_000),
    "largest": (gettext_lazy("100,000 inhabitants or more"), 100_000, float("inf")),
}
SEARCHED_FIELDS = (
    "title_da", "title_en", "summary_da", "summary_en", "rationale_da", "rationale_en",
    "results_da", "results_en", "lessons_da", "lessons_en", "organisation__name",
    "partners__name", "factors__text",
)  # fmt: skip


def readable_cases(user):
    """The cases ``user`` may read: published ones, those shared with the network's members
    when they are one, and all of their own organisation's."""
    return Case.objects.filter(sharing_filter(user)).select_related(
        "organisation__area__parent", "action", "meeting"
    )


def can_view_case(user, case: Case) -> bool:
    return case.sharing in sharing_levels(user, case.organisation)


def case_by_id(pk: int) -> Case | None:
    """Any case, readable or not (the caller checks)."""
    return (
        Case.objects.select_related("organisation__area__parent", "action__framework", "meeting")
        .prefetch_related(
            "goals",
            "targets__goal",
            "indicators",
            "partners",
            "factors",
            Prefetch("materials", CaseMaterial.objects.order_by("created_at", "pk")),
        )
        .filter(pk=pk)
        .first()
    )


def material_by_id(pk: int) -> CaseMaterial | None:
    return CaseMaterial.objects.select_related("case__organisation").filter(pk=pk).first()


def size_areas(size: str) -> list[int]:
    """The ids of the municipalities in a size class by their latest population."""
    if size not in SIZE_CLASSES:
        return []
    _label, low, high = SIZE_CLASSES[size]
    population = Indicator.objects.filter(code=POPULATION_INDICATOR).first()
    if population is None:
        return []
    areas = municipalities()
    values = observation_cube([population.pk], [a.pk for a in areas], years())[:, 0, :]
    present = ~np.isnan(values)
    latest = np.array(
        [row[mask][-1] if mask.any() else np.nan for row, mask in zip(values, present, strict=True)]
    )
    return [a.pk for a, value in zip(areas, latest, strict=True) if low <= value < high]


@dataclass(frozen=True)
class CaseSearch:
    words: str = ""
    goal: int | None = None
    target: str = ""
    indicator: str = ""
    region: str = ""
    size: str = ""
    municipality: str = ""

    @property
    def any(self) -> bool:
        return any(
            (self.words, self.goal, self.target, self.indicator, self.region, self.size,
             self.municipality)
        )  # fmt: skip


def case_search(user, search: CaseSearch):
    """The readable cases that match every given filter and every word (in Danish or English,
    in any of the case's texts, its organisation's name, its partners or its drivers and
    barriers), newest first."""
    cases = readable_cases(user)
    for word in search.words.split():
        cases = cases.filter(reduce(or_, (Q(**{f"{f}__icontains": word}) for f in SEARCHED_FIELDS)))
    filters = []
    if search.goal:
        filters.append(Q(goals__number=search.goal))
    if search.target:
        filters.append(Q(targets__code=search.target))
    if search.indicator:
        filters.append(Q(indicators__code=search.indicator))
    if search.region:
        filters.append(Q(organisation__area__parent__code=search.region))
    if search.municipality:
        filters.append(Q(organisation__area__code=search.municipality))
    if search.size:
        filters.append(Q(organisation__area_id__in=size_areas(search.size)))
    if filters:
        cases = cases.filter(reduce(and_, filters))
    return (
        Case.objects.filter(pk__in=cases.values("pk"))
        .select_related("organisation__area__parent")
        .prefetch_related("goals", "indicators")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class Evidence:
    """A case's results on one indicator: the municipality against similar municipalities,
    before the case started and since."""

    indicator: Indicator
    own: measures.BeforeAfter | None
    similar: measures.BeforeAfter | None
    similar_names: list[str]
    chart: SafeString | None

    @property
    def outpaced(self) -> float | None:
        """How much more the municipality's pace rose than the similar municipalities' (per
        year, better direction); None when unknown."""
        if self.own is None or self.similar is None:
            return None
        value = self.own.difference - self.similar.difference
        return None if np.isnan(value) else float(value)


def case_evidence(case: Case) -> list[Evidence]:
    """For each of the case's indicators with a direction: the municipality's series and the
    mean of its similar municipalities, and each one's improvement per year before the case
    started and since (``measures.before_after``)."""
    area = case.organisation.area
    if area is None:
        return []
    similar = [s.area for s in similar_municipalities(area)]
    span = years()
    areas = [area, *similar]
    indicators = list(case.indicators.all())
    cube = observation_cube([i.pk for i in indicators], [a.pk for a in areas], span)
    started = case.started_on.year if case.started_on else None
    found = []
    for k, indicator in enumerate(indicators):
        own_values = cube[0, k]
        similar_values = (
            measures.mean_series(cube[1:, k]) if similar else np.full(len(span), np.nan)
        )
        shown = [i for i, year in enumerate(span) if year >= (started or span[-1]) - 10]
        with_data = [i for i in shown if not np.isnan(own_values[i])]
        if not with_data:
            found.append(Evidence(indicator, None, None, [], None))
            continue
        first = with_data[0]
        name_similar = _("Mean of %(count)s similar municipalities") % {"count": len(similar)}
        series = {str(area): [(span[i], own_values[i]) for i in range(first, len(span))]}
        if similar:
            series[name_similar] = [(span[i], similar_values[i]) for i in range(first, len(span))]
        directed = indicator.direction in (measures.HIGHER, measures.LOWER)
        own = similar_result = None
        if directed and started:
            own = measures.before_after(span, own_values, started=started,
                                        direction=indicator.direction)  # fmt: skip
            if similar:
                similar_result = measures.before_after(
                    span, similar_values, started=started, direction=indicator.direction
                )
        chart = evidence_chart(
            series, started=started, unit=indicator.localised("unit").text,
            title=_("%(indicator)s in %(area)s and similar municipalities")
            % {"indicator": indicator.localised("name").text, "area": area},
        )  # fmt: skip
        found.append(Evidence(indicator, own, similar_result, [str(a) for a in similar], chart))
    return found


def case_initial_from_action(action) -> dict:
    """What a new case of ``action`` starts from: its title, description, period, budget,
    partners, drivers and barriers, and the indicators and SDG targets of its local targets."""
    local_targets = list(
        action.local_targets.select_related("indicator").prefetch_related(
            "sdg_targets__goal", "other_indicators"
        )
    )
    indicators = {}
    targets = {}
    for local_target in local_targets:
        indicators[local_target.indicator.code] = local_target.indicator
        for other in local_target.other_indicators.all():
            indicators.setdefault(other.code, other)
        for target in local_target.sdg_targets.all():
            targets[target.code] = target
    return {
        "title_da": action.title_da,
        "title_en": action.title_en,
        "summary_da": action.description,
        "summary_en": action.description_en,
        "started_on": action.start_date,
        "ended_on": action.end_date,
        "cost": action.budget,
        "sharing": action.sharing,
        "indicators": sorted(indicators),
        "targets": ", ".join(
            t.code for t in sorted(targets.values(), key=lambda t: (t.goal.number, t.position))
        ),
        "partners": "\n".join(
            f"{partner}; {partner.role}" if partner.role else str(partner)
            for partner in action.partners.all()
        ),
        "drivers": "\n".join(f.text for f in action.factors.all() if f.effect == f.Effect.DRIVER),
        "barriers": "\n".join(f.text for f in action.factors.all() if f.effect == f.Effect.BARRIER),
    }


def cases_of_action(user, action) -> list[Case]:
    return list(readable_cases(user).filter(action=action))


def cases_for_meeting(user, meeting) -> list[Case]:
    """The readable cases linked to a meeting, and, for a field visit, its host's cases."""
    linked = Q(meeting=meeting)
    if meeting.host_id:
        linked |= Q(organisation_id=meeting.host_id)
    return list(readable_cases(user).filter(linked).order_by("-created_at", "-pk"))


def readable_local_targets_of(user, organisation):
    """``organisation``'s local targets ``user`` may read (for linking a data need to one)."""
    from verdensmaal.frameworks.models import LocalTarget

    return readable_local_targets(
        user, LocalTarget.objects.filter(framework__organisation=organisation)
    ).select_related("indicator")


def region_choices() -> list[Area]:
    return list(Area.objects.filter(kind=Area.Kind.REGION).order_by("code"))
