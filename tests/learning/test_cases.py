"""Cases: an editor tells an action as a case; the search in Danish and English and by goal,
target, indicator, region, size and municipality; the results measured against similar
municipalities before and after the case started."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from verdensmaal.audit.models import AuditEntry

from .conftest import observations, page


def test_an_editor_tells_an_action_as_a_case_from_its_page(editor, vejle_action):
    client = Client()
    client.force_login(editor)
    action_page = client.get(f"/frameworks/actions/{vejle_action.pk}/").content.decode()
    assert f"/learning/cases/new/?action={vejle_action.pk}" in action_page
    form = client.get(f"/learning/cases/new/?action={vejle_action.pk}").content.decode()
    assert 'value="Elbiler i flåden"' in form  # the action's title to start from
    assert "Ladeselskabet; ladestandere" in form  # its partners
    assert "Bred politisk opbakning" in form  # and its driver
    response = client.post(
        f"/learning/cases/new/?action={vejle_action.pk}",
        {
            "title_da": "Elbiler i flåden",
            "title_en": "Electric cars in the fleet",
            "summary_da": "Alle biler skiftes.",
            "results_da": "410 af 590 biler kører på el.",
            "cost": "1500000,00",
            "started_on": "2019-01-01",
            "targets": "13.2, 7.2",
            "indicators": ["DK-ENS-CO2E-PERCAP"],
            "partners": "Ladeselskabet; ladestandere",
            "drivers": "Bred politisk opbakning",
            "barriers": "Leveringstid",
            "sharing": "network",
        },
    )
    assert response.status_code == 302, response.content.decode()
    case = vejle_action.cases.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.cost == Decimal("1500000.00") and case.author == editor
    assert {g.number for g in case.goals.all()} == {7, 13}  # from the targets
    assert [(p.name, p.role) for p in case.partners.all()] == [("Ladeselskabet", "ladestandere")]
    assert {(f.effect, f.text) for f in case.factors.all()} == {
        ("driver", "Bred politisk opbakning"),
        ("barrier", "Leveringstid"),
    }
    entry = AuditEntry.objects.get(action="learning.case.created")
    assert entry.organisation.name == "Vejle Kommune" and entry.actor == editor
    # the action's page now leads to its case, and telling it again opens the case
    assert (
        case.get_absolute_url()
        in client.get(f"/frameworks/actions/{vejle_action.pk}/").content.decode()
    )
    again = client.get(f"/learning/cases/new/?action={vejle_action.pk}")
    assert again.status_code == 302 and again["Location"] == case.get_absolute_url()


def test_one_case_per_action_and_only_the_own_organisation_s(
    editor, herning_editor, vejle, herning, vejle_action
):
    from verdensmaal.learning.services import case_create

    with pytest.raises(PermissionDenied):
        case_create(
            actor=herning_editor,
            organisation=vejle,
            action=vejle_action,
            title_da="Ikke vores",
            summary_da="...",
        )
    with pytest.raises(ValidationError):  # Herning cannot claim Vejle's action either
        case_create(
            actor=herning_editor,
            organisation=herning,
            action=vejle_action,
            title_da="Ikke vores",
            summary_da="...",
        )
    case_create(
        actor=editor, organisation=vejle, action=vejle_action, title_da="Første", summary_da="..."
    )
    with pytest.raises(ValidationError, match="allerede fortalt som en erfaring"):
        case_create(
            actor=editor,
            organisation=vejle,
            action=vejle_action,
            title_da="Anden",
            summary_da="...",
        )
    assert page(herning_editor, f"/learning/cases/new/?action={vejle_action.pk}").status_code == 403


def test_an_edit_from_an_old_version_is_refused(editor, vejle_cases):
    from verdensmaal.learning.services import case_update

    case = vejle_cases["public"]
    case_update(
        actor=editor,
        case=case,
        version=1,
        title_en="Changed",
        partners=[{"name": "Ny partner", "role": ""}],
    )
    with pytest.raises(ValidationError, match="En anden har ændret dette"):
        case_update(actor=editor, case=case, version=1, title_en="Lost")
    case.refresh_from_db()
    assert (case.title_en, case.version) == ("Changed", 2)
    assert [p.name for p in case.partners.all()] == ["Ny partner"]
    entry = AuditEntry.objects.filter(action="learning.case.updated").get()
    assert entry.changes["title_en"] == ["Case public", "Changed"]


@pytest.fixture
def searchable(editor, herning_editor, vejle, herning, reference):
    """Cases in two municipalities of two regions and sizes."""
    from verdensmaal.catalogue.models import Indicator, Target
    from verdensmaal.learning.services import case_create

    observations({"DK-FOLK1A-POPULATION": {"630": {2024: "120000"}, "657": {2024: "90000"}}})
    case_create(
        actor=editor,
        organisation=vejle,
        title_da="Cykelstier til skolen",
        title_en="Cycle paths to school",
        summary_da="Sikre skoleveje for børn.",
        lessons_en="Ask the children first.",
        targets=[Target.objects.get(code="11.2")],
        indicators=[Indicator.objects.get(code="DK-UHELD-KSI")],
        sharing="public",
    )
    case_create(
        actor=herning_editor,
        organisation=herning,
        title_da="Fosfor fra renseanlægget",
        summary_da="Nyt rensetrin.",
        targets=[Target.objects.get(code="6.3")],
        indicators=[Indicator.objects.get(code="DK-VANDUD-PHOSPHORUS")],
        sharing="public",
        partners=[{"name": "Herning Vand", "role": "bygherre"}],
    )


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("", {"Cykelstier til skolen", "Fosfor fra renseanlægget"}),
        ("q=skoleveje", {"Cykelstier til skolen"}),  # Danish text
        ("q=children first", {"Cykelstier til skolen"}),  # English lessons, both words
        ("q=children+phosphorus", set()),  # every word must be found
        ("q=herning+vand", {"Fosfor fra renseanlægget"}),  # a partner's name
        ("goal=6", {"Fosfor fra renseanlægget"}),
        ("target=11.2", {"Cykelstier til skolen"}),
        ("indicator=DK-VANDUD-PHOSPHORUS", {"Fosfor fra renseanlægget"}),
        ("region=083", {"Cykelstier til skolen"}),  # Region Syddanmark: Vejle
        ("region=082", {"Fosfor fra renseanlægget"}),  # Region Midtjylland: Herning
        ("size=largest", {"Cykelstier til skolen"}),  # 120,000 inhabitants
        ("size=large", {"Fosfor fra renseanlægget"}),  # 90,000
        ("size=small", set()),
        ("municipality=657", {"Fosfor fra renseanlægget"}),
        ("goal=11&size=large", set()),
    ],
)
def test_the_case_search(searchable, query, found):
    shown = page(None, f"/learning/cases/?{query}").content.decode()
    for title in ("Cykelstier til skolen", "Fosfor fra renseanlægget"):
        assert (title in shown) == (title in found), (query, title)


def test_the_search_in_english(searchable):
    client = Client()
    client.cookies["django_language"] = "en"
    shown = client.get("/learning/cases/?q=cycle").content.decode()
    assert "Cycle paths to school" in shown and "Fosfor" not in shown


def test_a_case_s_results_against_similar_municipalities_before_and_after(editor, vejle, co2):
    """Vejle fell 0.1 a year before its case started in 2018 and 0.5 a year since; its similar
    municipalities 0.1 a year all along."""
    from verdensmaal.learning.selectors import case_evidence
    from verdensmaal.learning.services import case_create

    similar = {"615": "95000", "730": "99000"}
    observations(
        {
            "DK-FOLK1A-POPULATION": {"630": {2024: "120000"}}
            | {code: {2024: v} for code, v in similar.items()}
        }
    )
    vejle_series = {y: str(10 - 0.1 * (y - 2013)) for y in range(2013, 2019)}
    vejle_series |= {y: str(9.5 - 0.5 * (y - 2018)) for y in range(2019, 2024)}
    other = {y: str(12 - 0.1 * (y - 2013)) for y in range(2013, 2024)}
    observations({"DK-ENS-CO2E-PERCAP": {"630": vejle_series, "615": other, "730": other}})
    case = case_create(
        actor=editor,
        organisation=vejle,
        title_da="Klimaplan",
        summary_da="...",
        started_on=date(2018, 3, 1),
        indicators=[co2],
    )
    (evidence,) = case_evidence(case)
    assert evidence.own.before == pytest.approx(0.1)
    assert evidence.own.after == pytest.approx(0.5)
    assert evidence.similar.before == pytest.approx(0.1)
    assert evidence.similar.after == pytest.approx(0.1)
    assert evidence.outpaced == pytest.approx(0.4)
    assert sorted(evidence.similar_names) == ["Horsens", "Randers"]
    shown = page(editor, case.get_absolute_url()).content.decode()
    assert "Erfaringen begyndte i 2018" in shown  # on the chart
    assert "+0,4" in shown  # 0.4 a year more than the similar municipalities


def test_material_as_a_link_or_a_file_but_not_both(editor, vejle_cases):
    client = Client()
    client.force_login(editor)
    case = vejle_cases["network"]
    url = f"/learning/cases/{case.pk}/materials/new/"
    refused = client.post(url, {"title": "Ingenting"})
    assert (
        refused.status_code == 200
        and "Angiv enten en fil eller et link." in refused.content.decode()
    )
    assert client.post(url, {"title": "Video", "url": "https://example.org/v"}).status_code == 302
    link = case.materials.get(title="Video")
    response = page(editor, f"/learning/materials/{link.pk}/")
    assert response.status_code == 302 and response["Location"] == "https://example.org/v"
