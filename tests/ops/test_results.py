"""Results kept under the content version (audit.results): computed once per content version,
language and named parts; a write makes the next read compute afresh; a broken cache never
breaks the page."""

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from verdensmaal.audit.results import kept
from verdensmaal.audit.services import log_action


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"calls": self.calls}


def test_a_result_is_computed_once_for_the_same_parts_and_language():
    compute = Counter()
    with translation.override("da"):
        assert kept("sum", (630, "opensdg"), compute) == {"calls": 1}
        assert kept("sum", (630, "opensdg"), compute) == {"calls": 1}
        assert kept("sum", (630, "unsd"), compute) == {"calls": 2}
        assert kept("other", (630, "opensdg"), compute) == {"calls": 3}
    with translation.override("en"):
        assert kept("sum", (630, "opensdg"), compute) == {"calls": 4}
    assert compute.calls == 4


def test_a_logged_write_makes_the_next_read_compute_afresh(db):
    compute = Counter()
    assert kept("sum", (630,), compute) == {"calls": 1}
    with transaction.atomic():
        log_action(actor=None, action="test.changed")
    assert kept("sum", (630,), compute) == {"calls": 2}
    assert kept("sum", (630,), compute) == {"calls": 2}


def test_a_result_computed_during_a_write_is_not_kept_past_its_commit(
    db, django_capture_on_commit_callbacks
):
    compute = Counter()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        log_action(actor=None, action="test.changed")
        assert kept("sum", (630,), compute) == {"calls": 1}  # read before the commit
    assert kept("sum", (630,), compute) == {"calls": 2}  # the commit retired that version


def test_a_failing_cache_computes_the_result(monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(cache, "get", broken)
    compute = Counter()
    assert kept("sum", (630,), compute) == {"calls": 1}
    assert kept("sum", (630,), compute) == {"calls": 2}


def test_loading_the_reference_data_again_retires_kept_results(reference):
    """load_reference writes without the audit log (it loads files): it sets a new content
    version itself, so a renamed goal or municipality shows at once."""
    from django.core.management import call_command

    compute = Counter()
    assert kept("sum", (630,), compute) == {"calls": 1}
    call_command("load_reference", verbosity=0)
    assert kept("sum", (630,), compute) == {"calls": 2}
