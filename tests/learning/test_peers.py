"""Find who did it better, on known data: the ranking, similar municipalities first, then the
members, with their actions and cases on the indicator."""

from decimal import Decimal

import pytest

from .conftest import observations, page

# CO2e per inhabitant (lower is better), 2015-2023.
SERIES = {
    "630": {2015: "10", 2019: "9", 2023: "8"},  # Vejle: 0.25 a year
    "657": {2015: "12", 2023: "9"},  # Herning: 0.375 a year
    "751": {2015: "11", 2017: "10", 2023: "8.6"},  # Aarhus: 0.3 a year
    "101": {2015: "9", 2023: "9.5"},  # Copenhagen: worse, -0.0625 a year
    "561": {2021: "7", 2023: "6"},  # Esbjerg: two years apart, too few
}
POPULATION = {"630": "120000", "657": "90000", "751": "350000", "101": "650000", "561": "115000"}


@pytest.fixture
def data(reference):
    observations({"DK-ENS-CO2E-PERCAP": SERIES})
    observations({"DK-FOLK1A-POPULATION": {code: {2023: v} for code, v in POPULATION.items()}})


def _finding(user, **kwargs):
    from verdensmaal.areas.models import Area
    from verdensmaal.catalogue.models import Indicator
    from verdensmaal.learning.selectors import peer_finder

    return peer_finder(
        user,
        municipality=Area.objects.get(code="630"),
        indicator=Indicator.objects.get(code="DK-ENS-CO2E-PERCAP"),
        **kwargs,
    )


def test_peers_are_ranked_by_how_much_they_improved(data, members, editor):
    finding = _finding(editor, start=2015, end=2023)
    assert (finding.start, finding.end, finding.ranked) == (2015, 2023, 4)
    assert finding.own.per_year == pytest.approx(0.25)
    assert (finding.own.first_value, finding.own.last_value) == (10, 8)
    assert finding.own.rank == 3
    # the similar municipalities (by population, the only structural value here) best first
    assert [r.area.code for r in finding.similar] == ["657", "751", "101", "561"]
    assert [r.rank for r in finding.similar] == [1, 2, 4, None]
    assert finding.similar[0].per_year == pytest.approx(0.375)
    assert finding.similar[2].per_year == pytest.approx(-0.0625)
    assert finding.similar[3].per_year is None  # 2021 to 2023 is too short
    # then the members: Herning, a member and similar
    assert [r.area.code for r in finding.members] == ["657"]
    assert finding.members[0].is_similar and finding.members[0].is_member
    assert finding.median == pytest.approx((0.25 + 0.3) / 2)
    assert finding.chart is not None and "<svg" in finding.chart


def test_a_shorter_period_ranks_again(data, members, editor):
    finding = _finding(editor, start=2017, end=2023)
    aarhus = next(r for r in finding.similar if r.area.code == "751")
    assert aarhus.first_year == 2017 and aarhus.per_year == pytest.approx(1.4 / 6)
    # Vejle from 9 (2019) to 8: 0.25 a year, ahead of Aarhus now; Herning and Copenhagen have
    # only their 2023 value inside the period, Esbjerg two years: none of them has a figure
    assert finding.own.per_year == pytest.approx(0.25) and finding.own.rank == 1
    assert [r.area.code for r in finding.similar if r.per_year is not None] == ["751"]
    assert finding.ranked == 2


def test_by_default_the_period_runs_from_the_base_year_to_the_latest_data(data, members, editor):
    finding = _finding(editor)
    assert (finding.start, finding.end) == (2015, 2023)


def test_the_members_actions_and_cases_on_the_indicator_come_with_them(
    data, members, herning, herning_editor, editor, co2
):
    from verdensmaal.catalogue.models import Target
    from verdensmaal.frameworks.services import action_create, framework_create, local_target_create
    from verdensmaal.learning.services import case_create

    framework = framework_create(
        actor=herning_editor,
        organisation=herning,
        title_da="Herning",
        start_year=2021,
        end_year=2030,
    )
    target = local_target_create(
        actor=herning_editor,
        framework=framework,
        title_da="Mindre CO2e",
        indicator=co2,
        sdg_targets=[Target.objects.get(code="13.2")],
        baseline_year=2015,
        target_value=Decimal("6"),
        target_year=2030,
        status="adopted",
    )
    action = action_create(
        actor=herning_editor, framework=framework, title_da="Varmepumper", local_targets=[target]
    )
    case_create(
        actor=herning_editor,
        organisation=herning,
        action=action,
        title_da="Varmepumper i landsbyerne",
        summary_da="...",
        indicators=[co2],
    )
    case_create(
        actor=herning_editor, organisation=herning, title_da="Om noget andet", summary_da="..."
    )
    finding = _finding(editor, start=2015, end=2023)
    herning_row = finding.members[0]
    assert [str(a) for a in herning_row.actions] == ["Varmepumper"]
    assert [str(c) for c in herning_row.cases] == ["Varmepumper i landsbyerne"]
    shown = page(
        editor,
        "/learning/peers/?area=630&indicator=DK-ENS-CO2E-PERCAP&start=2015&end=2023",
    ).content.decode()
    assert "Varmepumper i landsbyerne" in shown and "Om noget andet" not in shown


def test_the_start_page_offers_the_weak_indicators_and_the_local_targets_behind(
    data, members, editor, vejle_framework, co2
):
    from verdensmaal.catalogue.models import Target
    from verdensmaal.frameworks.services import local_target_create

    local_target_create(
        actor=editor,
        framework=vejle_framework,
        title_da="Næsten nul i 2025",
        indicator=co2,
        sdg_targets=[Target.objects.get(code="13.2")],
        baseline_year=2015,
        target_value=Decimal("1"),
        target_year=2025,
        status="adopted",
    )
    shown = page(editor, "/learning/peers/").content.decode()  # the editor's own municipality
    assert "Næsten nul i 2025" in shown
    assert "indicator=DK-ENS-CO2E-PERCAP" in shown


def test_a_period_that_ends_before_it_starts_is_refused_on_the_page(data, members, editor):
    response = page(
        editor, "/learning/peers/?area=630&indicator=DK-ENS-CO2E-PERCAP&start=2023&end=2015"
    )
    assert response.status_code == 200
    assert "Perioden skal slutte, efter at den begynder." in response.content.decode()


def test_the_profile_s_weakest_indicators_lead_to_the_peers_who_moved_them(data):
    """On a municipality's profile each of its weakest indicators links to the peer finder for
    that municipality and indicator; the strongest do not."""
    import re

    shown = page(None, "/municipalities/657/").content.decode()  # Herning: the highest CO2e
    strongest = shown[shown.index('id="strong-heading"') : shown.index('id="weak-heading"')]
    weakest = shown[shown.index('id="weak-heading"') :]
    weakest = weakest[: weakest.index("</section>")]
    links = re.findall(r'href="/learning/peers/\?area=(\d+)&amp;indicator=([\w-]+)"', weakest)
    assert ("657", "DK-ENS-CO2E-PERCAP") in links
    assert "/learning/peers/" not in strongest
    assert page(None, "/learning/peers/?area=657&indicator=DK-ENS-CO2E-PERCAP").status_code == 200


def test_the_peer_forms_selects_are_written_as_djangos_own(db):
    from django import forms

    from verdensmaal.learning.forms import PlainSelect

    choices = [("", "Vælg"), ("630", "Vejle & <Omegn>"), ("615", "Horsens")]
    grouped = [("Syd", [("630", "Vejle"), ("615", "Horsens")]), ("", [("101", "København")])]
    for options in (choices, grouped):
        for value in ("615", "", None):
            ours = PlainSelect(attrs={"id": "id_area", "required": True}, choices=options)
            django = forms.Select(attrs={"id": "id_area", "required": True}, choices=options)
            assert ours.render("area", value) == django.render("area", value)
    assert " selected>Horsens</option>" in PlainSelect(choices=choices).render("area", "615")
