"""Sharing levels in every role: a case, an observation and a framework part shared with the own
organisation, the network or everyone is read by exactly those, on the pages, the downloads, the
API, the peer finder and the network report. Everyone in Vejle (its editor and a participant) reads
all of Vejle's; a member of another municipality (Herning's participant and editor) what is
shared with the network; the public and a logged-in user of no organisation what is published;
the secretariat everything."""

from decimal import Decimal

import pytest
from django.test import Client

from .conftest import ROLES, SEES, SEES_DRAFTS, observations, page


def _api(user, url: str):
    from verdensmaal.api.services import token_create

    headers = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token_create(actor=user, name='t').secret}"
    return Client().get(url, **headers)


@pytest.mark.parametrize("role", ROLES)
def test_the_case_list_its_search_and_its_download(users, vejle_cases, role):
    user = users[role]
    shown = page(user, "/learning/cases/").content.decode()
    searched = page(user, "/learning/cases/?q=Erfaring&indicator=DK-ENS-CO2E-PERCAP")
    download = page(user, "/learning/cases/download/csv/").content.decode()
    for level in ("public", "network", "private"):
        expected = level in SEES[role]
        assert (f"Erfaring {level}" in shown) == expected, (role, level)
        assert (f"Erfaring {level}" in searched.content.decode()) == expected, (role, level)
        assert (f"Erfaring {level}" in download) == expected, (role, level)


@pytest.mark.parametrize("role", ROLES)
def test_a_case_page_and_its_material(users, vejle_cases, role):
    user = users[role]
    for level, case in vejle_cases.items():
        expected = 200 if level in SEES[role] else 404
        assert page(user, case.get_absolute_url()).status_code == expected, (role, level)
        material = case.materials.get()
        response = page(user, f"/learning/materials/{material.pk}/")
        assert response.status_code == expected, (role, level)
        if expected == 200:
            assert b"".join(response.streaming_content) == b"indhold"


@pytest.mark.parametrize("role", ROLES)
def test_the_api_reads_the_same_cases(users, vejle_cases, role):
    user = users[role]
    listed = {c["title"]["da"] for c in _api(user, "/api/v1/cases").json()}
    assert listed == {f"Erfaring {level}" for level in SEES[role]}
    for level, case in vejle_cases.items():
        response = _api(user, f"/api/v1/cases/{case.pk}")
        assert response.status_code == (200 if level in SEES[role] else 404), (role, level)
    narrowed = _api(user, "/api/v1/cases?goal=13&municipality=630&q=Case").json()
    assert {c["title"]["en"] for c in narrowed} == {f"Case {level}" for level in SEES[role]}


@pytest.fixture
def observed(field_visit, editor):
    """Vejle's editor (the host's) observed at each sharing level."""
    from verdensmaal.learning.services import field_observation_create

    return {
        level: field_observation_create(
            actor=editor,
            meeting=field_visit,
            text=f"Iagttagelse {level}",
            sharing=level,
            site=field_visit.sites.get(name="Fjordbyen"),
        )
        for level in ("public", "network", "private")
    }


@pytest.mark.parametrize("role", ROLES)
def test_field_observations_on_the_meeting_page_and_in_the_api(users, observed, role):
    user = users[role]
    meeting = next(iter(observed.values())).meeting
    shown = page(user, meeting.get_absolute_url()).content.decode()
    listed = {o["text"] for o in _api(user, f"/api/v1/meetings/{meeting.pk}/observations").json()}
    for level in observed:
        expected = level in SEES[role]
        assert (f"Iagttagelse {level}" in shown) == expected, (role, level)
        assert (f"Iagttagelse {level}" in listed) == expected, (role, level)


@pytest.mark.parametrize("role", ROLES)
def test_the_host_s_cases_in_the_minutes_of_its_field_visit(users, vejle_cases, field_visit, role):
    shown = page(users[role], field_visit.get_absolute_url()).content.decode()
    for level in vejle_cases:
        assert (f"Erfaring {level}" in shown) == (level in SEES[role]), (role, level)


@pytest.mark.parametrize("role", ROLES)
def test_the_peer_finder_shows_only_the_cases_and_actions_the_reader_may_see(
    users, members, vejle_cases, vejle_action, editor, role
):
    from verdensmaal.frameworks.services import action_update

    action_update(
        actor=editor, action=vejle_action, version=vejle_action.version, sharing="private"
    )
    observations({"DK-ENS-CO2E-PERCAP": {"657": {2018: "12", 2023: "11"}}})
    shown = page(
        users[role], "/learning/peers/?area=657&indicator=DK-ENS-CO2E-PERCAP&start=2018"
    ).content.decode()
    for level in vejle_cases:
        assert (f"Erfaring {level}" in shown) == (level in SEES[role]), (role, level)
    assert ("Elbiler i flåden" in shown) == ("private" in SEES[role])


@pytest.mark.parametrize("role", ROLES)
def test_the_network_report_counts_only_what_the_reader_may_see(
    users, members, vejle_cases, observed, role
):
    from verdensmaal.learning.selectors import network_view

    view = network_view(users[role] or _anonymous())
    vejle_row = next(m for m in view.members if m.organisation.area.code == "630")
    assert vejle_row.cases == len(SEES[role])
    assert vejle_row.observations == len(SEES[role])
    assert page(users[role], "/learning/network/").status_code == 200


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def shared_targets(editor, vejle_framework, co2):
    """Local targets of Vejle on CO2e per inhabitant at each level, and a draft."""
    from verdensmaal.catalogue.models import Target
    from verdensmaal.frameworks.services import local_target_create

    observations(
        {"DK-ENS-CO2E-PERCAP": {"630": {2018: "10", 2023: "8.5"}, "657": {2018: "12", 2023: "11"}}}
    )
    for level, status in (
        ("public", "adopted"),
        ("network", "adopted"),
        ("private", "adopted"),
        ("draft", "draft"),
    ):
        local_target_create(
            actor=editor,
            framework=vejle_framework,
            title_da=f"Mål {level}",
            indicator=co2,
            sdg_targets=[Target.objects.get(code="13.2")],
            baseline_year=2018,
            target_value=Decimal("5"),
            target_year=2028,
            status=status,
            sharing="public" if level == "draft" else level,
        )


@pytest.mark.parametrize("role", ROLES)
def test_shared_ambition_shows_the_targets_the_reader_may_see_and_drafts_only_to_their_editors(
    users, shared_targets, role
):
    sees = SEES[role] | ({"draft"} if role in SEES_DRAFTS else set())
    shown = page(users[role], "/learning/ambition/?indicator=DK-ENS-CO2E-PERCAP").content.decode()
    download = page(
        users[role], "/learning/ambition/download/csv/?indicator=DK-ENS-CO2E-PERCAP"
    ).content.decode()
    for level in ("public", "network", "private", "draft"):
        assert (f"Mål {level}" in shown) == (level in sees), (role, level)
        assert (f"Mål {level}" in download) == (level in sees), (role, level)


@pytest.mark.parametrize("role", ROLES)
def test_the_network_view_lists_priorities_as_shared(users, members, vejle_framework, editor, role):
    from verdensmaal.catalogue.models import Goal
    from verdensmaal.frameworks.services import priority_create

    for number, level in ((7, "public"), (11, "network"), (15, "private")):
        priority_create(
            actor=editor,
            framework=vejle_framework,
            goal=Goal.objects.get(number=number),
            rationale="Fordi",
            sharing=level,
        )
    from verdensmaal.learning.selectors import network_view

    view = network_view(users[role] or _anonymous())
    prioritised = {row.goal.number for row in view.goals if "Vejle Kommune" in row.prioritised_by}
    expected = {
        n for n, level in ((7, "public"), (11, "network"), (15, "private")) if level in SEES[role]
    }
    assert prioritised == expected


@pytest.mark.parametrize("role", ROLES)
def test_the_season_report_and_its_download_are_the_secretariat_s(
    users, members, vejle_cases, role
):
    """The secretariat's season report counts every case, whatever its level; no one else
    reads it (the public is asked to log in)."""
    import csv

    expected = {"secretariat": 200, "anonymous": 302}.get(role, 403)
    report = page(users[role], "/learning/network/season-report/")
    download = page(users[role], "/learning/network/season-report/download/csv/")
    assert (report.status_code, download.status_code) == (expected, expected), role
    if role == "secretariat":
        rows = list(csv.reader(download.content.decode("utf-8-sig").splitlines()))
        cases = rows[0].index("Erfaringer")  # "Cases" in Danish, the default
        vejle = next(row for row in rows if row[0] == "Vejle Kommune")
        assert vejle[cases] == str(len(vejle_cases))
