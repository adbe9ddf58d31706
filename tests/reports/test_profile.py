"""The municipality profile: the 17-goal SDSN dashboard, similar municipalities, the published
framework only, a map and a chart, downloads; and the map page and the goals side by side."""

import csv
import io
import json
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data(reference, secretariat):
    """Generated demo observations for every municipality (no framework)."""
    from verdensmaal.dashboards.services import similarity_defaults_load
    from verdensmaal.data.demo import demo_observations_load

    demo_observations_load()
    similarity_defaults_load()


def test_the_profile_shows_the_17_goals_with_colour_arrow_score_and_rank(client, demo_data):
    page = client.get("/municipalities/630/").content.decode()
    tiles = re.findall(r'data-goal="(\d+)" data-colour="(\w+)"', page)
    assert [int(number) for number, _colour in tiles] == list(range(1, 18))
    assert {colour for _n, colour in tiles} <= {"green", "yellow", "orange", "red", "not_available"}
    assert ("Vejle" in page and "af 98 kommuner" in page) or "of 98" in page
    # Strongest and weakest indicators, and similar municipalities with a link to compare.
    assert page.count('class="indicator-list"') == 2
    assert "/progress/matrix/?peers=similar-630" in page


def test_the_profile_has_a_map_of_98_shapes_and_a_chart_with_names(client, demo_data):
    page = client.get("/municipalities/630/").content.decode()
    assert len(set(re.findall(r'data-area="(\d{3})"', page))) == 98
    assert page.count('role="img"') >= 1  # the ranked chart, named for screen readers
    assert "<title" in page


def test_nothing_on_the_profile_loads_from_another_host(client, demo_data):
    page = client.get("/municipalities/630/").content.decode()
    sources = re.findall(r'(?:src|href)="(https?:)?//', page)
    assert sources == []


def test_the_public_profile_shows_only_the_published_framework(client, demo_data, editor):
    from verdensmaal.catalogue.models import Indicator, Target
    from verdensmaal.frameworks import services

    framework = services.framework_create(
        actor=editor, organisation=editor.organisation, title_da="Vejles målramme",
        start_year=2021, end_year=2030,
    )  # fmt: skip
    services.local_target_create(
        actor=editor, framework=framework, title_da="Hemmeligt udkast",
        indicator=Indicator.objects.get(code="DK-ENS-CO2E-PERCAP"),
        sdg_targets=[Target.objects.get(code="13.2")], baseline_year=2020,
        baseline_value="10", target_value="5", target_year=2030, status="adopted",
    )  # fmt: skip
    assert "Vejles målramme" not in client.get("/municipalities/630/").content.decode()
    framework.refresh_from_db()
    services.framework_publish(
        actor=editor, framework=framework, version=framework.version, parts=False
    )
    page = client.get("/municipalities/630/").content.decode()
    assert "Vejles målramme" in page and "Hemmeligt udkast" not in page  # the part is unshared
    editor_client = Client()
    editor_client.force_login(editor)
    assert "Hemmeligt udkast" in editor_client.get("/municipalities/630/").content.decode()


def test_the_profiles_table_downloads_as_csv_for_danish_excel_excel_and_json(client, demo_data):
    danish = client.get("/municipalities/630/download/csv-excel/")
    text = danish.content.decode("utf-8")
    assert text.startswith("\ufeff") and ";" in text.splitlines()[0]
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 18 and rows[0][0] == "Mål"
    assert re.fullmatch(r"\d+", rows[1][1])  # the score in whole points, as the page shows it
    words = {"Nået", "Udfordringer tilbage", "Betydelige udfordringer", "Store udfordringer"}
    assert rows[1][3] in words | {"Ikke vurderet"}
    data = json.loads(client.get("/municipalities/630/download/json/").content)
    assert len(data) == 17
    xlsx = client.get("/municipalities/630/download/xlsx/")
    assert xlsx.content[:2] == b"PK"
    assert client.get("/municipalities/630/download/exe/").status_code == 404
    assert client.get("/municipalities/999/").status_code == 404


def test_the_map_page_draws_no_data_as_no_data_never_as_the_lowest_class(client, reference):
    from verdensmaal.data.parsers import ObservationRow
    from verdensmaal.data.services import import_apply, import_plan

    rows = [
        ObservationRow(0, "DK-ENS-RESHARE", code, "2024", str(value), None, (), frozenset())
        for code, value in (("630", 40), ("101", 10), ("851", 25), ("751", 70), ("461", 55))
    ]
    import_apply(actor=None, plan=import_plan(actor=None, rows=rows), source_name="t", format="csv")
    page = client.get("/progress/", {"view": "indicator", "indicator": "DK-ENS-RESHARE"})
    text = page.content.decode()
    assert len(set(re.findall(r'data-area="(\d{3})"', text))) == 98
    shapes = dict(re.findall(r'<path[^>]*data-area="(\d{3})"[^>]*fill="([^"]+)"', text))
    shapes.update(re.findall(r'<path[^>]*fill="([^"]+)"[^>]*data-area="(\d{3})"', text)[::-1])
    assert "Ingen data" in text
    assert shapes.get("630") != shapes.get("153")  # Brøndby has no data: hatched, not a class


def test_the_map_downloads_exactly_its_table(client, reference):
    from verdensmaal.data.parsers import ObservationRow
    from verdensmaal.data.services import import_apply, import_plan

    rows = [
        ObservationRow(0, "DK-ENS-RESHARE", code, "2024", value, None, (), frozenset())
        for code, value in (("630", "40.5"), ("101", "10.25"))
    ]
    import_apply(actor=None, plan=import_plan(actor=None, rows=rows), source_name="t", format="csv")
    query = {"view": "indicator", "indicator": "DK-ENS-RESHARE"}
    page = client.get("/progress/", query).content.decode()
    assert "download=csv-excel" in page
    response = client.get("/progress/", {**query, "download": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="map-DK-ENS-RESHARE-2024.csv"'
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(table) == 99  # the header and the 98 municipalities, as the table on the page
    by_code = {row[0]: row for row in table[1:]}
    assert by_code["630"][2] == "40.5" and by_code["101"][2] == "10.25"
    assert by_code["153"][2] == "" and by_code["153"][3] == "Ingen data"  # no data, not zero
    assert client.get("/progress/", {**query, "download": "exe"}).status_code == 404


def test_the_comparison_downloads_the_rows_it_shows(client, demo_data):
    query = {"peers": "084", "sort": "value"}  # the Capital Region's municipalities
    page = client.get("/progress/indicators/DK-IFOR-LOWINC60/", query).content.decode()
    assert "download=json" in page
    data = json.loads(
        client.get("/progress/indicators/DK-IFOR-LOWINC60/", {**query, "download": "json"}).content
    )
    assert len(data) == 29  # the region's municipalities, as the table shows them
    shown = re.findall(
        r'<tr[^>]*>\s*<td><a href="/progress/municipalities/\d+/[^"]*">([^<]+)</a>', page
    )
    assert [row["Kommune"] for row in data] == shown


def test_the_goals_side_by_side_for_similar_municipalities(client, demo_data):
    page = client.get("/progress/matrix/", {"peers": "similar-630"})
    rows = page.context["rows"]
    assert rows[0].area.code == "630" and len(rows) == 11
    assert all(len(row.goals) == 17 for row in rows)


def test_the_network_overview_is_for_members_and_shows_each_members_dashboard(
    client, demo_data, editor, participant
):
    from verdensmaal.portal.demo import demo_load

    demo_load(with_data=False)
    assert client.get("/network/overview/").status_code == 302  # to the login
    client.force_login(participant)
    page = client.get("/network/overview/")
    assert page.status_code == 200
    names = [row.area.name_da for row in page.context["rows"]]
    assert "Vejle" in names and "Herning" in names and "Aarhus" not in names
    assert all(len(row.matrix.goals) == 17 for row in page.context["rows"])
    download = client.get("/network/overview/download/csv-excel/").content.decode("utf-8")
    assert download.splitlines()[0].startswith("\ufeffKommune;Verdensmålsindeks;1. Afskaf")
