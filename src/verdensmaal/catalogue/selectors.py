"""Reads of the SDG framework and the indicator catalogue."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .models import GlobalIndicator, Goal, Indicator, Target


def goals():
    return Goal.objects.all()


def goal_page(number: int) -> tuple[Goal, Goal | None, Goal | None]:
    """The goal with its targets and their global indicators, and the goals before and after it
    (404 when there is no such goal)."""
    targets = Target.objects.prefetch_related(
        Prefetch("indicators", GlobalIndicator.objects.order_by("position"))
    )
    goal = get_object_or_404(
        Goal.objects.prefetch_related(Prefetch("targets", targets)), number=number
    )
    neighbours = {g.number: g for g in Goal.objects.filter(number__in=(number - 1, number + 1))}
    return goal, neighbours.get(number - 1), neighbours.get(number + 1)


def target(code: str) -> Target:
    return get_object_or_404(Target.objects.select_related("goal"), code=code)


def indicators(*, goal_number: str = "") -> tuple[list[Indicator], Goal | None]:
    """The catalogue with its targets' goals, or only the indicators of one goal when
    ``goal_number`` names one."""
    queryset = Indicator.objects.prefetch_related("targets__goal").order_by("code")
    goal = None
    if goal_number.isdigit():
        goal = Goal.objects.filter(number=int(goal_number)).first()
        if goal is not None:
            queryset = queryset.filter(targets__goal=goal).distinct()
    return list(queryset), goal


def indicator(code: str) -> Indicator:
    """One indicator with its targets and global indicators (404 when unknown)."""
    return get_object_or_404(
        Indicator.objects.prefetch_related("targets__goal", "global_indicators"), code=code
    )


def indicator_for_edit(code: str | None) -> Indicator | None:
    return get_object_or_404(Indicator, code=code) if code else None


def goals_with_targets():
    """The goals, each with its targets and their global indicators, in the UN's order."""
    targets = Target.objects.order_by("position").prefetch_related(
        Prefetch("indicators", GlobalIndicator.objects.order_by("position"))
    )
    return Goal.objects.prefetch_related(Prefetch("targets", targets)).order_by("number")


def indicator_catalogue(*, goal_number: int | None = None):
    """The catalogue with everything an indicator is linked to, in code order."""
    queryset = Indicator.objects.prefetch_related("targets__goal", "global_indicators")
    if goal_number is not None:
        queryset = queryset.filter(targets__goal__number=goal_number).distinct()
    return queryset.order_by("code")


def indicators_by_code(codes) -> dict[str, Indicator]:
    return {i.code: i for i in Indicator.objects.filter(code__in=set(codes))}


def targets_by_code(codes) -> dict[str, Target]:
    return {t.code: t for t in Target.objects.select_related("goal").filter(code__in=set(codes))}


def indicator_codes(pks) -> dict[int, str]:
    return dict(Indicator.objects.filter(pk__in=set(pks)).values_list("pk", "code"))
