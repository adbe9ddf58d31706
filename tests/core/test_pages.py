import pytest
from django.urls import reverse

from verdensmaal.catalogue.models import Target


def test_front_page_is_danish_by_default(client, reference):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en")
    text = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="da">' in text
    assert "Fra verdensmål til vores mål" in text
    assert response["Content-Language"] == "da"


def test_language_switch_gives_english_and_back(client, reference):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/goals/13/"})
    assert response.status_code == 302
    assert response["Location"] == "/goals/13/"
    page = client.get("/goals/13/").content.decode()
    assert '<html lang="en">' in page
    assert "Climate action" in page
    assert "5 targets" in page

    client.post(reverse("set_language"), {"language": "da", "next": "/"})
    assert "Klimaindsats" in client.get("/goals/13/").content.decode()


def test_goal_page_lists_its_targets_and_indicators_in_the_goal_colour(client, reference):
    response = client.get("/goals/13/")
    text = response.content.decode()
    assert response.status_code == 200
    for code in ["13.1", "13.2", "13.3", "13.a", "13.b", "13.2.2"]:
        assert f'<span class="code">{code}</span>' in text
    assert '<article class="goal goal-13">' in text  # goal 13's colour, from the stylesheet
    assert "5 delmål" in text
    # The targets are in Danish (reference/sdg_da.yaml): no English text marked as a fallback.
    assert "Engelsk tekst: ingen dansk oversættelse endnu" not in text


def test_goal_list_shows_all_17(client, reference):
    text = client.get("/goals/").content.decode()
    assert text.count('class="goal-tile goal-') == 17


def test_municipality_list_is_grouped_by_region_and_searchable(client, reference):
    text = client.get("/municipalities/").content.decode()
    assert text.count('class="region"') == 5
    assert text.count("/municipalities/") >= 98
    found = client.get("/municipalities/", {"q": "vej"}).content.decode()
    assert "Vejle" in found and "Vejen" in found and "Aarhus" not in found
    assert "2 kommuner fundet" in found
    by_code = client.get("/municipalities/", {"q": "101"}).content.decode()
    assert "København" in by_code
    none = client.get("/municipalities/", {"q": "<script>"}).content.decode()
    assert "Ingen kommune passer til din søgning." in none
    assert "<script>" not in none.split("</header>")[1]


def test_municipality_page(client, vejle):
    text = client.get("/municipalities/630/").content.decode()
    assert "Vejle Kommune" in text
    assert "Region Syddanmark" in text
    assert "Fredericia" in text  # a neighbour in the same region


@pytest.mark.parametrize(
    "url", ["/municipalities/999/", "/municipalities/081/", "/municipalities/abc/", "/goals/99/"]
)
def test_unknown_codes_give_a_clear_404(client, reference, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_secretariat_translates_a_target(client, secretariat):
    client.force_login(secretariat)
    response = client.post("/goals/targets/13.2/translation/", {"title_da": "Integrér klima"})
    assert response.status_code == 302
    assert Target.objects.get(code="13.2").title_da == "Integrér klima"
    page = client.get("/goals/13/").content.decode()
    assert "Integrér klima" in page


def test_empty_translation_is_refused_with_a_message(client, secretariat):
    before = Target.objects.get(code="13.2").title_da
    client.force_login(secretariat)
    response = client.post("/goals/targets/13.2/translation/", {"title_da": "   "}, follow=True)
    assert Target.objects.get(code="13.2").title_da == before
    assert "Skriv delmålets danske tekst." in response.content.decode()
