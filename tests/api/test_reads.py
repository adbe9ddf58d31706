"""Reads of the SDG framework, the areas, the catalogue and the programme, with the caching
headers and the documentation page."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.http import http_date


def test_goals_come_with_their_targets_and_global_indicators_in_both_languages(client, reference):
    response = client.get("/api/v1/goals")
    assert response.status_code == 200
    goals = response.json()
    assert [goal["number"] for goal in goals] == list(range(1, 18))
    goal13 = goals[12]
    assert goal13["name"]["en"] == "Climate action"
    assert goal13["name"]["da"]
    assert goal13["colour"].startswith("#")
    target = next(t for t in goal13["targets"] if t["code"] == "13.2")
    assert target["title"]["en"] and target["title"]["da"]
    assert "13.2.2" in [g["code"] for g in target["global_indicators"]]
    assert sum(len(goal["targets"]) for goal in goals) == 169


def test_one_goal_and_an_unknown_one(client, reference):
    assert client.get("/api/v1/goals/7").json()["number"] == 7
    response = client.get("/api/v1/goals/18")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_the_catalogue_gives_thresholds_units_and_targets(client, reference):
    indicators = client.get("/api/v1/indicators").json()
    assert len(indicators) >= 50
    co2 = client.get("/api/v1/indicators/DK-ENS-CO2E-PERCAP").json()
    assert co2["direction"] == "lower"
    assert co2["unit"]["da"] and co2["unit"]["en"]
    assert 13 in co2["goals"]
    assert co2["observations"] == "/api/v1/observations?indicator=DK-ENS-CO2E-PERCAP"
    with_thresholds = [i for i in indicators if i["green_threshold"] is not None]
    assert with_thresholds and all(i["red_threshold"] is not None for i in with_thresholds)
    goal_7 = client.get("/api/v1/indicators?goal=7").json()
    assert goal_7 and all(7 in i["goals"] for i in goal_7)
    assert client.get("/api/v1/indicators/NO-SUCH-CODE").status_code == 404


def test_areas_regions_municipalities_and_peer_groups(client, secretariat):
    from verdensmaal.areas.models import Area
    from verdensmaal.areas.services import peer_group_save

    municipalities = client.get("/api/v1/areas?kind=municipality").json()
    assert len(municipalities) == 98
    vejle = client.get("/api/v1/areas/630").json()
    assert vejle["name"]["da"] == "Vejle"
    assert vejle["parent"] == "083"  # Region Syddanmark
    region = client.get("/api/v1/areas/083").json()
    assert "630" in region["children"]
    group = peer_group_save(
        actor=secretariat, name_da="Store byer",
        municipalities=list(Area.objects.filter(code__in=["101", "751", "630"])),
    )  # fmt: skip
    groups = client.get("/api/v1/peer-groups").json()
    assert groups == [client.get(f"/api/v1/peer-groups/{group.pk}").json()]
    assert groups[0]["municipalities"] == ["101", "630", "751"]
    assert client.get("/api/v1/areas/630").json()["peer_groups"] == [group.pk]
    assert client.get("/api/v1/areas/999").status_code == 404


def test_reads_carry_an_etag_and_answer_304_when_nothing_changed(client, reference):
    first = client.get("/api/v1/indicators/DK-ENS-CO2E-PERCAP")
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert first["Last-Modified"]
    assert first["Cache-Control"] == "public, max-age=60"
    assert "Authorization" in first["Vary"]
    again = client.get("/api/v1/indicators/DK-ENS-CO2E-PERCAP", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    other = client.get("/api/v1/indicators/DK-IFOR-LOWINC60", HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200


def test_if_modified_since_follows_the_data(client, secretariat):
    from verdensmaal.catalogue.models import Indicator
    from verdensmaal.catalogue.services import indicator_save

    url = "/api/v1/indicators/DK-ENS-CO2E-PERCAP"
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    earlier = http_date((datetime.now(UTC) - timedelta(days=3650)).timestamp())
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200

    indicator = Indicator.objects.get(code="DK-ENS-CO2E-PERCAP")
    Indicator.objects.filter(pk=indicator.pk).update(
        updated_at=datetime.now(UTC) - timedelta(days=1)
    )  # so that the edit below is visibly later, to the second
    old = client.get(url)
    indicator_save(
        actor=secretariat, indicator=indicator, targets=list(indicator.targets.all()),
        name_en="CO2e per inhabitant (edited)",
    )  # fmt: skip
    new = client.get(url, HTTP_IF_MODIFIED_SINCE=old["Last-Modified"])
    assert new.status_code == 200
    assert new.json()["name"]["en"] == "CO2e per inhabitant (edited)"
    assert new["ETag"] != old["ETag"]


def test_a_read_with_a_token_is_private_to_its_user(client, editor):
    from .conftest import bearer

    response = client.get("/api/v1/goals/1", **bearer(editor))
    assert response["Cache-Control"] == "private, no-cache"


def test_the_api_speaks_english_whatever_the_sites_language(client, reference):
    client.cookies["django_language"] = "da"
    response = client.get("/api/v1/goals/18")
    assert response["Content-Language"] == "en"
    assert response.json()["detail"] == "No goal with that id or code."


def test_the_schema_and_the_docs_page_served_from_this_site(client, reference):
    def unique(pairs):  # Swagger UI refuses a schema with a key twice in an object
        keys = [key for key, _value in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    schema = json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=unique)
    assert schema["info"]["version"] == "1"
    assert "/api/v1/observations" in schema["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/static/") for source in sources)
    assert "cdn" not in html.lower()
    # no inline script: only the settings as JSON data and the two files
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    for attributes, _body in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
    for source in sources:  # files of this site, which collectstatic gathers for WhiteNoise
        assert finders.find(source.removeprefix(settings.STATIC_URL).lstrip("/")), source


def test_the_schema_exported_to_a_file_is_the_one_served(client, tmp_path):
    """ninja's ``export_openapi_schema`` command, kept though ninja is no installed app."""
    from django.core.management import call_command

    path = tmp_path / "openapi.json"
    call_command("export_openapi_schema", "--api", "verdensmaal.api.api.api", "--output", path)
    assert json.loads(path.read_text()) == client.get("/api/v1/openapi.json").json()


@pytest.fixture
def season(secretariat):
    from datetime import date

    from verdensmaal.network.services import meeting_create, season_create

    season = season_create(
        actor=secretariat, name="2025-26", title_da="Sæson 2025-26", starts_on=date(2025, 8, 1),
        ends_on=date(2026, 6, 30), base_price="10000.00", further_discount="0.25",
    )  # fmt: skip
    meeting = meeting_create(
        actor=secretariat, season=season, starts_at=datetime(2025, 9, 1, 8, tzinfo=UTC),
        ends_at=datetime(2025, 9, 1, 14, tzinfo=UTC), title_da="Data og mål",
        format="hybrid", city="Vejle", venue="Spinderihallerne",
        online_url="https://meet.example.org/abc", minutes="Referat",
        speakers=[{"name": "Anna Andersen", "title": "chefkonsulent",
                   "organisation": "Vejle Kommune"}],
    )  # fmt: skip
    return season, meeting


def test_the_programme_without_personal_data_and_the_link_for_members_only(
    client, season, participant
):
    from .conftest import bearer

    season, meeting = season
    seasons = client.get("/api/v1/seasons").json()
    assert [s["name"] for s in seasons] == ["2025-26"]
    public = client.get(f"/api/v1/seasons/{season.pk}").json()
    (shown,) = public["meetings"]
    assert shown["theme"]["da"] == "Data og mål"
    assert shown["format"] == "hybrid" and shown["city"] == "Vejle" and shown["is_online"]
    assert shown["speakers"] == [
        {"name": "Anna Andersen", "title": "chefkonsulent", "organisation": "Vejle Kommune"}
    ]
    assert shown["online_url"] is None and shown["minutes"] is None
    assert client.get(f"/api/v1/meetings/{meeting.pk}").json() == shown
    member = client.get(f"/api/v1/meetings/{meeting.pk}", **bearer(participant)).json()
    assert member["online_url"] == "https://meet.example.org/abc"
    assert member["minutes"] == "Referat"
    assert client.get("/api/v1/programme").json()["id"] == season.pk
    assert client.get("/api/v1/meetings/999999").status_code == 404
