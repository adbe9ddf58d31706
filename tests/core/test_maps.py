"""The choropleth map of the municipalities, its table alternative, and the numbers in it."""

import math
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verdensmaal.core import reference
from verdensmaal.core.maps import (
    BLUES,
    GREENS,
    SDSN_GREEN,
    SDSN_RED,
    STATUS_COLOURS,
    Classes,
    absolute_path,
    choropleth_rows,
    choropleth_svg,
    compact_path,
)
from verdensmaal.core.numbers import class_breaks, format_number, nice_break

SVG = "{http://www.w3.org/2000/svg}"
MUNICIPALITIES = {m["code"]: m["name"] for m in reference.load("areas")["municipalities"]}


def parse(svg: str) -> ET.Element:
    # Our own output; parsing also fails on a duplicate attribute or a stray "<".
    return ET.fromstring(svg)  # noqa: S314


def shapes(root: ET.Element) -> dict[str, ET.Element]:
    found = root.findall(f".//{SVG}path[@data-area]")
    assert len(found) == len({p.get("data-area") for p in found})
    return {p.get("data-area"): p for p in found}


def titles(root: ET.Element) -> dict[str, str]:
    """The hover title of each municipality (on its link, or on the shape without links)."""
    out = {}
    for link in root.iter(f"{SVG}a"):
        path = link.find(f"{SVG}path")
        if path is not None and path.get("data-area"):
            out[path.get("data-area")] = link.find(f"{SVG}title").text
    for path in root.iter(f"{SVG}path"):
        if path.get("data-area") and path.find(f"{SVG}title") is not None:
            out[path.get("data-area")] = path.find(f"{SVG}title").text
    return out


def legend_texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text")]


def ranked_values() -> dict[str, float]:
    """Each municipality's value is its position by code: 1.0 .. 98.0."""
    return {code: float(i + 1) for i, code in enumerate(sorted(MUNICIPALITIES))}


def draw(values, classes=None, **kwargs):
    kwargs.setdefault("language", "da")
    return choropleth_svg(
        values,
        title=kwargs.pop("title", "Andel i beskæftigelse"),
        legend_title=kwargs.pop("legend_title", "Procent"),
        classes=classes or Classes.numeric(values, direction="higher"),
        labels=kwargs.pop("labels", MUNICIPALITIES),
        **kwargs,
    )


# --- the map ---------------------------------------------------------------------------------


def test_every_municipality_is_one_linked_shape_with_its_code_and_title():
    values = ranked_values()
    root = parse(draw(values, href=lambda code: f"/areas/{code}/"))

    found = shapes(root)
    assert set(found) == set(MUNICIPALITIES)
    assert len(found) == 98
    links = {
        link.find(f"{SVG}path").get("data-area"): link.get("href")
        for link in root.iter(f"{SVG}a")
        if link.find(f"{SVG}path").get("data-area")
    }
    assert links["101"] == "/areas/101/"
    assert titles(root)["101"] == "København: 1"
    # A group of links, named by its title and described in words; never an image with links.
    assert root.get("role") == "group"
    labelled = root.get("aria-labelledby")
    assert root.find(f"{SVG}title").get("id") == labelled
    assert root.find(f"{SVG}title").text == "Andel i beskæftigelse"
    assert "Kort over 98 kommuner: Procent." in root.find(f"{SVG}desc").text


def test_without_links_the_map_is_one_image():
    root = parse(draw(ranked_values()))
    assert root.get("role") == "img"
    assert not list(root.iter(f"{SVG}a"))
    assert titles(root)["630"] == "Vejle: 69"


def test_colours_follow_the_data_and_the_better_direction():
    values = ranked_values()
    higher = shapes(parse(draw(values, Classes.numeric(values, direction="higher"))))
    lower = shapes(parse(draw(values, Classes.numeric(values, direction="lower"))))
    palette = GREENS[5]
    by_value = sorted(values, key=values.get)

    fills = [palette.index(higher[code].get("fill")) for code in by_value]
    assert fills == sorted(fills)  # a larger value is never lighter
    assert fills[0] == 0 and fills[-1] == 4
    assert [fills.count(i) for i in range(5)] == [19, 20, 20, 20, 19]  # quantiles at 20, 40, ...
    # Lower is better: the smallest values are the darkest.
    assert lower[by_value[0]].get("fill") == palette[-1]
    assert lower[by_value[-1]].get("fill") == palette[0]
    # No better direction: neutral blues.
    neutral = shapes(parse(draw(values, Classes.numeric(values, direction="range"))))
    assert {p.get("fill") for p in neutral.values()} == set(BLUES[5])


def test_municipalities_without_data_are_hatched_and_say_so_never_the_lowest_class():
    values = ranked_values()
    values.update({"825": None, "563": math.nan, "741": 0.0})
    values.pop("492")  # no row at all
    root = parse(draw(values))
    found, said = shapes(root), titles(root)

    pattern = root.find(f".//{SVG}pattern")
    for code in ("825", "563", "492"):
        assert found[code].get("fill") == f"url(#{pattern.get('id')})"
        assert said[code].endswith(": Ingen data")
    # Zero is a value: the lowest class, not "no data".
    assert found["741"].get("fill") == GREENS[5][0]
    assert said["741"] == "Samsø: 0"
    assert "Ingen data" in legend_texts(root)
    assert "3 uden data (Ingen data)." in root.find(f"{SVG}desc").text


def test_values_from_the_database_count_as_numbers():
    values = {code: Decimal(str(v)) for code, v in ranked_values().items()}
    values["825"] = Decimal("NaN")
    rows = {row.code: row for row in choropleth_rows(
        values, classes=Classes.numeric(values), labels=MUNICIPALITIES, language="da"
    )}  # fmt: skip
    assert rows["101"].value_text == "1" and rows["101"].colour == BLUES[5][0]
    assert rows["825"].colour is None
    assert sum(row.colour is None for row in rows.values()) == 1


def test_a_map_without_any_data_is_all_no_data():
    root = parse(draw(dict.fromkeys(MUNICIPALITIES)))
    assert {p.get("fill") for p in shapes(root).values()} == {
        f"url(#{root.find(f'.//{SVG}pattern').get('id')})"
    }
    assert "Ingen data" in legend_texts(root)


def test_legend_and_titles_write_danish_numbers_in_danish_and_english_numbers_in_english():
    values = {code: 1_000_000 + 25_000 * i for i, code in enumerate(sorted(MUNICIPALITIES))}
    values["101"] = 1_234_567.5
    classes = Classes.numeric(values, direction="higher")

    danish = parse(draw(values, classes, language="da", unit="kr."))
    english = parse(draw(values, classes, language="en", unit="kr."))

    assert "1.500.000–2.000.000" in legend_texts(danish)
    assert "1,500,000–2,000,000" in legend_texts(english)
    assert "under 1.500.000" in legend_texts(danish)
    assert "3.000.000 og derover" in legend_texts(danish)
    assert "3,000,000 or more" in legend_texts(english)
    assert titles(danish)["101"] == "København: 1.234.568 kr."
    assert titles(english)["101"] == "København: 1,234,568 kr."
    assert "Mørkere er bedre" in legend_texts(danish)
    assert "Darker is better" in legend_texts(english)
    assert "Kort: react-denmark-map (MIT)" in legend_texts(danish)


def test_small_values_keep_their_decimals_with_a_comma():
    values = {code: 0.05 + 0.005 * i for i, code in enumerate(sorted(MUNICIPALITIES))}
    root = parse(draw(values, unit="%"))
    assert titles(root)["101"] == "København: 0,050 %"
    assert any(re.fullmatch(r"0,\d+–0,\d+", text) for text in legend_texts(root))


def test_highlighted_municipalities_are_outlined_and_named_in_words():
    values = ranked_values()
    root = parse(draw(values, highlight={"630", "615"}, highlight_label="Vejle og Horsens"))
    found = shapes(root)

    outlined = [
        group
        for group in root.iter(f"{SVG}g")
        if group.get("stroke") == "#111111" and group.get("stroke-width") == "45"
    ]
    assert len(outlined) == 1
    drawn = {p.get("d") for p in outlined[0].iter(f"{SVG}path")}
    assert drawn == {found["630"].get("d"), found["615"].get("d")}
    assert "Vejle og Horsens" in legend_texts(root)
    assert "Fremhævet: Horsens (67), Vejle (69)." in root.find(f"{SVG}desc").text


def test_names_and_titles_are_escaped():
    labels = dict(MUNICIPALITIES, **{"101": 'Kø<script>alert("x")</script> & co'})
    svg = draw(
        ranked_values(),
        labels=labels,
        title="Tal < 5 & mere",
        legend_title="<b>",
        href=lambda code: f"/areas/{code}/?a=1&b=2",
    )
    assert "<script" not in svg
    root = parse(svg)
    assert titles(root)["101"] == 'Kø<script>alert("x")</script> & co: 1'
    assert root.find(f"{SVG}title").text == "Tal < 5 & mere"
    assert "<b>" in legend_texts(root)
    assert any(a.get("href") == "/areas/101/?a=1&b=2" for a in root.iter(f"{SVG}a"))


def test_the_map_is_self_contained_for_a_strict_content_security_policy():
    svg = draw(ranked_values(), href=lambda code: f"/areas/{code}/", highlight={"101"})
    root = parse(svg)
    for element in root.iter():
        assert element.tag != f"{SVG}script"
        assert element.tag != f"{SVG}image"
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in svg


def test_bornholm_and_the_capital_have_their_insets_out_of_the_tab_order():
    values = ranked_values()
    root = parse(draw(values, href=lambda code: f"/areas/{code}/"))
    assert "Bornholm" in legend_texts(root)
    assert "Hovedstadsområdet" in legend_texts(root)
    inset = root.findall(f".//{SVG}path[@data-inset-area]")
    assert {"101", "147", "185"} <= {p.get("data-inset-area") for p in inset}
    assert "630" not in {p.get("data-inset-area") for p in inset}
    for link in root.iter(f"{SVG}a"):
        if link.find(f"{SVG}path").get("data-inset-area"):
            assert link.get("tabindex") == "-1"
    # The copies show the same colours as the shapes they enlarge.
    found = shapes(root)
    for path in inset:
        assert path.get("fill") == found[path.get("data-inset-area")].get("fill")


def test_small_islands_keep_an_outline_and_a_shape():
    root = parse(draw(ranked_values()))
    found = shapes(root)
    for code in ("825", "741", "563", "492"):  # Læsø, Samsø, Fanø, Ærø
        assert len(found[code].get("d")) > 100
    regions = [g for g in root.iter(f"{SVG}g") if g.get("stroke") == "#374151"]
    assert regions and int(regions[0].get("stroke-width")) >= 20  # the coastline


def test_the_same_map_twice_is_the_same_text_and_two_maps_have_their_own_ids():
    values = ranked_values()
    assert draw(values) == draw(values)
    higher = parse(draw(values, Classes.numeric(values, direction="higher")))
    lower = parse(draw(values, Classes.numeric(values, direction="lower")))
    ids = lambda root: {e.get("id") for e in root.iter() if e.get("id")}  # noqa: E731
    assert len(ids(higher)) == 5  # title, description, two hatchings, the inset's clip
    assert not ids(higher) & ids(lower)


# --- categories ------------------------------------------------------------------------------


def test_sdsn_colours_are_named_in_the_legend_and_titles():
    codes = sorted(MUNICIPALITIES)
    values = {
        code: ("green", "yellow", "orange", "red", "not_available")[i % 5]
        for i, code in enumerate(codes)
    }
    root = parse(draw(values, Classes.sdsn(), language="da"))
    found, said = shapes(root), titles(root)

    green = next(code for code in codes if values[code] == "green")
    red = next(code for code in codes if values[code] == "red")
    missing = next(code for code in codes if values[code] == "not_available")
    assert found[green].get("fill") == SDSN_GREEN
    assert found[red].get("fill") == SDSN_RED
    assert said[green].endswith(": Grøn: målet er nået")
    assert found[missing].get("fill").startswith("url(#")
    assert said[missing].endswith(": Ingen data")
    assert "Rød: store udfordringer" in legend_texts(root)


def test_statuses_share_a_class_by_rank_and_not_assessed_is_no_data():
    ranks = {"target_met": 4, "on_track": 4, "fair_progress": 2, "deterioration": 0,
             "not_available": None}  # fmt: skip
    labels = {"target_met": "Mål nået", "on_track": "På vej", "fair_progress": "Nogen fremgang",
              "deterioration": "Tilbagegang", "not_available": "For få data"}  # fmt: skip
    classes = Classes.statuses(ranks, labels)
    values = {
        "101": "target_met",
        "147": "on_track",
        "151": "deterioration",
        "153": "not_available",
    }
    rows = {
        row.code: row for row in choropleth_rows(values, classes=classes, labels=MUNICIPALITIES)
    }

    assert rows["101"].colour == rows["147"].colour == STATUS_COLOURS[4]
    assert rows["101"].class_label == "Mål nået / På vej"
    assert rows["151"].colour == STATUS_COLOURS[0]
    assert rows["153"].colour is None and rows["153"].value_text == "For få data"
    assert rows["630"].colour is None  # not in the values at all
    assert [classes.label(i) for i in range(len(classes.colours))] == [
        "Mål nået / På vej", "Nogen fremgang", "Tilbagegang",
    ]  # fmt: skip


# --- the table alternative -------------------------------------------------------------------


def test_the_table_says_what_the_map_shows():
    values = ranked_values()
    values["825"] = None
    classes = Classes.numeric(values, direction="higher")
    rows = choropleth_rows(
        values, classes=classes, labels=MUNICIPALITIES, highlight={"630"}, language="da", unit="%"
    )
    root = parse(draw(values, classes, unit="%", highlight={"630"}))
    found, said = shapes(root), titles(root)

    assert [row.code for row in rows] == list(MUNICIPALITIES)
    for row in rows:
        assert said[row.code] == f"{row.name}: {row.value_text}"
        assert found[row.code].get("fill") == (row.colour or found[row.code].get("fill"))
    laesoe = next(row for row in rows if row.code == "825")
    assert (laesoe.value, laesoe.value_text, laesoe.colour) == (None, "Ingen data", None)
    vejle = next(row for row in rows if row.code == "630")
    assert vejle.highlighted and vejle.value_text == "69 %"
    assert vejle.class_label in legend_texts(root)


# --- outlines --------------------------------------------------------------------------------


def test_compacted_outlines_stay_within_half_a_unit_of_the_original():
    for item in reference.load("map")[:20]:
        original = absolute_path(item["d"])
        compacted = absolute_path(compact_path(original))
        assert [kind for kind, _a in compacted] == [kind for kind, _a in original]
        error = max(
            abs(a - b)
            for (_k, args), (_k2, args2) in zip(original, compacted, strict=True)
            for a, b in zip(args, args2, strict=True)
        )
        assert error <= 0.5 + 1e-9


# --- numbers and breaks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "language", "expected"),
    [
        (2_500_000, 0, "da", "2.500.000"),
        (2_500_000, 0, "en", "2,500,000"),
        (0.25, 2, "da", "0,25"),
        (1234.5, 1, "da", "1.234,5"),
        (1234.5, 1, "en-gb", "1,234.5"),
        (-12.5, 1, "da", "\u221212,5"),
        (-0.01, 1, "da", "0,0"),
        (999.96, 1, "da", "1.000,0"),
    ],
)
def test_numbers_are_written_the_danish_way_in_danish(value, decimals, language, expected):
    assert format_number(value, decimals, language) == expected


@pytest.mark.parametrize(
    ("lower", "upper", "expected"),
    [(11.7, 12.3, 12), (2_412_345, 2_530_000, 2_500_000), (-0.3, 0.2, 0), (11.95, 11.97, 11.96),
     (99, 100, 100), (0.12, 0.125, 0.125)],
)  # fmt: skip
def test_a_break_is_the_roundest_number_between_two_classes(lower, upper, expected):
    value, _step = nice_break(lower, upper)
    assert value == pytest.approx(expected)
    assert lower < value <= upper


def test_natural_breaks_find_clear_groups():
    values = [1, 2, 3, 10, 11, 12, 30, 31, 32.5]
    breaks, decimals = class_breaks(values, 3, "natural")
    assert breaks == [10, 20] and decimals == 0  # 20 is the roundest number in (12, 30]
    assert class_breaks([5, 5, 5], 5) == ([], 0)
    assert class_breaks([1, 1, 2, 2, 3], 5)[0] == [2, 3]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.floats(min_value=-1e7, max_value=1e7, allow_nan=False).map(lambda v: round(v, 3)),
        min_size=2,
        max_size=98,
    ),
    st.integers(min_value=2, max_value=7),
    st.sampled_from(["quantiles", "natural"]),
)
def test_breaks_are_increasing_and_never_leave_a_class_empty(values, count, method):
    breaks, _decimals = class_breaks(values, count, method)
    assert breaks == sorted(set(breaks))
    assert len(breaks) <= min(count, len(set(values))) - 1
    counts = np.histogram(values, bins=[-math.inf, *breaks, math.inf])[0]
    assert all(counts > 0)
