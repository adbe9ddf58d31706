"""The API shows exactly what the pages show the same user: the public reads what is published,
a member of another municipality what is shared with the network, the municipality's editor and
the secretariat everything, and draft local targets only those who may edit them. Checked for
every endpoint that returns framework content, per role."""

import pytest
from django.test import Client

from .conftest import bearer

TARGETS = {"public": "Offentligt mål", "network": "Netværksmål", "private": "Privat mål",
           "draft": "Kladdemål"}  # fmt: skip
SEES_TARGETS = {
    "anonymous": {"public"},
    "participant": {"public", "network"},
    "editor": {"public", "network", "private", "draft"},
    "secretariat": {"public", "network", "private", "draft"},
}
SEES_ACTIONS = {
    "anonymous": {"public"},
    "participant": {"public", "network"},
    "editor": {"public", "network", "private"},
    "secretariat": {"public", "network", "private"},
}
SEES_FRAMEWORKS = {
    "anonymous": {"Vejles målramme"},
    "participant": {"Vejles målramme", "Vejles netværksramme"},
    "editor": {"Vejles målramme", "Vejles netværksramme", "Vejles interne ramme"},
    "secretariat": {"Vejles målramme", "Vejles netværksramme", "Vejles interne ramme"},
}
ROLES = list(SEES_TARGETS)


@pytest.fixture
def world(shared, editor, vejle, participant, secretariat):
    from verdensmaal.frameworks.services import framework_create

    for title, start, sharing in (
        ("Vejles interne ramme", 2031, "private"),
        ("Vejles netværksramme", 2041, "network"),
    ):
        framework_create(
            actor=editor, organisation=vejle, title_da=title, start_year=start,
            end_year=start + 5, sharing=sharing,
        )  # fmt: skip
    users = {"participant": participant, "editor": editor, "secretariat": secretariat}
    return shared, users


def _as(role, users) -> dict:
    return bearer(users[role]) if role in users else {}


def _page(role, users, url) -> str:
    client = Client()
    if role in users:
        client.force_login(users[role])
    return client.get(url).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_framework_list(client, world, role):
    _shared, users = world
    titles = {f["title"]["da"] for f in client.get("/api/v1/frameworks", **_as(role, users)).json()}
    assert titles == SEES_FRAMEWORKS[role]
    page = _page(role, users, "/frameworks/")
    assert all(title in page for title in titles)


@pytest.mark.parametrize("role", ROLES)
def test_a_framework_with_its_parts(client, world, role):
    shared, users = world
    framework = shared["framework"]
    body = client.get(f"/api/v1/frameworks/{framework.pk}", **_as(role, users)).json()
    shown_targets = {t["title"]["da"] for t in body["local_targets"]}
    assert shown_targets == {TARGETS[level] for level in SEES_TARGETS[role]}
    shown_actions = {a["title"]["da"] for a in body["actions"]}
    assert shown_actions == {f"Handling {level}" for level in SEES_ACTIONS[role]}
    visible_ids = {t["id"] for t in body["local_targets"]}
    for action in body["actions"]:  # links only to local targets the caller may read
        assert set(action["local_targets"]) == visible_ids
    page = _page(role, users, framework.get_absolute_url())
    for level, title in TARGETS.items():
        assert (title in page) == (level in SEES_TARGETS[role]), (role, title)


@pytest.mark.parametrize("role", ROLES)
def test_a_frameworks_local_targets_and_actions(client, world, role):
    shared, users = world
    pk = shared["framework"].pk
    targets = client.get(f"/api/v1/frameworks/{pk}/local-targets", **_as(role, users)).json()
    assert {t["title"]["da"] for t in targets} == {TARGETS[lvl] for lvl in SEES_TARGETS[role]}
    actions = client.get(f"/api/v1/frameworks/{pk}/actions", **_as(role, users)).json()
    assert {a["sharing"] for a in actions} == SEES_ACTIONS[role]


@pytest.mark.parametrize("role", ROLES)
def test_one_local_target(client, world, role):
    shared, users = world
    for level, local_target in shared["targets"].items():
        response = client.get(f"/api/v1/local-targets/{local_target.pk}", **_as(role, users))
        assert response.status_code == (200 if level in SEES_TARGETS[role] else 404), level


@pytest.mark.parametrize("role", ROLES)
def test_one_action(client, world, role):
    shared, users = world
    for level, action in shared["actions"].items():
        response = client.get(f"/api/v1/actions/{action.pk}", **_as(role, users))
        expected = 200 if level in SEES_ACTIONS[role] else 404
        assert response.status_code == expected, level
        page = _page(role, users, f"/frameworks/actions/{action.pk}/")
        assert ("Handling" in page) == (expected == 200)


@pytest.mark.parametrize("role", ROLES)
def test_a_framework_not_shared_with_the_caller_is_not_found(client, world, role):
    from verdensmaal.frameworks.models import Framework

    _shared, users = world
    private = Framework.objects.get(title_da="Vejles interne ramme")
    for url in (
        f"/api/v1/frameworks/{private.pk}",
        f"/api/v1/frameworks/{private.pk}/local-targets",
        f"/api/v1/frameworks/{private.pk}/actions",
    ):
        response = client.get(url, **_as(role, users))
        assert response.status_code == (200 if role in ("editor", "secretariat") else 404)


@pytest.mark.parametrize("role", ROLES)
def test_the_change_feed_tells_each_role_only_what_it_may_read(client, world, role):
    shared, users = world
    items = client.get("/api/v1/changes?limit=1000", **_as(role, users)).json()["items"]
    target_ids = {i["id"] for i in items if i["kind"].startswith("local_target.")}
    expected = {str(shared["targets"][level].pk) for level in SEES_TARGETS[role]}
    assert target_ids == expected
    action_ids = {i["id"] for i in items if i["kind"].startswith("action.")}
    assert action_ids == {str(shared["actions"][level].pk) for level in SEES_ACTIONS[role]}
    framework_titles = {
        client.get(i["link"], **_as(role, users)).json()["title"]["da"]
        for i in items
        if i["kind"].startswith("framework.")
    }
    assert framework_titles == SEES_FRAMEWORKS[role]
