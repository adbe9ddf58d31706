from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Indicator
from verdensmaal.dashboards.selectors import goal_summary, indicator_comparison
from verdensmaal.data.services import import_apply, import_plan, parse_file
from verdensmaal.measurement.models import ProgressSettings
from verdensmaal.progress import assess

INDICATOR = "DK-IFOR-LOWINC60"  # lower is better


def load(rows: list[tuple[str, int, float]]):
    text = "indicator,area,period,value\n" + "".join(
        f"{INDICATOR},{area},{year},{value}\n" for area, year, value in rows
    )
    plan = import_plan(actor=None, rows=parse_file(text.encode(), format="csv"))
    import_apply(actor=None, plan=plan, source_name="t.csv", format="csv")


def test_comparison_gives_each_municipality_the_engines_status_under_every_method(reference):
    # Vejle improves (falls), Kolding worsens, Billund has one value only.
    load(
        [("630", y, 15 - 0.5 * (y - 2015)) for y in range(2015, 2025)]
        + [("621", y, 10 + 0.4 * (y - 2015)) for y in range(2015, 2025)]
        + [("530", 2024, 12.0)]
    )
    indicator = Indicator.objects.get(code=INDICATOR)
    peers = list(Area.objects.filter(code__in=["630", "621", "530"]).order_by("code"))
    rows = {r.area.code: r for r in indicator_comparison(indicator, peers=peers, base_year=2015)}
    years = list(range(2015, 2025))
    for method in ("unsd", "opensdg", "sdsn"):
        expected = assess(
            years, [15 - 0.5 * (y - 2015) for y in years], method=method, direction="lower",
            target=rows["630"].latest if method == "sdsn" else None,
        )  # fmt: skip
        if method != "sdsn":  # the SDSN green threshold is the municipal best, checked below
            assert rows["630"].statuses[method]["code"] == expected.status
    assert rows["630"].statuses["opensdg"]["code"] == "substantial_progress"
    assert rows["621"].statuses["opensdg"]["code"] == "deterioration"
    assert rows["530"].statuses["unsd"]["code"] == "not_available"  # one point: never a guess
    assert rows["630"].latest == 10.5 and rows["630"].latest_year == 2024
    assert rows["630"].score == 100.0  # the best of the three
    assert rows["621"].score == 0.0


def test_goal_summary_scores_and_ranks_against_all_municipalities(reference):
    load([("630", y, 9.0) for y in (2015, 2024)] + [("621", y, 20.0) for y in (2015, 2024)])
    tiles, overall, _rank = goal_summary(
        Area.objects.get(code="630"), method="opensdg", base_year=2015
    )
    assert [t.goal.number for t in tiles] == list(range(1, 18))
    goal1 = tiles[0]
    assert goal1.score == 100.0 and goal1.rank == 1
    assert overall is not None
    shown = [row for row in goal1.indicators if row["indicator"].code == INDICATOR]
    assert shown[0]["latest"] == 9.0
    assert tiles[12].score is None and tiles[12].trend["code"] == "not_available"  # no data


def test_pages_answer_in_danish_and_refuse_bad_codes(client, reference):
    load([("630", y, 15 - 0.5 * (y - 2015)) for y in range(2015, 2025)])
    page = client.get("/progress/municipalities/630/").content.decode()
    assert "Fremskridt i Vejle" in page
    comparison = client.get(
        f"/progress/indicators/{INDICATOR}/", {"peers": "083", "sort": "status"}
    )
    assert comparison.status_code == 200
    # The table holds the peer group (Region Syddanmark); the chart and the map show all 98.
    shown = [row.area.name_da for row in comparison.context["rows"]]
    assert "Vejle" in shown and "Aalborg" not in shown
    assert client.get("/progress/municipalities/999/").status_code == 404
    assert client.get("/progress/indicators/NOPE/").status_code == 404
    # an unknown method or sort falls back to the defaults rather than failing
    assert client.get("/progress/municipalities/630/", {"method": "x"}).status_code == 200
    assert client.get(f"/progress/indicators/{INDICATOR}/", {"sort": "x"}).status_code == 200


def test_only_the_secretariat_sets_the_default_method(client, reference, editor, secretariat):
    client.force_login(editor)
    assert (
        client.post(
            "/progress/settings/", {"default_method": "unsd", "base_year": 2015}
        ).status_code
        == 403
    )
    assert ProgressSettings.current().default_method == "opensdg"
    client.force_login(secretariat)
    response = client.post("/progress/settings/", {"default_method": "unsd", "base_year": 1999})
    assert response.status_code == 200 and ProgressSettings.current().base_year == 2015
    response = client.post("/progress/settings/", {"default_method": "unsd", "base_year": 2016})
    assert response.status_code == 302
    assert ProgressSettings.current().default_method == "unsd"
    page = client.get("/progress/municipalities/630/").content.decode()
    assert 'value="unsd" selected' in page


def test_methods_page_explains_the_methods(client, reference):
    text = client.get("/methods/").content.decode()  # Danish by default
    assert "Statistics Canada" in text and "CR ≥ 0,95" in text
    client.cookies["django_language"] = "en"
    text = client.get("/methods/").content.decode()
    assert "Statistics Canada" in text and "CR ≥ 0.95" in text


def test_comparison_within_a_peer_group_keeps_it_when_the_method_changes(client, secretariat):
    from verdensmaal.areas.demo import peer_groups_load
    from verdensmaal.areas.models import PeerGroup

    peer_groups_load(actor=secretariat)
    peer_groups_load(actor=secretariat)  # again: no duplicates
    islands = PeerGroup.objects.get(name_en="Island municipalities")
    assert sorted(islands.municipalities.values_list("code", flat=True)) == [
        "400", "492", "563", "741", "825",
    ]  # fmt: skip
    load([("492", 2024, 12.0), ("630", 2024, 9.0)])
    response = client.get(
        f"/progress/indicators/{INDICATOR}/", {"peers": f"group-{islands.pk}", "method": "unsd"}
    )
    rows = response.context["rows"]
    assert sorted(r.area.code for r in rows) == ["400", "492", "563", "741", "825"]
    text = response.content.decode()
    assert f'name="peers" value="group-{islands.pk}"' in text  # kept by the method switch
    assert "Økommuner" in text
