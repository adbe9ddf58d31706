import json

import httpx
import pytest

from verdensmaal.data.parsers import ImportValidationError
from verdensmaal.data.statbank import (
    CELL_LIMIT,
    StatBankClient,
    StatBankError,
    TableInfo,
    count_cells,
    split_selection,
)


def client_for(handler, **options):
    sleeps = []
    client = StatBankClient(
        client=httpx.Client(transport=httpx.MockTransport(handler)),
        sleep=sleeps.append,
        **options,
    )
    return client, sleeps


def test_tableinfo_recorded_response(fixture_bytes):
    recorded = fixture_bytes("statbank/folk1a_tableinfo_en.json")
    requests = []

    def handler(request):
        requests.append(request)
        return httpx.Response(200, content=recorded)

    client, _ = client_for(handler)
    info = client.tableinfo("FOLK1A", lang="en")
    assert str(requests[0].url) == "https://api.statbank.dk/v1/tableinfo"
    assert requests[0].method == "POST"
    assert json.loads(requests[0].content) == {"table": "FOLK1A", "lang": "en", "format": "JSON"}
    assert info.id == "FOLK1A"
    assert info.variable("køn").codes == ["TOT", "1", "2"]


def test_fetch_recorded_response(fixture_bytes):
    recorded_info = fixture_bytes("statbank/folk1a_tableinfo_en.json")
    recorded_data = fixture_bytes("statbank/folk1a_data_jsonstat_en.json")
    bodies = []

    def handler(request):
        body = json.loads(request.content)
        bodies.append((request.url.path, body))
        return httpx.Response(
            200, content=recorded_info if "tableinfo" in request.url.path else recorded_data
        )

    client, _ = client_for(handler)
    rows = client.fetch("FOLK1A", {}, lang="en", indicator="population")
    assert bodies[1] == (
        "/v1/data",
        {"table": "FOLK1A", "format": "JSONSTAT", "lang": "en", "variables": []},
    )
    assert [(r.indicator, r.area, r.period, int(r.value), r.unit) for r in rows] == [
        ("population", "000", "2020Q1", 5822763, "number")
    ]


# A FOLK1A-shaped tableinfo built here (the recorded one lists only KØN): OMRÅDE with Denmark,
# the five regions, 98 municipality codes and the 11 landsdele (01-11), which are not our areas.
MUNICIPALITIES = [str(code) for code in range(101, 199)]
LANDSDELE = [f"{n:02d}" for n in range(1, 12)]
QUARTERS = [f"{year}K{q}" for year in range(2008, 2025) for q in range(1, 5)]
FOLK1A_LIKE = TableInfo.from_json(
    {
        "id": "FOLK1A",
        "text": "Folketal",
        "unit": "antal",
        "variables": [
            {
                "id": "OMRÅDE",
                "text": "område",
                "elimination": True,
                "time": False,
                "values": [
                    {"id": c, "text": c}
                    for c in ["000", "081", "082", "083", "084", "085", *LANDSDELE, *MUNICIPALITIES]
                ],
            },
            {
                "id": "KØN",
                "text": "køn",
                "elimination": True,
                "time": False,
                "values": [{"id": c, "text": c} for c in ["TOT", "1", "2"]],
            },
            {
                "id": "ALDER",
                "text": "alder",
                "elimination": True,
                "time": False,
                "values": [{"id": str(a), "text": str(a)} for a in range(126)],
            },
            {
                "id": "Tid",
                "text": "tid",
                "elimination": False,
                "time": True,
                "values": [{"id": q, "text": q} for q in QUARTERS],
            },
        ],
    }
)


def test_count_cells_follows_statbank_rule():
    # rows x (columns + 1): 2 areas x 3 quarters, columns OMRÅDE and Tid, plus the value
    assert count_cells(FOLK1A_LIKE, {"OMRÅDE": ["000", "101"], "Tid": ["2020K1"] * 3}) == 18
    # time left out is still a column (the latest period)
    assert count_cells(FOLK1A_LIKE, {"OMRÅDE": ["000", "101"]}) == 2 * 3


def test_split_keeps_every_part_under_the_limit():
    selection = {
        "OMRÅDE": MUNICIPALITIES,
        "KØN": ["1", "2"],
        "ALDER": [str(a) for a in range(126)],
        "Tid": QUARTERS,
    }
    total = count_cells(FOLK1A_LIKE, selection)
    assert total > CELL_LIMIT
    parts = split_selection(FOLK1A_LIKE, selection)
    assert len(parts) > 1
    assert all(count_cells(FOLK1A_LIKE, part) <= CELL_LIMIT for part in parts)
    assert sorted(q for part in parts for q in part["Tid"]) == sorted(QUARTERS)
    assert sum(len(part["Tid"]) for part in parts) == len(QUARTERS)


def jsonstat_response(selection):
    """A StatBank-shaped JSON-stat v1 answer for an explicit selection (built here)."""
    ids = list(selection)
    sizes = [len(selection[i]) for i in ids]
    dimension = {
        i: {"label": i, "category": {"index": {c: n for n, c in enumerate(selection[i])}}}
        for i in ids
    }
    dimension["ContentsCode"] = {
        "label": "Indhold",
        "category": {"index": {"FOLK1A": 0}, "unit": {"FOLK1A": {"base": "antal", "decimals": 0}}},
    }
    ids.append("ContentsCode")
    sizes.append(1)
    dimension.update(
        {"id": ids, "size": sizes, "role": {"time": ["Tid"], "metric": ["ContentsCode"]}}
    )
    count = 1
    for size in sizes:
        count *= size
    values = [n if n % 7 else None for n in range(count)]
    return {"dataset": {"dimension": dimension, "value": values, "source": "test"}}


def test_fetch_splits_large_requests_and_maps_areas():
    seen = []

    def handler(request):
        body = json.loads(request.content)
        selection = {v["code"]: v["values"] for v in body["variables"]}
        assert count_cells(FOLK1A_LIKE, selection) <= 200_000
        seen.append(selection)
        return httpx.Response(200, json=jsonstat_response(selection))

    client, _ = client_for(handler, cell_limit=200_000)
    rows = client.fetch(
        "FOLK1A",
        {"OMRÅDE": ["*"], "ALDER": ["*"], "Tid": ["2019*", "2020K1"]},
        info=FOLK1A_LIKE,
    )
    assert len(seen) > 1
    areas = {r.area for r in rows}
    assert areas == {"000", "081", "082", "083", "084", "085", *MUNICIPALITIES}  # no landsdele
    assert {r.period for r in rows} == {"2019Q1", "2019Q2", "2019Q3", "2019Q4", "2020Q1"}
    assert len(rows) == len(areas) * 126 * 5
    suppressed = [r for r in rows if r.value is None]
    assert suppressed and all(r.flags == {"suppressed"} for r in suppressed)
    assert all(r.value != 0 or r.flags == frozenset() for r in rows)
    assert {r.unit for r in rows} == {"antal"}
    assert rows[0].disaggregation[0][0] == "ALDER"
    assert len({r.row for r in rows}) == len(rows)  # numbered across the parts


def test_errors_in_a_later_part_are_numbered_as_in_the_whole_table():
    sizes = []

    def handler(request):
        selection = {v["code"]: v["values"] for v in json.loads(request.content)["variables"]}
        response = jsonstat_response(selection)
        if sizes:  # the second part has a text where a number belongs, in its first cell
            response["dataset"]["value"][0] = "tolv"
        sizes.append(len(response["dataset"]["value"]))
        return httpx.Response(200, json=response)

    client, _ = client_for(handler, cell_limit=60_000)
    with pytest.raises(ImportValidationError) as caught:
        client.fetch(
            "FOLK1A", {"OMRÅDE": ["*"], "ALDER": ["*"], "Tid": ["2019*"]}, info=FOLK1A_LIKE
        )
    assert len(sizes) > 2
    # every later part's error, each at its cell's position in the whole table
    assert [(e.row, e.code) for e in caught.value.errors] == [
        (sum(sizes[:part]) + 1, "invalid_number") for part in range(1, len(sizes))
    ]


def test_retries_on_429_and_5xx_then_succeeds(fixture_bytes):
    recorded = fixture_bytes("statbank/folk1a_tableinfo_en.json")
    answers = [
        httpx.Response(429, headers={"Retry-After": "2"}),
        httpx.Response(503),
        httpx.Response(200, content=recorded),
    ]
    client, sleeps = client_for(lambda request: answers.pop(0), backoff=0.5)
    assert client.tableinfo("FOLK1A").id == "FOLK1A"
    assert sleeps == [2.0, 1.0]


def test_retries_on_connect_errors_then_gives_up():
    calls = []

    def handler(request):
        calls.append(request)
        raise httpx.ConnectError("no route", request=request)

    client, sleeps = client_for(handler, retries=2)
    with pytest.raises(StatBankError) as info:
        client.tableinfo("FOLK1A")
    assert info.value.code == "unavailable"
    assert len(calls) == 3
    assert sleeps == [0.5, 1.0]


def test_api_error_is_not_retried():
    calls = []

    def handler(request):
        calls.append(request)
        return httpx.Response(
            400, json={"errorTypeCode": "REQUEST-LIMIT", "message": "Forespørgslen er for stor"}
        )

    client, _ = client_for(handler)
    with pytest.raises(StatBankError, match="for stor"):
        client.tableinfo("FOLK1A")
    assert len(calls) == 1


def test_unknown_values_are_refused_before_any_data_request():
    client, _ = client_for(lambda request: pytest.fail("no request expected"))
    with pytest.raises(StatBankError) as info:
        client.plan(FOLK1A_LIKE, {"OMRÅDE": ["999"]})
    assert info.value.code == "unknown_value"
    with pytest.raises(ValueError):
        client.fetch("FOLK1A", {}, lang="de", info=FOLK1A_LIKE)
