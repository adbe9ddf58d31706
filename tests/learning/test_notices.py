"""Revision notices: when an import revises values, the editors of each affected municipality
see which of their statuses, scores or ranks changed, in the product and in an e-mail digest
sent by the reminders run, never twice."""

from decimal import Decimal

import pytest
from django.core import mail

from .conftest import observations, page

# Three municipalities with data on two goal 13 indicators, so that scores, colours and ranks
# exist; Vejle's CO2e falls steadily.
DATA = {
    "DK-ENS-CO2E-PERCAP": {
        "630": {2015: "10", 2017: "9.5", 2019: "9", 2021: "8.5", 2023: "8"},
        "657": {2015: "12", 2023: "11"},
        "101": {2015: "9", 2023: "9.5"},
        "751": {2015: "11", 2023: "9"},
    },
}


@pytest.fixture
def vejle_target(editor, vejle_framework, co2):
    from verdensmaal.catalogue.models import Target
    from verdensmaal.frameworks.services import local_target_create

    observations(DATA)
    return local_target_create(
        actor=editor,
        framework=vejle_framework,
        title_da="Ned til 7 i 2027",
        indicator=co2,
        sdg_targets=[Target.objects.get(code="13.2")],
        baseline_year=2015,
        target_value=Decimal("7"),
        target_year=2027,
        status="adopted",
    )


def _status(local_target):
    from verdensmaal.frameworks.selectors import local_target_progress
    from verdensmaal.measurement.models import ProgressSettings

    method = ProgressSettings.current().default_method
    return local_target_progress(
        local_target, local_target.framework.organisation.area, method=method, chart=False
    ).status


def test_an_import_that_revises_values_leaves_a_notice_for_the_municipality(
    vejle_target, django_capture_on_commit_callbacks
):
    from verdensmaal.learning.models import RevisionNotice
    from verdensmaal.learning.services import revision_notices_record

    assert revision_notices_record() == []  # the first run only takes the snapshot
    before = _status(vejle_target)
    with django_capture_on_commit_callbacks(execute=True):
        revision = observations(
            {"DK-ENS-CO2E-PERCAP": {"630": {2021: "10.5", 2023: "11"}}}, "revideret.csv"
        )
    after = _status(vejle_target)
    assert before != after  # the revision turned the target's trend
    notice = RevisionNotice.objects.get()
    assert notice.organisation.name == "Vejle Kommune" and notice.data_import == revision
    assert {
        "kind": "target_status",
        "target": vejle_target.pk,
        "title": "Ned til 7 i 2027",
        "before": before,
        "after": after,
    } in notice.changes
    assert any(
        change["kind"].startswith("goal_") and change["goal"] == 13 for change in notice.changes
    )


def test_nothing_changed_leaves_no_notice(vejle_target):
    from verdensmaal.learning.models import ProgressSnapshot, RevisionNotice
    from verdensmaal.learning.services import revision_notices_record

    assert revision_notices_record() == []
    snapshot = ProgressSnapshot.objects.get(organisation__name="Vejle Kommune")
    assert str(vejle_target.pk) in snapshot.state["targets"]
    assert revision_notices_record() == []  # the same data again
    assert not RevisionNotice.objects.exists()


def test_a_target_changed_by_its_editor_is_not_reported_as_revised_data(vejle_target, editor):
    from verdensmaal.frameworks.services import local_target_update
    from verdensmaal.learning.services import revision_notices_record

    revision_notices_record()
    local_target_update(
        actor=editor,
        local_target=vejle_target,
        version=vejle_target.version,
        target_value=Decimal("1"),
    )
    notices = revision_notices_record()
    assert all(change["kind"] != "target_status" for n in notices for change in n.changes)


def test_the_editors_get_a_digest_once_and_then_only_what_is_new(
    vejle_target, editor, secretariat, django_capture_on_commit_callbacks
):
    from verdensmaal.learning.services import revision_notices_record
    from verdensmaal.network.services import reminders_send

    revision_notices_record()
    with django_capture_on_commit_callbacks(execute=True):
        observations({"DK-ENS-CO2E-PERCAP": {"630": {2021: "10.5", 2023: "11"}}}, "revideret.csv")
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_send()
    assert sent["revision_digests"] == 1
    (digest,) = mail.outbox
    assert digest.to == ["editor@example.org"]
    assert digest.subject == "Reviderede data har ændret fremdriften for Vejle Kommune"
    assert "Lokalt mål «Ned til 7 i 2027»" in digest.body and "revideret.csv" in digest.body
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send()["revision_digests"] == 0  # never twice
    with django_capture_on_commit_callbacks(execute=True):
        observations({"DK-ENS-CO2E-PERCAP": {"630": {2021: "8.5", 2023: "8"}}}, "rettet.csv")
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send()["revision_digests"] == 1
    latest = mail.outbox[-1].body
    assert "rettet.csv" in latest and "revideret.csv" not in latest


def test_the_notices_page_for_the_municipality_s_editors(
    vejle_target, editor, participant, secretariat, django_capture_on_commit_callbacks
):
    from verdensmaal.learning.services import revision_notices_record

    revision_notices_record()
    with django_capture_on_commit_callbacks(execute=True):
        observations({"DK-ENS-CO2E-PERCAP": {"630": {2021: "10.5", 2023: "11"}}}, "revideret.csv")
    shown = page(editor, "/learning/notices/").content.decode()
    assert "Efter importen af revideret.csv" in shown and "Ned til 7 i 2027" in shown
    assert "(dårligere)" in shown
    assert "revideret.csv" in page(secretariat, "/learning/notices/").content.decode()
    assert page(participant, "/learning/notices/").status_code == 403
