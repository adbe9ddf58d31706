"""Shared ambition: every readable local target on one indicator side by side, the change per
year it needs against the change achieved so far, read against what the municipalities managed
(``measures.ambition``)."""

from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.utils.safestring import SafeString

from verdensmaal.catalogue.models import Indicator
from verdensmaal.frameworks.models import LocalTarget

from .. import measures
from ..charts import ambition_chart
from .common import member_areas, municipalities, readable_local_targets
from .peers import data_years


@dataclass(frozen=True)
class AmbitionRow:
    local_target: LocalTarget
    ambition: measures.Ambition
    is_member: bool

    @property
    def area(self):
        return self.local_target.framework.organisation.area

    @property
    def label(self) -> str:
        return f"{self.area} ({self.local_target.baseline_year}–{self.local_target.target_year})"


@dataclass(frozen=True)
class AmbitionComparison:
    indicator: Indicator
    rows: list[AmbitionRow]
    reference: measures.Reference
    reference_start: int | None
    reference_end: int | None
    chart: SafeString | None


def indicators_with_targets(user) -> list[tuple[Indicator, int]]:
    """The indicators of local targets ``user`` may read, with how many of those there are."""
    counts = Counter(
        readable_local_targets(user, LocalTarget.objects.all()).values_list(
            "indicator_id", flat=True
        )
    )
    indicators = Indicator.objects.filter(
        pk__in=counts, direction__in=(measures.HIGHER, measures.LOWER)
    ).order_by("code")
    return [(indicator, counts[indicator.pk]) for indicator in indicators]


def ambition_comparison(user, indicator: Indicator) -> AmbitionComparison:
    """Each readable local target on ``indicator`` with its required and achieved pace and its
    level against the municipalities' improvements over the latest ``REFERENCE_YEARS``."""
    areas = municipalities()
    span, values = data_years(indicator, areas)
    with_data = [y for k, y in enumerate(span) if not np.isnan(values[:, k]).all()]
    reference, ref_start, ref_end = measures.reference(np.array([])), None, None
    directed = indicator.direction in (measures.HIGHER, measures.LOWER)
    if with_data and directed:
        ref_end = with_data[-1]
        ref_start = ref_end - measures.REFERENCE_YEARS
        found = measures.improvement(
            span, values, start=ref_start, end=ref_end, direction=indicator.direction
        )
        reference = measures.reference(found.per_year)
    targets = (
        readable_local_targets(user, LocalTarget.objects.filter(indicator=indicator))
        .select_related("framework__organisation__area")
        .order_by("framework__organisation__name", "target_year", "pk")
    )
    at = {area.pk: row for row, area in enumerate(areas)}
    unknown = measures.reference(np.array([]))
    members = {a.pk for a in member_areas()}
    rows = []
    for local_target in targets:
        area = local_target.framework.organisation.area
        if area is None or not directed:
            continue
        pace = measures.ambition(
            baseline_year=local_target.baseline_year,
            baseline_value=float(local_target.baseline_value),
            target_year=local_target.target_year,
            target_value=float(local_target.target_value),
            direction=local_target.direction,
            years=span,
            values=values[at[area.pk]],
            # against the municipalities only when the target counts the way the indicator does
            ref=reference if local_target.direction == indicator.direction else unknown,
        )
        rows.append(AmbitionRow(local_target, pace, area.pk in members))
    rows.sort(key=lambda r: (-r.ambition.required, r.label))
    chart = None
    if rows:
        chart = ambition_chart(
            [(r.label, r.ambition.required, r.ambition.achieved) for r in rows],
            unit=indicator.localised("unit").text,
            median=reference.median if reference.count else None,
            high=reference.high if reference.count else None,
        )
    return AmbitionComparison(indicator, rows, reference, ref_start, ref_end, chart)
