"""Every code the progress engine can return has words, a rank and an arrow for the reader."""

from django.utils import translation

from verdensmaal.measurement.vocabulary import (
    METHOD_LABELS,
    REASON_LABELS,
    STATUS_LABELS,
    STATUS_RANK,
    reason_label,
    status_display,
)
from verdensmaal.progress import METHODS, REASONS


def test_every_method_has_a_label():
    assert set(METHOD_LABELS) == set(METHODS)


def test_every_status_of_every_method_has_a_label_and_a_rank():
    statuses = {status for module in METHODS.values() for status in module.STATUSES}
    assert statuses <= set(STATUS_LABELS)
    assert statuses <= set(STATUS_RANK)


def test_every_reason_has_a_label_keyed_by_its_code():
    assert set(REASONS) - {""} == set(REASON_LABELS)
    with translation.override("da"):
        assert reason_label("no data") == "ingen data"
        assert reason_label(None) == ""


def test_a_status_badge_shows_label_rank_and_arrow():
    with translation.override("en"):
        shown = status_display("on_track")
        assert (str(shown["label"]), shown["rank"], shown["arrow"]) == ("On track", 4, "↑")
        missing = status_display("not_available")
        assert (missing["rank"], missing["arrow"]) == (None, "·")
