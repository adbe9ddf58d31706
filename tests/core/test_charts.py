"""Charts: Danish numbers, accessible names, legends beside the plot, the ranked bars."""

import itertools
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from verdensmaal.core import charts
from verdensmaal.core.charts import CHOSEN, OTHER, PEER, line_chart, rank, ranked_chart

SVG = "{http://www.w3.org/2000/svg}"
SERIES = {
    "Vejle": [("2019", 1_234_567.5), ("2020", 2_500_000.0), ("2021", None), ("2022", 2_200_000.0)],
    "Danmark": [("2019", 1_500_000.0), ("2020", 1_800_000.0), ("2022", 1_900_000.0)],
}


def parse(svg: str) -> ET.Element:
    # Our own output; parsing also fails on a duplicate attribute or a stray "<".
    return ET.fromstring(svg)  # noqa: S314


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text")]


def hover_titles(root: ET.Element) -> dict[str, str]:
    """Title text -> fill of the mark that carries it (points and bars)."""
    return {
        path.find(f"{SVG}title").text: path.get("fill")
        for path in root.iter(f"{SVG}path")
        if path.find(f"{SVG}title") is not None
    }


def translation_of(element: ET.Element) -> tuple[float, float]:
    x, y = re.search(r"translate\(([-\d.]+),([-\d.]+)\)", element.get("transform")).groups()
    return float(x), float(y)


def y_of(element: ET.Element, root: ET.Element) -> float:
    """The vertical position of ``element`` in the whole chart (its groups' translations added)."""
    parents = {child: parent for parent in root.iter() for child in parent}
    y = float(element.get("y", 0))
    while element is not None:
        if element.get("transform", "").startswith("translate"):
            y += translation_of(element)[1]
        element = parents.get(element)
    return y


# --- line charts -----------------------------------------------------------------------------


def test_a_chart_is_an_image_with_a_name_and_a_description():
    root = parse(line_chart(SERIES, unit="kr.", title="Indkomst i Vejle", language="da"))
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title.text == "Indkomst i Vejle"
    assert root.get("aria-labelledby") == title.get("id")
    desc = root.find(f"{SVG}desc")
    assert root.get("aria-describedby") == desc.get("id")
    assert desc.text == (
        "Vejle: 1.234.568 kr. (2019) til 2.200.000 kr. (2022). "
        "Danmark: 1.500.000 kr. (2019) til 1.900.000 kr. (2022)."
    )


def test_a_chart_without_a_title_is_named_after_its_series():
    root = parse(line_chart(SERIES, unit="kr.", language="en"))
    assert root.find(f"{SVG}title").text == "Line chart: Vejle, Danmark (kr.)"
    assert root.find(f"{SVG}desc").text.startswith("Vejle: 1,234,568 kr. (2019) to 2,200,000")


def test_axes_and_hover_titles_read_danish_numbers_in_danish_and_english_in_english():
    danish = parse(line_chart(SERIES, unit="kr.", language="da"))
    english = parse(line_chart(SERIES, unit="kr.", language="en"))

    danish_ticks = [t for t in texts(danish) if re.fullmatch(r"\d[\d.,]*", t or "")]
    english_ticks = [t for t in texts(english) if re.fullmatch(r"\d[\d.,]*", t or "")]
    assert "2.000.000" in danish_ticks and "2,000,000" in english_ticks
    assert all(re.fullmatch(r"\d{4}|\d{1,3}(\.\d{3})*", t) for t in danish_ticks)
    assert all(re.fullmatch(r"\d{4}|\d{1,3}(,\d{3})*", t) for t in english_ticks)
    assert "Vejle, 2019: 1.234.568 kr." in hover_titles(danish)
    assert "Vejle, 2019: 1,234,568 kr." in hover_titles(english)


def test_decimals_get_a_comma_in_danish():
    series = {"Vejle": [("2020", 0.25), ("2021", 0.5), ("2022", 1.75)]}
    root = parse(line_chart(series, unit="pct.", language="da"))
    assert {"0,4", "0,8", "1,2", "1,6"} <= set(texts(root))
    assert not any(re.fullmatch(r"\d\.\d+", text or "") for text in texts(root))
    assert "Vejle, 2022: 1,75 pct." in hover_titles(root)


def test_the_render_caches_keep_languages_apart():
    charts._line_chart.cache_clear()
    danish = line_chart(SERIES, unit="kr.", language="da")
    english = line_chart(SERIES, unit="kr.", language="en")
    assert "2.500.000" in danish and "2,500,000" in english
    assert charts._line_chart.cache_info().currsize == 2  # one drawing per language
    assert line_chart(SERIES, unit="kr.", language="da") == danish
    assert charts._line_chart.cache_info().hits == 1
    changed = dict(SERIES, Vejle=[("2019", 1.0), ("2020", 2.0)])
    assert line_chart(changed, unit="kr.", language="da") != danish


def test_the_legend_lies_below_the_plot_and_names_every_series():
    height = 280
    root = parse(line_chart(SERIES, unit="kr.", height=height, language="da"))
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    year = next(t for t in root.iter(f"{SVG}text") if t.text == "2022")
    # Under the plot and its axis (the years), not over it.
    assert y_of(legend, root) > y_of(year, root) > height
    assert {"Vejle", "Danmark"} <= set(texts(legend))


def test_a_target_is_drawn_with_its_label_and_said_in_words():
    root = parse(line_chart(SERIES, unit="kr.", target=("Mål", 2_100_000), language="da"))
    assert "Mål: 2.100.000 kr." in texts(root)
    assert root.find(f"{SVG}desc").text.endswith("(2022). Mål: 2.100.000 kr.")


def test_the_existing_call_still_works():
    # catalogue and frameworks call line_chart(series, unit=...) with the active language.
    from django.utils import translation

    with translation.override("da"):
        svg = line_chart({"Vejle": [("2020", 1.5), ("2021", 2.5)]}, unit="%", width=600, height=220)
    root = parse(svg)
    assert root.get("class") == "chart" and root.get("lang") == "da"
    assert "Vejle, 2021: 2,5 %" in hover_titles(root)


# --- ranked bars -----------------------------------------------------------------------------

VALUES = [
    ("630", "Vejle", 12.5),
    ("615", "Horsens", 20.0),
    ("621", "Kolding", 9.0),
    ("101", "København", 30.25),
    ("825", "Læsø", None),
    ("607", "Fredericia", 20.0),
]


def test_values_from_the_database_are_drawn():
    values = [(code, name, None if v is None else Decimal(str(v))) for code, name, v in VALUES]
    root = parse(ranked_chart(values, highlight="630", unit="%", language="da"))
    assert "4. Vejle: 12,5 % (Valgt kommune)" in hover_titles(root)


def test_rank_orders_best_first_with_shared_places_and_missing_last():
    assert rank(VALUES, "higher") == [
        (1, "101", "København", 30.25),
        (2, "607", "Fredericia", 20.0),
        (2, "615", "Horsens", 20.0),
        (4, "630", "Vejle", 12.5),
        (5, "621", "Kolding", 9.0),
        (None, "825", "Læsø", None),
    ]
    assert [code for _p, code, _n, _v in rank(VALUES, "lower")] == [
        "621", "630", "607", "615", "101", "825",
    ]  # fmt: skip


def test_ranked_chart_orders_and_colours_the_chosen_and_the_peers():
    root = parse(
        ranked_chart(VALUES, highlight="630", peers={"615", "621"}, unit="%", language="da")
    )
    labels = [t for t in texts(root) if re.match(r"^(\d+\.|–) ", t or "")]
    assert labels == [
        "1. København", "2. Fredericia", "2. Horsens", "4. Vejle", "5. Kolding", "– Læsø",
    ]  # fmt: skip
    bars = hover_titles(root)
    assert bars["4. Vejle: 12,5 % (Valgt kommune)"] == CHOSEN
    assert bars["2. Horsens: 20,0 % (Sammenligningsgruppe)"] == PEER
    assert bars["5. Kolding: 9,0 % (Sammenligningsgruppe)"] == PEER
    assert bars["1. København: 30,3 %"] == OTHER  # 30,25 rounded half up, as Vega does
    assert "ingen data" in texts(root)
    # Named in the legend and in words, not by colour alone.
    assert {"Valgt kommune", "Sammenligningsgruppe", "Øvrige kommuner"} <= set(texts(root))
    assert "Gennemsnit af kommunerne: 18,4 %" in texts(root)
    desc = root.find(f"{SVG}desc").text
    assert "Valgt: Vejle nr. 4 af 5 (12,5 %)." in desc
    assert "Sammenligningsgruppe: Horsens nr. 2 af 5 (20,0 %); Kolding nr. 5 af 5 (9,0 %)." in desc
    assert desc.endswith("1 uden data.")
    assert root.find(f"{SVG}title").text == "Rangordning af 6 kommuner (%)"
    bold = [t.text for t in root.iter(f"{SVG}text") if t.get("font-weight") == "700"]
    assert bold == ["4. Vejle"]


def test_ranked_chart_lower_is_better_and_a_given_average():
    root = parse(
        ranked_chart(
            VALUES,
            highlight="621",
            direction="lower",
            average=("Hele landet", 15.0),
            language="en",
        )
    )
    labels = [t for t in texts(root) if re.match(r"^(\d+\.|–) ", t or "")]
    assert labels[0] == "1. Kolding" and labels[-1] == "– Læsø"
    assert "Hele landet: 15.0" in texts(root)
    assert "sorted from best to worst (lower is better)" in root.find(f"{SVG}desc").text


def test_ranked_chart_of_all_98_is_in_rank_order_from_top_to_bottom():
    values = [(f"{i:03d}", f"Kommune {i}", float(i)) for i in range(98)]
    root = parse(ranked_chart(values, highlight="050", language="da"))
    assert float(root.get("height")) > 98 * charts.BAR_STEP
    assert float(root.get("width")) < 420  # fits a phone without shrinking the text much
    labels = [
        (y_of(t, root), t.text)
        for t in root.iter(f"{SVG}text")
        if re.match(r"^\d+\. Kommune", t.text or "")
    ]
    # Highest value first, and "10." under "9." (not sorted as text, where "10." comes first).
    assert [text for _y, text in sorted(labels)] == [
        f"{rank}. Kommune {98 - rank}" for rank in range(1, 99)
    ]


def test_every_kind_of_chart_keeps_to_the_content_security_policy():
    # No style attribute or element, no script, no event handler, nothing from another host.
    for svg in (
        line_chart(SERIES, unit="kr.", target=("Mål", 2_000_000), language="da"),
        ranked_chart(VALUES, highlight="630", peers={"615"}, unit="%", language="da"),
    ):
        parse(svg)
        assert not re.search(r"\sstyle=|<style|<script|\son[a-z]+=|href=|url\(", svg)


def test_the_value_axis_has_round_ticks_that_cover_the_values():
    values = [(f"{i:03d}", f"Kommune {i}", v) for i, v in enumerate([-2.5, 0.4, 7.25, 13.0])]
    root = parse(ranked_chart(values, language="en"))
    ticks = [
        float(t.replace("\u2212", "-")) for t in texts(root) if re.fullmatch(r"\u2212?\d+", t or "")
    ]
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1  # evenly spaced
    step = steps.pop()
    assert step in {2, 4, 5, 10}  # round steps (labels of every second tick when they crowd)
    assert ticks[0] <= -2.5 and ticks[-1] + step >= 13  # every bar inside the axis
    assert "\u22122.5" in texts(root)  # the negative value with its minus sign
