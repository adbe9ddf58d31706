"""Frameworks built through the services, on observations imported through the data services."""

from decimal import Decimal

import pytest


def observations(indicator: str, area: str, values: dict[int, str]) -> None:
    """Import headline observations of one indicator for one area, as an import would."""
    from verdensmaal.data.parsers import ObservationRow
    from verdensmaal.data.services import import_apply, import_plan

    rows = [
        ObservationRow(0, indicator, area, str(year), Decimal(value), None, (), frozenset())
        for year, value in values.items()
    ]
    plan = import_plan(actor=None, rows=rows)
    assert plan.ok, plan.errors
    import_apply(actor=None, plan=plan, source_name="test", format="csv")


@pytest.fixture
def co2(reference):
    """CO2e per inhabitant in Vejle, falling from 10 in 2020 to 8.8 in 2024."""
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
        actor=editor,
        organisation=vejle,
        title_da="Vejles målramme",
        start_year=2021,
        end_year=2030,
        sharing="public",
    )


@pytest.fixture
def herning_framework(secretariat, herning):
    from verdensmaal.frameworks.services import framework_create

    return framework_create(
        actor=secretariat, organisation=herning, title_da="Hernings målramme", start_year=2021,
        end_year=2030,
    )  # fmt: skip


@pytest.fixture
def local_target(editor, framework, co2):
    from verdensmaal.catalogue.models import Target
    from verdensmaal.frameworks.services import local_target_create

    return local_target_create(
        actor=editor,
        framework=framework,
        title_da="Halvér CO2e-udledningen",
        indicator=co2,
        sdg_targets=[Target.objects.get(code="13.2")],
        baseline_year=2020,
        target_value=Decimal("5"),
        target_year=2030,
        status="adopted",
        sharing="public",
    )


@pytest.fixture
def action(editor, framework, local_target):
    from verdensmaal.frameworks.services import action_create

    return action_create(
        actor=editor,
        framework=framework,
        title_da="Elbiler i kommunens flåde",
        budget=Decimal("1500000.00"),
        status="in_progress",
        local_targets=[local_target],
        sharing="public",
    )
