"""The join to measurement on a known framework: Vejle measures recycling (a local target on 12.5,
following CO2 per inhabitant on 13.2 too) and forest (15.2); its climate plan addresses 7.2, 11.5,
12.3, 12.5 and 13.1. From the document page an editor links the plan to the framework and sets
local targets and actions, on forms filled in from the plan."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.core.exceptions import ValidationError

from verdensmaal.audit.models import AuditEntry
from verdensmaal.documents import selectors, services
from verdensmaal.frameworks.models import Strategy

from .conftest import CLIMATE_PLAN, CLIMATE_PLAN_TARGETS


@pytest.fixture
def plan(editor, vejle, measured):
    return services.document_create(
        actor=editor, organisation=vejle, title="Klimaplan 2030", text=CLIMATE_PLAN
    )


def test_the_known_plan_addresses_the_known_targets(plan):
    assert set(plan.targets) == CLIMATE_PLAN_TARGETS


def test_targets_addressed_and_not_measured_and_measurement_no_strategy_addresses(
    plan, editor, framework, measured
):
    forest = measured[1]
    found = selectors.document_coverage(plan, editor)
    assert found.framework == framework
    assert [(gap.target.code, gap.passage_numbers) for gap in found.gaps] == [
        ("7.2", [1]),
        ("11.5", [2]),
        ("12.3", [3]),
        ("13.1", [2]),
    ]
    indicators = {gap.target.code: [i.code for i in gap.indicators] for gap in found.gaps}
    assert indicators == {
        "7.2": ["DK-BIL-EVSHARE", "DK-ENS-RESHARE"],
        "11.5": [],
        "12.3": [],
        "13.1": [],
    }
    assert [target.code for target in found.measured] == ["12.5"]
    assert found.unaddressed_local_targets == [forest]
    assert [i.code for i in found.unaddressed_indicators] == [
        "DK-AREALDK2-FOREST",
        "DK-ENS-CO2E-PERCAP",
    ]
    assert found.documents_considered == 1


def test_another_screened_document_of_the_municipality_counts(plan, editor, vejle, measured):
    services.document_create(
        actor=editor,
        organisation=vejle,
        title="Naturpolitik",
        text="Kommunen vil plante ny skov og genrejse naturlige skove, så skovarealet vokser, og "
        "skovrejsning skal binde kulstof.",
    )
    found = selectors.document_coverage(plan, editor)
    assert found.unaddressed_local_targets == []
    assert found.documents_considered == 2


def test_the_page_shows_the_join_with_the_editors_links(editor_client, plan, framework):
    page = editor_client.get(plan.get_absolute_url()).content.decode()
    assert "Det, kommunen måler" in page
    assert "4 delmål, som dokumentet behandler, bliver ikke målt" in page
    assert "ingen: et databehov" in page
    assert "Mere skov" in page
    assert f'href="/frameworks/f/{framework.pk}/actions/new/"' in page
    assert "Ny indsats ud fra dette afsnit" in page


def test_a_local_target_is_set_on_a_form_filled_in_from_the_plan(
    editor_client, plan, editor, framework
):
    [gap] = [g for g in selectors.document_coverage(plan, editor).gaps if g.target.code == "7.2"]
    url = urlparse(gap.new_local_target_url)
    assert url.path == f"/frameworks/f/{framework.pk}/targets/new/"
    assert parse_qs(url.query) == {
        "sdg_targets": ["7.2"],
        "indicator": ["DK-BIL-EVSHARE"],
        "rationale": ["Strategien «Klimaplan 2030» behandler delmål 7.2."],
    }
    form = editor_client.get(gap.new_local_target_url).content.decode()
    assert 'name="sdg_targets" value="7.2"' in form
    assert '<option value="DK-BIL-EVSHARE" selected>' in form
    assert "Strategien «Klimaplan 2030» behandler delmål 7.2." in form


def test_an_action_is_proposed_from_a_passage(editor_client, plan, framework, client, participant):
    response = editor_client.get(f"/screening/{plan.pk}/passages/1/action/")
    url = urlparse(response["Location"])
    assert url.path == f"/frameworks/f/{framework.pk}/actions/new/"
    assert parse_qs(url.query)["title_da"] == ["Energi"]
    form = editor_client.get(response["Location"]).content.decode()
    assert 'name="title_da" value="Energi"' in form
    assert "Kommunen vil udbygge fjernvarmen og hjælpe husstande med oliefyr" in form
    assert editor_client.get(f"/screening/{plan.pk}/passages/99/action/").status_code == 404
    client.force_login(participant)
    assert client.get(f"/screening/{plan.pk}/passages/1/action/").status_code == 403


def test_a_reader_sees_the_join_without_the_editors_links(client, participant, plan):
    client.force_login(participant)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Det, kommunen måler" in page and "Mere skov" in page
    assert "Sæt et lokalt mål" not in page and "Ny indsats ud fra dette afsnit" not in page


def test_a_draft_local_target_stays_with_the_editors(client, participant, plan, measured, editor):
    from verdensmaal.frameworks.services import local_target_update

    forest = measured[1]
    local_target_update(actor=editor, local_target=forest, version=forest.version, status="draft")
    assert selectors.document_coverage(plan, editor).unaddressed_local_targets == [forest]
    assert selectors.document_coverage(plan, participant).unaddressed_local_targets == []


def test_without_a_framework_the_page_says_so(editor_client, editor, vejle):
    document = services.document_create(actor=editor, organisation=vejle, text=CLIMATE_PLAN)
    page = editor_client.get(document.get_absolute_url()).content.decode()
    assert "Organisationen har ingen handlings- og målramme" in page


def test_linking_the_plan_to_a_new_strategy_gives_it_the_text(
    editor_client, plan, framework, django_capture_on_commit_callbacks
):
    response = editor_client.post(
        f"/screening/{plan.pk}/strategy/", {"framework": framework.pk, "title_da": "Klimaplanen"}
    )
    assert response.status_code == 302
    strategy = Strategy.objects.get()
    plan.refresh_from_db()
    assert plan.strategy == strategy and strategy.framework == framework
    assert strategy.title_da == "Klimaplanen" and strategy.sharing == plan.sharing
    with strategy.document.open("rb") as stored:
        assert stored.read().decode() == CLIMATE_PLAN.strip()
    assert AuditEntry.objects.filter(action="frameworks.strategy.created").count() == 1
    entry = AuditEntry.objects.get(action="documents.document.strategy_linked")
    assert entry.changes == {"strategy": [None, strategy.pk]}
    page = editor_client.get(plan.get_absolute_url()).content.decode()
    assert f'href="/frameworks/strategies/{strategy.pk}/edit/"' in page
    assert "Knyt lokale mål og indsatser til strategien" in page


def test_linking_to_an_existing_strategy(editor, plan, framework):
    from verdensmaal.frameworks.services import strategy_create

    strategy = strategy_create(
        actor=editor, framework=framework, title_da="Klimaplan", url="https://vejle.dk/klima"
    )
    services.document_link_strategy(actor=editor, document=plan, strategy=strategy)
    plan.refresh_from_db()
    assert plan.strategy == strategy
    assert selectors.document_coverage(plan, editor).framework == framework


def test_a_strategy_of_another_municipality_is_refused(secretariat, editor, plan, herning):
    from verdensmaal.frameworks.services import framework_create, strategy_create

    other = framework_create(
        actor=secretariat, organisation=herning, title_da="Herning", start_year=2021, end_year=2030
    )
    strategy = strategy_create(
        actor=secretariat, framework=other, title_da="Hernings plan", url="https://herning.dk"
    )
    with pytest.raises(ValidationError):
        services.document_link_strategy(actor=secretariat, document=plan, strategy=strategy)
    with pytest.raises(ValidationError):
        services.document_link_strategy(actor=secretariat, document=plan, framework=other)
    plan.refresh_from_db()
    assert plan.strategy is None and Strategy.objects.count() == 1


def test_the_upload_form_offers_the_organisations_strategies(editor_client, editor, framework):
    from verdensmaal.frameworks.services import strategy_create

    strategy_create(
        actor=editor, framework=framework, title_da="Klimaplan", url="https://vejle.dk/klima"
    )
    form = editor_client.get("/screening/new/").content.decode()
    assert "Klimaplan (Vejle Kommune, 2021–2030)" in form
