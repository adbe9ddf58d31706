"""What the progress engine's codes mean to a reader: status labels, how good each status is
(its rank), the arrow shown with it, the reasons for "not enough data", and the method names.
Everything is translated when it is shown; the engine's codes stay language-neutral data."""

from django.utils.translation import gettext_lazy as _

from verdensmaal.progress import common

METHOD_LABELS = {
    "opensdg": _("Open SDG (Statistics Canada)"),
    "unsd": _("UN SDG Progress Chart"),
    "sdsn": _("SDSN SDG Index trend"),
}

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

# Why a series is "not enough data", keyed by the engine's reason constants.
REASON_LABELS = {
    common.REASON_NO_DATA: _("no data"),
    common.REASON_NO_DATA_AFTER_BASE: _("no data from the baseline year on"),
    common.REASON_TOO_FEW_POINTS: _("fewer than 2 data points"),
    common.REASON_BASE_NOT_POSITIVE: _("the baseline value is zero or negative"),
    common.REASON_CURRENT_NEGATIVE: _("the current value is negative"),
    common.REASON_TARGET_NEGATIVE: _("the target is negative"),
    common.REASON_TARGET_YEAR: _("the target year is not after the baseline year"),
    common.REASON_OPPOSITE_SIGNS: _("the baseline value and the current value have opposite signs"),
    common.REASON_NO_TARGET: _("no target given"),
    common.REASON_SIGN_CHANGE: _("a value from the baseline year on has the opposite sign"),
    common.REASON_TARGET_OPPOSITE_SIGN: _("the target and the baseline value have opposite signs"),
}


def status_display(status: str) -> dict:
    """What a badge shows for a status code: its code, label, rank and arrow."""
    rank = STATUS_RANK.get(status)
    return {
        "code": status,
        "label": STATUS_LABELS.get(status, status),
        "rank": rank,
        "arrow": ARROWS[rank],
    }


def reason_label(reason: str | None) -> str:
    """The reader's words for an engine reason ("" when assessed)."""
    if not reason:
        return ""
    return str(REASON_LABELS.get(reason, reason))


# The SDSN dashboard colours in words (colour is never the only carrier of meaning).
COLOUR_LABELS = {
    "green": _("Achieved"),
    "yellow": _("Challenges remain"),
    "orange": _("Significant challenges"),
    "red": _("Major challenges"),
    "not_available": _("Not rated"),
}


def colour_label(colour: str) -> str:
    return str(COLOUR_LABELS.get(colour, COLOUR_LABELS["not_available"]))
