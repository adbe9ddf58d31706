"""Fixtures for learning across borders, built through the services: a season with members,
observations imported as an import would, frameworks, cases and a field visit."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone


def observations(values: dict[str, dict[str, dict[int, str]]], source: str = "test.csv"):
    """Import headline observations ``{indicator: {area: {year: value}}}``; returns the import."""
    from verdensmaal.data.parsers import ObservationRow
    from verdensmaal.data.services import import_apply, import_plan

    rows = [
        ObservationRow(0, indicator, area, str(year), Decimal(value), None, (), frozenset())
        for indicator, areas in values.items()
        for area, series in areas.items()
        for year, value in series.items()
    ]
    plan = import_plan(actor=None, rows=rows)
    assert plan.ok, plan.errors
    return import_apply(actor=None, plan=plan, source_name=source, format="csv")


def page(user, url: str):
    """The response to ``url`` for ``user`` (None: the public)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.fixture
def season(secretariat):
    from verdensmaal.network.services import season_create

    today = timezone.localdate()
    return season_create(
        actor=secretariat,
        name="2026-27",
        title_da="Verdensmålsnetværk",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=300),
        base_price=Decimal("10000.00"),
        further_discount=Decimal("0.25"),
    )


@pytest.fixture
def members(season, secretariat, vejle, herning):
    """Vejle and Herning are members this season."""
    from verdensmaal.network.services import membership_create

    for organisation in (vejle, herning):
        membership_create(
            actor=secretariat,
            season=season,
            organisation=organisation,
            invoice_reference="Verdensmål",
        )
    return [vejle, herning]


@pytest.fixture
def herning_editor(herning):
    from verdensmaal.accounts.services import user_create

    return user_create(
        actor=None,
        username="herning-editor",
        email="herning-editor@example.org",
        password="secret-password-1",
        role="editor",
        organisation=herning,
    )


@pytest.fixture
def users(participant, editor, secretariat, herning_editor, vejle) -> dict:
    """Each role, at home and away: the public, a logged-in user of no organisation, a
    participant and an editor of another municipality (Herning), a participant and the editor
    of Vejle (whose content is read), and the secretariat."""
    from verdensmaal.accounts.services import user_create

    def user(username, organisation):
        return user_create(
            actor=None,
            username=username,
            email=f"{username}@example.org",
            password="secret-password-1",
            role="participant",
            organisation=organisation,
        )

    return {
        "anonymous": None,
        "no organisation": user("uden-organisation", None),
        "participant": participant,
        "other editor": herning_editor,
        "own participant": user("vejle-deltager", vejle),
        "editor": editor,
        "secretariat": secretariat,
    }


# What each role reads of Vejle's content at each sharing level: private is the own
# organisation's (every role in it) and the secretariat's; network is every logged-in member's.
SEES = {
    "anonymous": {"public"},
    "no organisation": {"public"},
    "participant": {"public", "network"},
    "other editor": {"public", "network"},
    "own participant": {"public", "network", "private"},
    "editor": {"public", "network", "private"},
    "secretariat": {"public", "network", "private"},
}
# Who reads a draft local target: its own municipality's editors and the secretariat.
SEES_DRAFTS = {"editor", "secretariat"}
ROLES = list(SEES)


@pytest.fixture
def co2(reference):
    from verdensmaal.catalogue.models import Indicator

    return Indicator.objects.get(code="DK-ENS-CO2E-PERCAP")


@pytest.fixture
def vejle_framework(editor, vejle):
    from verdensmaal.frameworks.services import framework_create

    return framework_create(
        actor=editor,
        organisation=vejle,
        title_da="Vejles målramme",
        start_year=2021,
        end_year=2030,
        sharing="public",
    )


@pytest.fixture
def vejle_action(editor, vejle_framework, co2):
    """An action of Vejle on a local target on CO2e per inhabitant, with a partner and a
    driver."""
    from verdensmaal.catalogue.models import Target
    from verdensmaal.frameworks.services import (
        action_create,
        factor_create,
        local_target_create,
        partner_create,
    )

    observations({"DK-ENS-CO2E-PERCAP": {"630": {2018: "10", 2023: "8.5"}}}, "vejle.csv")
    local_target = local_target_create(
        actor=editor,
        framework=vejle_framework,
        title_da="Halvér udledningen",
        indicator=co2,
        sdg_targets=[Target.objects.get(code="13.2")],
        baseline_year=2018,
        target_value=Decimal("5"),
        target_year=2028,
        status="adopted",
        sharing="public",
    )
    action = action_create(
        actor=editor,
        framework=vejle_framework,
        title_da="Elbiler i flåden",
        description="Alle kommunens biler skiftes til el.",
        budget=Decimal("1500000.00"),
        start_date=date(2019, 1, 1),
        status="in_progress",
        local_targets=[local_target],
        sharing="public",
    )
    partner_create(
        actor=editor, action=action, name="Ladeselskabet", kind="company", role="ladestandere"
    )
    factor_create(
        actor=editor,
        action=action,
        effect="driver",
        kind="political",
        text="Bred politisk opbakning",
    )
    return action


@pytest.fixture
def vejle_cases(editor, vejle, co2) -> dict:
    """A case of Vejle at each sharing level, on CO2e per inhabitant, each with a file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from verdensmaal.catalogue.models import Target
    from verdensmaal.learning.services import case_create, case_material_add

    cases = {}
    for level in ("public", "network", "private"):
        cases[level] = case_create(
            actor=editor,
            organisation=vejle,
            title_da=f"Erfaring {level}",
            title_en=f"Case {level}",
            summary_da="Det gjorde vi.",
            sharing=level,
            targets=[Target.objects.get(code="13.2")],
            indicators=[co2],
        )
        case_material_add(
            actor=editor,
            case=cases[level],
            title=f"Rapport {level}",
            file=SimpleUploadedFile(f"rapport-{level}.txt", b"indhold"),
        )
    return cases


@pytest.fixture
def field_visit(season, secretariat, vejle):
    """A field visit hosted by Vejle that took place yesterday, with two sites."""
    from verdensmaal.network.ical import COPENHAGEN
    from verdensmaal.network.services import meeting_create

    day = timezone.localdate() - timedelta(days=1)
    return meeting_create(
        actor=secretariat,
        season=season,
        title_da="Feltbesøg i Vejle",
        starts_at=datetime(day.year, day.month, day.day, 9, tzinfo=COPENHAGEN),
        ends_at=datetime(day.year, day.month, day.day, 16, tzinfo=COPENHAGEN),
        format="physical",
        city="Vejle",
        kind="field_visit",
        host=vejle,
        programme="09:00 Velkomst\n10:00 Fjordbyen",
        sites=[
            {"name": "Fjordbyen", "address": "Havnen", "description": "Klimatilpasning"},
            {"name": "Rådhuset"},
        ],
    )
