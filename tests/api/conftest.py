"""The API's fixtures: clients with and without a personal token, and a published framework of
Vejle whose parts are shared at every level, built through the services."""

from decimal import Decimal

import pytest


def observations(indicator: str, area: str, values: dict, breakdown=()) -> None:
    """Import observations of one indicator for one area, as an import would."""
    from verdensmaal.data.parsers import ObservationRow
    from verdensmaal.data.services import import_apply, import_plan

    rows = [
        ObservationRow(0, indicator, area, str(period), Decimal(value), None, breakdown,
                       frozenset())
        for period, value in values.items()
    ]  # fmt: skip
    plan = import_plan(actor=None, rows=rows)
    assert plan.ok, plan.errors
    return import_apply(actor=None, plan=plan, source_name="test.csv", format="csv")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The bad-token counts live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def bearer(user, name="test") -> dict:
    """The header of a new token of ``user``."""
    from verdensmaal.api.services import token_create

    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(actor=user, name=name).secret}"}


@pytest.fixture
def co2(reference):
    """CO2e per inhabitant in Vejle, falling from 10.5 in 2018 to 8.8 in 2024."""
    observations(
        "DK-ENS-CO2E-PERCAP",
        "630",
        {2018: "10.5", 2019: "10.2", 2020: "10", 2021: "9.7", 2022: "9.4", 2023: "9.1",
         2024: "8.8"},
    )  # fmt: skip
    from verdensmaal.catalogue.models import Indicator

    return Indicator.objects.get(code="DK-ENS-CO2E-PERCAP")


@pytest.fixture
def framework(editor, vejle):
    from verdensmaal.frameworks.services import framework_create

    return framework_create(
        actor=editor, organisation=vejle, title_da="Vejles målramme", start_year=2021,
        end_year=2030, sharing="public",
    )  # fmt: skip


def _local_target(editor, framework, indicator, title, *, sharing, status="adopted"):
    from verdensmaal.catalogue.models import Target
    from verdensmaal.frameworks.services import local_target_create

    return local_target_create(
        actor=editor, framework=framework, title_da=title, indicator=indicator,
        sdg_targets=[Target.objects.get(code="13.2")], baseline_year=2020,
        target_value=Decimal("5"), target_year=2030, status=status, sharing=sharing,
    )  # fmt: skip


@pytest.fixture
def shared(editor, framework, co2):
    """Vejle's published framework with a local target and an action at each sharing level, a
    draft local target and a milestone, partner and progress update on the public action."""
    from datetime import date

    from verdensmaal.frameworks import services

    targets = {
        "public": _local_target(editor, framework, co2, "Offentligt mål", sharing="public"),
        "network": _local_target(editor, framework, co2, "Netværksmål", sharing="network"),
        "private": _local_target(editor, framework, co2, "Privat mål", sharing="private"),
        "draft": _local_target(
            editor, framework, co2, "Kladdemål", sharing="public", status="draft"
        ),
    }
    actions = {
        level: services.action_create(
            actor=editor,
            framework=framework,
            title_da=f"Handling {level}",
            local_targets=list(targets.values()),
            sharing=level,
            budget=Decimal("1000.50"),
        )
        for level in ("public", "network", "private")
    }
    services.milestone_create(
        actor=editor, action=actions["public"], title="Udbud", due_date=date(2025, 6, 1)
    )
    services.partner_create(
        actor=editor, action=actions["public"], kind="company", name="Vejle Energi"
    )
    services.progress_update_create(
        actor=editor, action=actions["public"], date=date(2025, 1, 1), percent_complete=40,
        note="Halvvejs",
    )  # fmt: skip
    return {"framework": framework, "targets": targets, "actions": actions}


@pytest.fixture
def herning_editor(herning):
    from verdensmaal.accounts.services import user_create

    return user_create(
        actor=None, username="herning-editor", email="he@example.org",
        password="secret-password-1", role="editor", organisation=herning,
    )  # fmt: skip
