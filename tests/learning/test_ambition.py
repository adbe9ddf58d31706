"""Shared ambition on known data: each member's target side by side, the change per year it
needs against the change achieved, and its level against what the municipalities managed."""

from decimal import Decimal

import pytest

from .conftest import observations, page

# CO2e per inhabitant, lower is better. From 2018 to 2023 the five municipalities improved by
# 0.3, 0.2, -0.1, 0.4 and 0.6 a year: median 0.3, the best tenth 0.52 or more.
SERIES = {
    "630": {2018: "10", 2023: "8.5"},
    "657": {2018: "12", 2023: "11"},
    "101": {2018: "9", 2023: "9.5"},
    "751": {2018: "11", 2023: "9"},
    "461": {2018: "8", 2023: "5"},
}


@pytest.fixture
def targets(reference, members, editor, herning_editor, vejle, herning, co2):
    from verdensmaal.catalogue.models import Target
    from verdensmaal.frameworks.services import framework_create, local_target_create

    observations({"DK-ENS-CO2E-PERCAP": SERIES})
    made = {}
    for user, organisation, value in ((editor, vejle, "5"), (herning_editor, herning, "11")):
        framework = framework_create(
            actor=user, organisation=organisation, title_da="Ramme", start_year=2021, end_year=2030
        )
        made[organisation.area.code] = local_target_create(
            actor=user,
            framework=framework,
            title_da=f"CO2e i {organisation.name}",
            indicator=co2,
            sdg_targets=[Target.objects.get(code="13.2")],
            baseline_year=2018,
            target_value=Decimal(value),
            target_year=2028,
            status="adopted",
        )
    return made


def test_each_target_s_needed_and_achieved_pace_and_its_level(targets, participant, co2):
    from verdensmaal.learning.selectors import ambition_comparison

    comparison = ambition_comparison(participant, co2)
    assert (comparison.reference_start, comparison.reference_end) == (2018, 2023)
    assert comparison.reference.median == pytest.approx(0.3)
    assert comparison.reference.high == pytest.approx(0.52)
    rows = {row.area.code: row for row in comparison.rows}
    assert list(rows) == ["630", "657"]  # the most ambitious first
    vejle, herning = rows["630"].ambition, rows["657"].ambition
    assert vejle.required == pytest.approx(0.5) and vejle.achieved == pytest.approx(0.3)
    assert (vejle.level, vejle.pace) == ("high", "behind")
    assert herning.required == pytest.approx(0.1) and herning.achieved == pytest.approx(0.2)
    assert (herning.level, herning.pace) == ("low", "on_pace")
    assert all(row.is_member for row in comparison.rows)
    assert "<svg" in comparison.chart and "Vejle" in comparison.chart


def test_a_target_beyond_what_any_municipality_managed(targets, editor):
    from verdensmaal.frameworks.services import local_target_update

    vejle = targets["630"]
    local_target_update(
        actor=editor, local_target=vejle, version=vejle.version, target_value=Decimal("1")
    )
    shown = page(editor, "/learning/ambition/?indicator=DK-ENS-CO2E-PERCAP").content.decode()
    assert "Ud over det observerede" in shown  # 0.9 a year: more than nine in ten managed


def test_the_page_offers_the_indicators_used_in_local_targets(targets, participant):
    shown = page(participant, "/learning/ambition/").content.decode()
    assert 'value="DK-ENS-CO2E-PERCAP" selected' in shown
    assert "2 lokale mål" in shown
    assert page(participant, "/learning/ambition/?indicator=NOPE").status_code == 404


def test_the_download_has_the_table(targets, participant):
    response = page(participant, "/learning/ambition/download/csv/?indicator=DK-ENS-CO2E-PERCAP")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Kommune,Lokalt mål,Netværksmedlem")
    assert lines[1] == (
        "Vejle,CO2e i Vejle Kommune,ja,2018,10.0,5.0,2028,0.5,0.3,2023,"
        "Høj: hurtigere end mediankommunen"
    )
