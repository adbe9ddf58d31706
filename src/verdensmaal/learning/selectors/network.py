"""The network in one view: which goals the members prioritise, how they progress against all
municipalities, what they share; and the secretariat's season report."""

from dataclasses import dataclass, field
from datetime import datetime, time

import numpy as np
from django.db.models import Count, Q
from django.utils import timezone

from verdensmaal.accounts.models import Organisation
from verdensmaal.audit.selectors import entries
from verdensmaal.catalogue.models import Goal
from verdensmaal.core.permissions import sharing_filter
from verdensmaal.dashboards.sdg_index import dashboard
from verdensmaal.frameworks.models import Framework, Priority
from verdensmaal.measurement.models import ProgressSettings
from verdensmaal.network.models import Meeting, MeetingRegistration, Season, SeasonRegistration

from ..models import Case, DataNeed, DataNeedSupport, FieldObservation
from .cases import readable_cases
from .common import member_areas, readable_parts


def _mean(values: np.ndarray) -> float | None:
    known = values[~np.isnan(values)]
    return float(known.mean()) if known.size else None


@dataclass
class GoalRow:
    goal: Goal
    prioritised_by: list[str] = field(default_factory=list)
    members_score: float | None = None
    all_score: float | None = None

    @property
    def difference(self) -> float | None:
        if self.members_score is None or self.all_score is None:
            return None
        return self.members_score - self.all_score


@dataclass
class MemberRow:
    organisation: Organisation
    index: float | None
    index_rank: int | None
    cases: int
    observations: int
    data_needs: int
    supports: int
    frameworks: int


@dataclass
class NetworkView:
    goals: list[GoalRow]
    members: list[MemberRow]
    members_index: float | None
    all_index: float | None
    ranked: int
    cases: int


def network_view(user) -> NetworkView:
    """The member municipalities together, as ``user`` may see their priorities and what they
    share (the progress figures are the public SDSN dashboard)."""
    areas = member_areas()
    organisations = list(
        Organisation.objects.filter(area__in=areas).select_related("area").order_by("name")
    )
    board = dashboard(base_year=ProgressSettings.current().base_year)
    rows = [board.row(area) for area in areas]
    goals = [GoalRow(goal) for goal in board.goals]
    priorities = readable_parts(
        user, Priority.objects.filter(framework__organisation__in=organisations)
    ).values_list("goal__number", "framework__organisation__name")
    for number, name in sorted(set(priorities)):
        goals[number - 1].prioritised_by.append(name)
    for g, row in enumerate(goals):
        row.members_score = _mean(board.goal_scores[rows, g]) if rows else None
        row.all_score = _mean(board.goal_scores[:, g])

    cases = dict(
        readable_cases(user)
        .filter(organisation__in=organisations)
        .values_list("organisation")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    observations = dict(
        FieldObservation.objects.filter(organisation__in=organisations)
        .filter(sharing_filter(user))
        .values_list("organisation")
        .annotate(n=Count("pk"))
        .order_by()
    )
    needs = dict(
        DataNeed.objects.filter(organisation__in=organisations)
        .values_list("organisation")
        .annotate(n=Count("pk"))
        .order_by()
    )
    supports = dict(
        DataNeedSupport.objects.filter(organisation__in=organisations)
        .values_list("organisation")
        .annotate(n=Count("pk"))
        .order_by()
    )
    frameworks = dict(
        readable_parts(user, Framework.objects.filter(organisation__in=organisations), framework="")
        .values_list("organisation")
        .annotate(n=Count("pk"))
        .order_by()
    )
    members = []
    for organisation in organisations:
        i = board.row(organisation.area)
        index = board.index[i]
        members.append(
            MemberRow(
                organisation=organisation,
                index=None if np.isnan(index) else float(index),
                index_rank=int(board.index_rank[i]) or None,
                cases=cases.get(organisation.pk, 0),
                observations=observations.get(organisation.pk, 0),
                data_needs=needs.get(organisation.pk, 0),
                supports=supports.get(organisation.pk, 0),
                frameworks=frameworks.get(organisation.pk, 0),
            )
        )
    return NetworkView(
        goals=goals,
        members=members,
        members_index=_mean(board.index[rows]) if rows else None,
        all_index=_mean(board.index),
        ranked=int(np.count_nonzero(~np.isnan(board.index))),
        cases=readable_cases(user).count(),
    )


@dataclass
class MeetingRow:
    meeting: Meeting
    registered: int
    attended: int
    observations: int


@dataclass
class SeasonMemberRow:
    organisation: Organisation
    participants: int
    registrations: int
    attended: int
    cases: int
    observations: int
    data_needs: int
    supports: int
    framework_changes: int


@dataclass
class SeasonReport:
    season: Season
    meetings: list[MeetingRow]
    members: list[SeasonMemberRow]
    cases_added: int

    @property
    def attendance_rate(self) -> float | None:
        registered = sum(m.registered for m in self.meetings if m.meeting.ends_at < timezone.now())
        attended = sum(m.attended for m in self.meetings if m.meeting.ends_at < timezone.now())
        return attended / registered if registered else None


def _season_period(season: Season) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(season.starts_on, time.min, tzinfo=zone),
        datetime.combine(season.ends_on, time.max, tzinfo=zone),
    )


def season_report(season: Season) -> SeasonReport:
    """For the secretariat: attendance at each meeting, and each member's activity in the
    season (participants, registrations, attendance, cases and observations added, data needs
    raised and supported, changes to its frameworks)."""
    start, end = _season_period(season)
    active = ~Q(registrations__status=MeetingRegistration.Status.CANCELLED)
    meetings = (
        season.meetings.annotate(
            registered=Count("registrations", filter=active, distinct=True),
            attended=Count(
                "registrations", filter=Q(registrations__attended_at__isnull=False), distinct=True
            ),
            observations=Count("field_observations", distinct=True),
        )
        .select_related("host")
        .order_by("starts_at", "pk")
    )
    meeting_rows = [MeetingRow(m, m.registered, m.attended, m.observations) for m in meetings]
    in_season = Q(created_at__gte=start, created_at__lte=end)
    members = []
    for membership in season.memberships.select_related("organisation").order_by(
        "organisation__name"
    ):
        organisation = membership.organisation
        registrations = MeetingRegistration.objects.filter(
            meeting__season=season, participant__organisation=organisation
        ).exclude(status=MeetingRegistration.Status.CANCELLED)
        members.append(
            SeasonMemberRow(
                organisation=organisation,
                participants=SeasonRegistration.objects.filter(membership=membership).count(),
                registrations=registrations.count(),
                attended=registrations.filter(attended_at__isnull=False).count(),
                cases=Case.objects.filter(in_season, organisation=organisation).count(),
                observations=FieldObservation.objects.filter(
                    in_season, organisation=organisation
                ).count(),
                data_needs=DataNeed.objects.filter(in_season, organisation=organisation).count(),
                supports=DataNeedSupport.objects.filter(
                    in_season, organisation=organisation
                ).count(),
                framework_changes=entries(action="frameworks.", organisation=organisation)
                .filter(in_season)
                .count(),
            )
        )
    return SeasonReport(
        season=season,
        meetings=meeting_rows,
        members=members,
        cases_added=Case.objects.filter(in_season).count(),
    )
