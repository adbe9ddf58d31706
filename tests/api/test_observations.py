"""Observations through the API: filters, cursor paging that is stable when values are imported
meanwhile, the CSV variant, and the imports with the values they revised."""

import csv
import io

import pytest

from verdensmaal.api import cursor

from .conftest import observations

INDICATOR = "DK-ENS-CO2E-PERCAP"


@pytest.fixture
def data(reference):
    """Two indicators for three areas, 2015-2024, with a breakdown by sex for Vejle."""
    for area in ("630", "657", "101"):
        observations(INDICATOR, area, {year: str(year - 2000) for year in range(2015, 2025)})
    for sex in ("F", "M"):
        observations(INDICATOR, "630", {2020: "4.5", 2021: "4.4"}, breakdown=(("sex", sex),))
    observations("DK-IFOR-LOWINC60", "630", {2019: "7.1", 2020: "7.3"})


def _all_pages(client, url) -> list[dict]:
    rows = []
    while url:
        page = client.get(url).json()
        rows.extend(page["items"])
        url = page["next"]
    return rows


def test_filters_by_indicator_area_period_and_breakdown(client, data):
    rows = client.get(f"/api/v1/observations?indicator={INDICATOR}&area=630&area=657"
                      "&from=2018&to=2020&breakdown=").json()["items"]  # fmt: skip
    assert {(r["area"], r["period"]) for r in rows} == {
        (area, str(year)) for area in ("630", "657") for year in (2018, 2019, 2020)
    }
    assert all(r["breakdown"] == "" and r["indicator"] == INDICATOR for r in rows)
    by_sex = client.get(f"/api/v1/observations?indicator={INDICATOR}&breakdown=sex=F").json()
    assert [(r["period"], r["value"]) for r in by_sex["items"]] == [("2020", 4.5), ("2021", 4.4)]
    co2 = client.get(f"/api/v1/observations?indicator={INDICATOR}").json()["items"]
    assert len(co2) == 34
    assert rows[0]["unit"] and rows[0]["flags"] == []
    everything = client.get("/api/v1/observations").json()["items"]
    assert len(everything) == 36


def test_paging_with_a_cursor_gives_every_row_once_in_order(client, data):
    rows = _all_pages(client, f"/api/v1/observations?indicator={INDICATOR}&limit=7")
    one_page = client.get(f"/api/v1/observations?indicator={INDICATOR}&limit=100").json()
    assert rows == one_page["items"]
    assert one_page["next"] is None and one_page["next_cursor"] is None


def test_a_page_is_not_shifted_by_values_imported_meanwhile(client, data):
    first = client.get(f"/api/v1/observations?indicator={INDICATOR}&area=657&limit=5").json()
    assert [r["period"] for r in first["items"]] == ["2015", "2016", "2017", "2018", "2019"]
    # earlier years arrive, and a value of the first page is revised
    observations(INDICATOR, "657", {2010: "1", 2011: "2", 2016: "99"})
    second = client.get(first["next"]).json()
    assert [r["period"] for r in second["items"]] == ["2020", "2021", "2022", "2023", "2024"]


def test_csv_streams_the_whole_selection_in_the_import_layout(client, data):
    response = client.get(f"/api/v1/observations?indicator={INDICATOR}&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["ETag"]
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 34
    assert set(rows[0]) == {"indicator", "area", "period", "sex", "value", "unit", "flags"}
    export = client.get(f"/data/export/?indicator={INDICATOR}&format=csv")
    assert text == b"".join(export.streaming_content).decode()  # the site's own export
    again = client.get(
        f"/api/v1/observations?indicator={INDICATOR}&format=csv",
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304
    observations(INDICATOR, "101", {2024: "25"})  # a revision changes the file's ETag
    changed = client.get(
        f"/api/v1/observations?indicator={INDICATOR}&format=csv",
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert changed.status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("indicator=NOPE", "indicator"),
        ("area=999", "area"),
        ("from=20x5", "from"),
        ("limit=0", "limit"),
        ("limit=10001", "limit"),
        ("cursor=bm90LWEtY3Vyc29y", "cursor"),
        ("cursor=" + cursor.encode("r", (5,)), "cursor"),  # another list's cursor
        ("cursor=" + cursor.encode("o", (2**70, 1, "2020", "")), "cursor"),
        ("format=xml", "format"),
        ("indicator=%00", "indicator"),
        ("breakdown=%00", "breakdown"),
    ],
)
def test_bad_filters_are_422_naming_the_parameter(client, data, query, field):
    response = client.get(f"/api/v1/observations?{query}")
    assert response.status_code == 422
    assert any(error["field"].startswith(field) for error in response.json()["errors"])


def test_an_import_and_the_values_it_revised(client, data):
    revision = observations(INDICATOR, "630", {2019: "19.5", 2020: "20", 2030: "30"})
    body = client.get(f"/api/v1/imports/{revision.pk}").json()
    assert (body["new"], body["changed"], body["unchanged"]) == (1, 1, 1)
    assert body["source"] == "test.csv"
    revised = client.get(body["revisions"]).json()
    assert revised["next"] is None
    (row,) = revised["items"]
    assert (row["area"], row["period"], row["old_value"], row["new_value"]) == (
        "630", "2019", 19.0, 19.5,
    )  # fmt: skip
    observations(INDICATOR, "630", {2019: "18"})  # revised again later
    (row,) = client.get(body["revisions"]).json()["items"]
    assert row["new_value"] == 19.5  # what that import wrote, not today's value
    assert client.get("/api/v1/imports/999999").status_code == 404


def test_cursor_round_trip_and_refusals():
    key = (3, 98, "2020Q1", "age=15-24;sex=F")
    assert cursor.decode("o", cursor.encode("o", key), (int, int, str, str)) == key
    for text in ("", "!!!", "x" * 2000, cursor.encode("o", (True, 1, "", ""))):
        with pytest.raises(cursor.InvalidCursor):
            cursor.decode("o", text, (int, int, str, str))
