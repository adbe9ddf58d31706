"""Display labels for the statuses of the progress engine, translated at display time."""

from django.utils.translation import gettext_lazy as _

STATUS_LABELS = {
    # all methods
    "not_available": _("Not enough data"),
    # unsd
    "target_met": _("Target met"),
    "on_track": _("On track"),
    "fair_progress": _("Fair progress, acceleration needed"),
    "limited_progress": _("Limited or no progress"),
    "deterioration": _("Deterioration"),
    # opensdg
    "target_achieved": _("Target achieved"),
    "substantial_progress": _("Substantial progress"),
    "moderate_progress": _("Moderate progress"),
    # sdsn trends
    "moderately_improving": _("Moderately improving"),
    "stagnating": _("Stagnating"),
    "decreasing": _("Decreasing"),
}

# How good a status is, for colouring and sorting: 4 best, 0 worst, None not assessed.
STATUS_RANK = {
    "target_met": 4, "target_achieved": 4, "on_track": 4, "substantial_progress": 3,
    "fair_progress": 2, "moderate_progress": 2, "moderately_improving": 2,
    "limited_progress": 1, "stagnating": 1, "deterioration": 0, "decreasing": 0,
    "not_available": None,
}  # fmt: skip

ARROWS = {4: "↑", 3: "↗", 2: "↗", 1: "→", 0: "↓", None: "·"}


def status_display(status: str) -> dict:
    rank = STATUS_RANK.get(status)
    return {
        "code": status,
        "label": STATUS_LABELS.get(status, status),
        "rank": rank,
        "arrow": ARROWS[rank],
    }
