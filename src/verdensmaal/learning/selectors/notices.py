"""Reading what revised data changed: the state of a municipality's progress that notices
compare, and the notices an editor sees."""

import numpy as np
from django.utils.translation import gettext as _

from verdensmaal.accounts.models import Organisation, User
from verdensmaal.catalogue.models import Goal
from verdensmaal.core.permissions import is_secretariat
from verdensmaal.frameworks.models import LocalTarget
from verdensmaal.frameworks.selectors import local_target_progress
from verdensmaal.measurement.vocabulary import STATUS_RANK, colour_label, status_display

from ..models import RevisionNotice


def notified_organisations() -> list[Organisation]:
    """The municipalities with someone to tell: an active editor."""
    return list(
        Organisation.objects.filter(
            kind=Organisation.Kind.MUNICIPALITY,
            area__isnull=False,
            users__role=User.Role.EDITOR,
            users__is_active=True,
        )
        .select_related("area")
        .distinct()
        .order_by("pk")
    )


def _whole(value) -> int | None:
    return None if value is None or np.isnan(value) else round(float(value))


def _definition(local_target: LocalTarget) -> str:
    """What a local target's status depends on besides the data."""
    return "|".join(
        str(value)
        for value in (
            local_target.indicator_id, local_target.baseline_year,
            format(local_target.baseline_value.normalize(), "f"),
            format(local_target.target_value.normalize(), "f"), local_target.target_year,
            local_target.direction,
        )
    )  # fmt: skip


def progress_state(organisation: Organisation, board, *, method: str) -> dict:
    """A municipality's SDG index, goal scores, colours and ranks (from the dashboard ``board``)
    and the status of each of its adopted and draft local targets under ``method``: the state
    ``changes.progress_changes`` compares."""
    area = organisation.area
    me = board.row(area)
    state = {
        "index": {"score": _whole(board.index[me]), "rank": int(board.index_rank[me]) or None},
        "goals": {
            str(goal.number): {
                "score": _whole(board.goal_scores[me, g]),
                "colour": str(board.goal_colours[me, g]),
                "rank": int(board.goal_ranks[me, g]) or None,
            }
            for g, goal in enumerate(board.goals)
        },
        "targets": {},
    }
    targets = (
        LocalTarget.objects.filter(framework__organisation=organisation)
        .exclude(status=LocalTarget.Status.RETIRED)
        .select_related("indicator")
    )
    for local_target in targets:
        progress = local_target_progress(local_target, area, method=method, chart=False)
        state["targets"][str(local_target.pk)] = {
            "status": progress.status,
            "definition": _definition(local_target),
            "title": local_target.title_da,
        }
    return state


def notices_for(user):
    """The revision notices ``user`` reads: their municipality's (editors), all (secretariat)."""
    notices = RevisionNotice.objects.select_related("organisation", "data_import")
    if is_secretariat(user):
        return notices
    if user.is_authenticated and user.is_active and user.is_editor and user.organisation_id:
        return notices.filter(organisation_id=user.organisation_id)
    return notices.none()


COLOUR_ORDER = {"red": 0, "orange": 1, "yellow": 2, "green": 3}


def _compared(before, after, *, higher_is_better: bool = True) -> str:
    if before is None or after is None or before == after:
        return ""
    return "better" if (after > before) == higher_is_better else "worse"


def describe(change: dict, goals: dict | None = None) -> tuple[str, str]:
    """A notice's change in the reader's words, and whether it is "better" or "worse"."""
    kind, before, after = change["kind"], change.get("before"), change.get("after")
    if "goal" in change:
        goals = goals if goals is not None else {g.number: g for g in Goal.objects.all()}
        goal = goals.get(change["goal"])
        subject = _("Goal %(number)s, %(name)s") % {
            "number": change["goal"],
            "name": goal.localised("name").text if goal else "",
        }
    if kind == "index_score":
        return _("SDG index: %(before)s → %(after)s points") % {
            "before": before, "after": after
        }, _compared(before, after)  # fmt: skip
    if kind == "index_rank":
        return _("SDG index rank: no. %(before)s → no. %(after)s") % {
            "before": before, "after": after
        }, _compared(before, after, higher_is_better=False)  # fmt: skip
    if kind == "goal_score":
        return _("%(subject)s: score %(before)s → %(after)s") % {
            "subject": subject, "before": before, "after": after
        }, _compared(before, after)  # fmt: skip
    if kind == "goal_rank":
        return _("%(subject)s: rank no. %(before)s → no. %(after)s") % {
            "subject": subject, "before": before, "after": after
        }, _compared(before, after, higher_is_better=False)  # fmt: skip
    if kind == "goal_colour":
        return _("%(subject)s: %(before)s → %(after)s") % {
            "subject": subject, "before": colour_label(before), "after": colour_label(after)
        }, _compared(COLOUR_ORDER.get(before), COLOUR_ORDER.get(after))  # fmt: skip
    if kind == "target_status":
        return _("Local target «%(title)s»: %(before)s → %(after)s") % {
            "title": change.get("title", ""),
            "before": status_display(before)["label"],
            "after": status_display(after)["label"],
        }, _compared(STATUS_RANK.get(before), STATUS_RANK.get(after))
    return kind, ""


def described(notices) -> list[tuple]:
    """Each notice with its changes in words: ``[(notice, [(text, better or worse), ...])]``."""
    goals = {g.number: g for g in Goal.objects.all()}
    return [(notice, [describe(change, goals) for change in notice.changes]) for notice in notices]
