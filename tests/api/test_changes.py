"""The change feed: imports, indicator edits, framework content and the programme in the order
they were written, as far as the caller may read them, with a cursor to follow on."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F

from verdensmaal.audit.models import AuditEntry
from verdensmaal.frameworks import services

from .conftest import _local_target, bearer, observations


def _feed(client, query="", **headers) -> dict:
    response = client.get(f"/api/v1/changes?limit=1000{query}", **headers)
    assert response.status_code == 200, response.content
    return response.json()


def _kinds(items) -> list[tuple[str, str]]:
    return [(item["kind"], item["id"]) for item in items]


def _settle():
    """Age every entry past the feed's settling time, keeping their order."""
    AuditEntry.objects.update(created_at=F("created_at") - timedelta(minutes=1))


def test_imports_and_indicator_edits_in_the_order_made(client, secretariat):
    from verdensmaal.catalogue.models import Indicator
    from verdensmaal.catalogue.services import indicator_save

    data_import = observations("DK-ENS-CO2E-PERCAP", "630", {2020: "10"})
    indicator = Indicator.objects.get(code="DK-ENS-CO2E-PERCAP")
    indicator_save(
        actor=secretariat, indicator=indicator, targets=list(indicator.targets.all()),
        name_en="CO2e (edited)",
    )  # fmt: skip
    items = _feed(client)["items"]
    assert _kinds(items)[-2:] == [
        ("observations.imported", str(data_import.pk)),
        ("indicator.updated", "DK-ENS-CO2E-PERCAP"),
    ]
    assert items[-2]["link"] == f"/api/v1/imports/{data_import.pk}"
    assert items[-1]["link"] == "/api/v1/indicators/DK-ENS-CO2E-PERCAP"
    assert client.get(items[-2]["link"]).status_code == 200
    times = [item["time"] for item in items]
    assert times == sorted(times)


def test_the_public_sees_framework_changes_from_publication_on(
    client, editor, vejle, co2, participant
):
    framework = services.framework_create(
        actor=editor, organisation=vejle, title_da="Ramme", start_year=2021, end_year=2030,
        sharing="network",
    )  # fmt: skip
    before = _local_target(editor, framework, co2, "Før", sharing="public")
    framework.refresh_from_db()
    services.framework_publish(actor=editor, framework=framework, version=framework.version)
    after = _local_target(editor, framework, co2, "Efter", sharing="public")
    public = _kinds(_feed(client)["items"])
    assert ("local_target.created", str(before.pk)) not in public  # made before publication
    assert ("framework.published", str(framework.pk)) in public
    assert ("local_target.created", str(after.pk)) in public
    assert ("framework.created", str(framework.pk)) not in public
    member = _kinds(_feed(client, **bearer(participant))["items"])
    assert ("local_target.created", str(before.pk)) in member
    assert ("framework.created", str(framework.pk)) in member


def test_leaving_someones_sight_is_told_as_withdrawn(client, editor, shared, participant):
    framework = shared["framework"]
    public_target = shared["targets"]["public"]
    network_target = shared["targets"]["network"]
    services.local_target_update(
        actor=editor, local_target=public_target, version=public_target.version, status="draft"
    )
    services.local_target_update(
        actor=editor, local_target=network_target, version=network_target.version,
        sharing="private",
    )  # fmt: skip
    public = _kinds(_feed(client)["items"])
    assert ("local_target.withdrawn", str(public_target.pk)) in public
    assert ("local_target.withdrawn", str(network_target.pk)) not in public  # never public
    framework.refresh_from_db()
    services.framework_withdraw(actor=editor, framework=framework, version=framework.version)
    public = _kinds(_feed(client)["items"])
    assert ("framework.withdrawn", str(framework.pk)) in public
    # the framework's withdrawal covers its parts: nothing more is said of them
    assert not [i for kind, i in public if kind.startswith("local_target.")]
    member = _kinds(_feed(client, **bearer(participant))["items"])
    assert ("local_target.withdrawn", str(public_target.pk)) in member
    assert ("local_target.withdrawn", str(network_target.pk)) in member
    assert ("framework.withdrawn", str(framework.pk)) in member
    own = _kinds(_feed(client, **bearer(editor))["items"])
    assert ("local_target.updated", str(public_target.pk)) in own
    assert ("local_target.withdrawn", str(public_target.pk)) not in own  # still theirs


def test_following_the_feed_with_since(client, secretariat, reference):
    first = observations("DK-ENS-CO2E-PERCAP", "630", {2020: "10"})
    _settle()
    page = _feed(client)
    assert page["items"][-1]["id"] == str(first.pk)
    second = observations("DK-ENS-CO2E-PERCAP", "630", {2021: "9"})
    _settle()
    onwards = _feed(client, f"&since={page['next_cursor']}")
    assert _kinds(onwards["items"]) == [("observations.imported", str(second.pk))]
    assert _feed(client, f"&since={onwards['next_cursor']}")["items"] == []
    from_item = _feed(client, f"&since={page['items'][-1]['cursor']}")
    assert _kinds(from_item["items"]) == [("observations.imported", str(second.pk))]
    entry = AuditEntry.objects.get(object_id=str(second.pk), action="data.import.applied")
    moment = (entry.created_at - timedelta(seconds=1)).isoformat()
    by_time = _feed(client, f"&since={moment.replace('+', '%2B')}")
    assert _kinds(by_time["items"]) == [("observations.imported", str(second.pk))]
    assert _feed(client, f"&since={moment}")["items"] == by_time["items"]  # "+" sent raw


def test_the_cursor_waits_for_the_newest_entries_to_settle(client, reference):
    old = observations("DK-ENS-CO2E-PERCAP", "630", {2020: "10"})
    _settle()
    fresh = observations("DK-ENS-CO2E-PERCAP", "630", {2021: "9"})
    page = _feed(client)
    assert [item["id"] for item in page["items"]][-2:] == [str(old.pk), str(fresh.pk)]
    again = _feed(client, f"&since={page['next_cursor']}")  # the fresh one comes again
    assert [item["id"] for item in again["items"]] == [str(fresh.pk)]


def test_the_programme_is_in_the_feed(client, secretariat):
    from datetime import date

    from verdensmaal.network.services import season_create

    season = season_create(
        actor=secretariat, name="2030-31", title_da="Sæson", starts_on=date(2030, 8, 1),
        ends_on=date(2031, 6, 30), base_price=Decimal("10000.00"),
        further_discount=Decimal("0.25"),
    )  # fmt: skip
    items = _feed(client)["items"]
    assert items[-1]["kind"] == "season.created"
    assert client.get(items[-1]["link"]).json()["id"] == season.pk


@pytest.mark.parametrize("since", ["yesterday", "2024-13-01", "9999-12-31T23:59:59-05:00"])
def test_a_bad_since_is_422(client, reference, since):
    response = client.get(f"/api/v1/changes?since={since}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "since"
