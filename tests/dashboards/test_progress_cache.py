"""The 17-goal progress page's data is kept in the shared cache (audit.results) for logged-in
readers too: computed once per municipality, method and language, and afresh after an import."""

import pytest

from verdensmaal.dashboards import selectors
from verdensmaal.dashboards.selectors import _goal_summary as computed_afresh
from verdensmaal.data.services import import_apply, import_plan

from .test_progress_pages import INDICATOR, load


@pytest.fixture
def computed(monkeypatch):
    """The municipalities and methods the summary was computed for (not read from the cache)."""
    calls = []
    compute = selectors._goal_summary

    def counted(municipality, **kwargs):
        calls.append((municipality.code, kwargs["method"]))
        return compute(municipality, **kwargs)

    monkeypatch.setattr(selectors, "_goal_summary", counted)
    return calls


def _latest(response) -> float | None:
    rows = [row for tile in response.context["tiles"] for row in tile.indicators]
    return next(row["latest"] for row in rows if row["indicator"].code == INDICATOR)


def test_logged_in_readers_share_the_summary_until_an_import_changes_it(
    client, editor, participant, computed
):
    load([("630", y, 15 - 0.5 * (y - 2015)) for y in range(2015, 2025)])
    client.force_login(editor)
    assert _latest(client.get("/progress/municipalities/630/")) == 10.5
    client.force_login(participant)
    assert _latest(client.get("/progress/municipalities/630/")) == 10.5
    assert computed == [("630", "opensdg")]
    load([("630", 2025, 9.75)])
    assert _latest(client.get("/progress/municipalities/630/")) == 9.75
    assert len(computed) == 2


def test_each_method_municipality_and_language_gets_its_own_summary(client, editor, computed):
    load([("630", y, 15 - 0.5 * (y - 2015)) for y in range(2015, 2025)])
    client.force_login(editor)
    pages = {}
    for method in ("opensdg", "unsd", "sdsn"):
        response = client.get("/progress/municipalities/630/", {"method": method})
        pages[method] = [
            row["status"]["code"] for tile in response.context["tiles"] for row in tile.indicators
        ]
        fresh, _overall, _rank = computed_afresh(
            response.context["municipality"], method=method, base_year=2015
        )
        assert pages[method] == [row["status"]["code"] for tile in fresh for row in tile.indicators]
    assert client.get("/progress/municipalities/621/").context["municipality"].code == "621"
    assert "Progress in Vejle" not in client.get("/progress/municipalities/630/").content.decode()
    client.cookies["django_language"] = "en"
    assert "Progress in Vejle" in client.get("/progress/municipalities/630/").content.decode()
    assert [code for code, _method in computed] == ["630"] * 3 + ["621", "630"]


def test_similar_municipalities_are_kept_until_new_data_changes_them(reference, monkeypatch):
    from decimal import Decimal

    from verdensmaal.areas.models import Area
    from verdensmaal.dashboards.services import similarity_defaults_load
    from verdensmaal.data.parsers import ObservationRow

    def populations(sizes: dict[str, str]) -> None:
        rows = [
            ObservationRow(
                0, "DK-FOLK1A-POPULATION", code, "2024", Decimal(v), None, (), frozenset()
            )
            for code, v in sizes.items()
        ]
        import_apply(
            actor=None, plan=import_plan(actor=None, rows=rows), source_name="t", format="csv"
        )

    calls = []
    compute = selectors._similar
    monkeypatch.setattr(selectors, "_similar", lambda *args: calls.append(args) or compute(*args))
    similarity_defaults_load()
    populations({"630": "120000", "615": "95000", "730": "99000", "101": "650000"})
    vejle = Area.objects.get(code="630")
    assert [s.area.code for s in selectors.similar_municipalities(vejle, k=2)] == ["730", "615"]
    assert [s.area.code for s in selectors.similar_municipalities(vejle, k=2)] == ["730", "615"]
    assert len(calls) == 1
    populations({"101": "118000"})  # Copenhagen shrinks to Vejle's size
    assert [s.area.code for s in selectors.similar_municipalities(vejle, k=2)] == ["101", "730"]
    assert len(calls) == 2
