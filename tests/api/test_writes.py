"""Writes with a personal token, through the frameworks' services and their permission checks:
401 without a token, 403 for another municipality, 404 for an unknown id, 409 for a stale
version, 422 naming the field for bad input, and never a 500."""

import json

import pytest

from verdensmaal.audit.models import AuditEntry
from verdensmaal.frameworks.models import Action, LocalTarget, ProgressUpdate

from .conftest import bearer

NEW_TARGET = {
    "title_da": "Flere cykelstier",
    "sdg_targets": ["11.2", "13.2"],
    "indicator": "DK-ENS-CO2E-PERCAP",
    "baseline_year": 2020,
    "target_value": "6.5",
    "target_year": 2030,
    "status": "adopted",
    "sharing": "public",
}


def _post(client, url, body, headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def _patch(client, url, body, headers):
    return client.patch(url, json.dumps(body), content_type="application/json", **headers)


def test_an_editor_adds_a_local_target_through_the_service(client, editor, framework, co2):
    response = _post(
        client, f"/api/v1/frameworks/{framework.pk}/local-targets", NEW_TARGET, bearer(editor)
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["Location"] == f"/api/v1/local-targets/{body['id']}"
    assert body["baseline_value"] == "10.0000"  # taken from Vejle's observation in 2020
    assert body["direction"] == "lower"  # the indicator's
    assert body["sdg_targets"] == ["11.2", "13.2"]
    assert body["progress"]["status"]["method"] == body["progress"]["default_method"]
    assert {m["method"] for m in body["progress"]["methods"]} == {"unsd", "opensdg", "sdsn"}
    stored = LocalTarget.objects.get(pk=body["id"])
    assert stored.title_da == "Flere cykelstier"
    entry = AuditEntry.objects.get(action="frameworks.local_target.created")
    assert entry.actor == editor and entry.object_id == str(stored.pk)
    # what was written reads back the same
    assert client.get(response["Location"], **bearer(editor)).json() == body


def test_changing_a_local_target_needs_the_version_read(client, editor, shared):
    local_target = shared["targets"]["public"]
    url = f"/api/v1/local-targets/{local_target.pk}"
    headers = bearer(editor)
    version = client.get(url).json()["version"]
    changed = _patch(client, url, {"version": version, "title_en": "Public target"}, headers)
    assert changed.status_code == 200, changed.json()
    assert changed.json()["title"]["en"] == "Public target"
    assert changed.json()["version"] == version + 1
    stale = _patch(client, url, {"version": version, "title_en": "Overwrite"}, headers)
    assert stale.status_code == 409
    assert "Someone else changed this" in stale.json()["detail"]
    local_target.refresh_from_db()
    assert local_target.title_en == "Public target"


def test_actions_and_progress_updates(client, editor, shared):
    framework = shared["framework"]
    headers = bearer(editor)
    target = shared["targets"]["public"]
    created = _post(
        client,
        f"/api/v1/frameworks/{framework.pk}/actions",
        {"title_da": "Ladestandere", "budget": 250000, "local_targets": [target.pk],
         "start_date": "2025-01-01", "sharing": "public"},
        headers,
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    action = created.json()
    assert action["budget"] == "250000.00" and action["local_targets"] == [target.pk]
    update = _post(
        client,
        f"/api/v1/actions/{action['id']}/progress-updates",
        {"date": "2025-06-01", "percent_complete": 25, "note": "Første 10 opsat"},
        headers,
    )
    assert update.status_code == 201, update.json()
    assert [u["percent_complete"] for u in update.json()["progress_updates"]] == [25]
    assert ProgressUpdate.objects.get(note="Første 10 opsat").author == editor
    changed = _patch(
        client,
        f"/api/v1/actions/{action['id']}",
        {"version": action["version"], "status": "in_progress", "budget": None},
        headers,
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["status"] == "in_progress" and changed.json()["budget"] is None
    assert Action.objects.get(pk=action["id"]).status == "in_progress"


def test_anonymous_writes_get_401_and_change_nothing(client, shared):
    framework = shared["framework"]
    target = shared["targets"]["public"]
    action = shared["actions"]["public"]
    before = AuditEntry.objects.count()
    for response in (
        _post(client, f"/api/v1/frameworks/{framework.pk}/local-targets", NEW_TARGET, {}),
        _patch(client, f"/api/v1/local-targets/{target.pk}", {"version": 1}, {}),
        _post(client, f"/api/v1/frameworks/{framework.pk}/actions", {"title_da": "x"}, {}),
        _patch(client, f"/api/v1/actions/{action.pk}", {"version": 1}, {}),
        _post(client, f"/api/v1/actions/{action.pk}/progress-updates", {}, {}),
    ):
        assert response.status_code == 401
        assert response.json()["detail"].startswith("Writing needs a personal API token")
    assert AuditEntry.objects.count() == before


def test_another_municipality_gets_403_as_on_the_pages(client, shared, herning_editor):
    framework = shared["framework"]
    headers = bearer(herning_editor)
    target = shared["targets"]["private"]  # not even readable for them: 403 as the edit page
    responses = [
        _post(client, f"/api/v1/frameworks/{framework.pk}/local-targets", NEW_TARGET, headers),
        _patch(client, f"/api/v1/local-targets/{target.pk}", {"version": 1}, headers),
        _post(client, f"/api/v1/frameworks/{framework.pk}/actions", {"title_da": "x"}, headers),
        _post(
            client,
            f"/api/v1/actions/{shared['actions']['public'].pk}/progress-updates",
            {"date": "2025-01-01", "percent_complete": 1, "note": "x"},
            headers,
        ),
    ]
    assert [r.status_code for r in responses] == [403] * 4
    page = client.__class__()
    page.force_login(herning_editor)
    assert page.get(f"/frameworks/targets/{target.pk}/edit/").status_code == 403


def test_a_participant_may_not_write_even_for_their_own_municipality(
    client, participant, secretariat, herning
):
    from verdensmaal.frameworks.services import framework_create

    own = framework_create(
        actor=secretariat, organisation=herning, title_da="Hernings ramme", start_year=2021,
        end_year=2030,
    )  # fmt: skip
    response = _post(
        client, f"/api/v1/frameworks/{own.pk}/actions", {"title_da": "x"}, bearer(participant)
    )
    assert response.status_code == 403


def test_the_secretariat_writes_for_every_municipality(client, secretariat, shared):
    response = _post(
        client,
        f"/api/v1/frameworks/{shared['framework'].pk}/actions",
        {"title_da": "Sekretariatets handling"},
        bearer(secretariat),
    )
    assert response.status_code == 201


def test_unknown_ids_are_404(client, editor, reference):
    headers = bearer(editor)
    responses = [
        _post(client, "/api/v1/frameworks/999999/actions", {"title_da": "x"}, headers),
        _patch(client, "/api/v1/actions/999999", {"version": 1}, headers),
        _patch(client, "/api/v1/local-targets/999999", {"version": 1}, headers),
        _post(client, "/api/v1/actions/999999/progress-updates", {"date": "2025-01-01",
              "percent_complete": 1, "note": "x"}, headers),
    ]  # fmt: skip
    assert [response.status_code for response in responses] == [404] * 4


def _fields(response) -> set[str]:
    assert response.status_code == 422, response.content
    return {error["field"] for error in response.json()["errors"]}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**NEW_TARGET, "indicator": "NO-SUCH-INDICATOR"}, "indicator"),
        ({**NEW_TARGET, "sdg_targets": ["13.2", "99.9"]}, "sdg_targets"),
        ({**NEW_TARGET, "sdg_targets": []}, "sdg_targets"),
        ({**NEW_TARGET, "target_year": "soon"}, "target_year"),
        ({**NEW_TARGET, "target_year": 10**30}, "target_year"),
        ({**NEW_TARGET, "target_value": 1e300}, "target_value"),
        ({**NEW_TARGET, "target_value": "12345678901234567.5"}, "target_value"),
        ({**NEW_TARGET, "target_value": "NaN"}, "target_value"),
        ({**NEW_TARGET, "target_value": "20"}, "target_value"),  # above the baseline: worse
        ({**NEW_TARGET, "baseline_year": 2010}, "baseline_value"),  # no observation then
        ({**NEW_TARGET, "title_da": ""}, "title_da"),
        ({**NEW_TARGET, "title_da": "a\x00b"}, "title_da"),
        ({**NEW_TARGET, "title_da": "x" * 201}, "title_da"),
        ({**NEW_TARGET, "status": "finished"}, "status"),
        ({key: value for key, value in NEW_TARGET.items() if key != "indicator"}, "indicator"),
        ({**NEW_TARGET, "sdg_targets": "13.2"}, "sdg_targets"),
        ([NEW_TARGET], "body"),
        ("a string", "body"),
    ],
)
def test_bad_input_is_422_naming_the_field(client, editor, framework, co2, body, field):
    url = f"/api/v1/frameworks/{framework.pk}/local-targets"
    response = _post(client, url, body, bearer(editor))
    assert field in _fields(response)
    assert field in response.json()["detail"]
    assert not LocalTarget.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [b"{", b"{'title_da': 1}", b"\xff\xfe\x00", b"[1, 2", b"9" * 5000, b'{"title_da": "\\ud800"}'],
)
def test_malformed_json_is_422_on_the_body(client, editor, framework, raw):
    response = client.post(
        f"/api/v1/frameworks/{framework.pk}/actions",
        raw,
        content_type="application/json",
        **bearer(editor),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] in {"body", "title_da"}
    assert not Action.objects.exists()


def test_an_empty_body_names_the_missing_fields(client, editor, framework):
    response = client.post(
        f"/api/v1/frameworks/{framework.pk}/actions", b"", content_type="application/json",
        **bearer(editor),
    )  # fmt: skip
    assert response.status_code == 422


def test_an_action_links_only_local_targets_of_its_framework(
    client, editor, shared, secretariat, herning
):
    from verdensmaal.frameworks.services import framework_create

    other = framework_create(
        actor=secretariat, organisation=herning, title_da="Anden", start_year=2021, end_year=2030
    )
    response = _post(
        client,
        f"/api/v1/frameworks/{other.pk}/actions",
        {"title_da": "x", "local_targets": [shared["targets"]["public"].pk]},
        bearer(secretariat),
    )
    assert _fields(response) == {"local_targets"}


def test_wrong_types_in_a_change(client, editor, shared):
    url = f"/api/v1/actions/{shared['actions']['public'].pk}"
    headers = bearer(editor)
    assert _fields(_patch(client, url, {"title_da": "x"}, headers)) == {"version"}
    assert "title_da" in _fields(_patch(client, url, {"version": 1, "title_da": None}, headers))
    assert "budget" in _fields(_patch(client, url, {"version": 1, "budget": -5}, headers))
    assert "version" in _fields(_patch(client, url, {"version": 2**80}, headers))
    ends_first = {"version": 1, "start_date": "2025-05-01", "end_date": "2025-01-01"}
    assert "end_date" in _fields(_patch(client, url, ends_first, headers))
