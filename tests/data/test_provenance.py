"""Where values came from: official statistics, a municipality's upload or demo data.

The rule: a municipality's upload never replaces an official value (its rows are refused, and
with them the import); it may add values where there are none and replace demo values and its own
earlier uploads. Every chart and table names the sources of its values.
"""

from django.conf import settings

from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Indicator
from verdensmaal.data.models import Observation
from verdensmaal.data.selectors import SourceKind, indicator_provenance, official_source
from verdensmaal.data.services import import_apply, import_plan, parse_file

INDICATOR = "DK-IFOR-LOWINC60"


def csv(*rows: str) -> bytes:
    return ("indicator,area,period,value\n" + "".join(f"{row}\n" for row in rows)).encode()


def plan_of(content: bytes, actor):
    return import_plan(actor=actor, rows=parse_file(content, format="csv", actor=actor))


def apply(content: bytes, actor, *, is_demo=False):
    plan = plan_of(content, actor)
    assert plan.ok, [error.render() for error in plan.errors]
    return import_apply(
        actor=actor, plan=plan, source_name="test.csv", format="csv", is_demo=is_demo
    )


def values() -> list[tuple[str, str, float]]:
    return sorted(Observation.objects.values_list("area__code", "period", "value"))


def sources(areas=None) -> list[tuple]:
    indicator = Indicator.objects.get(code=INDICATOR)
    areas = None if areas is None else Area.objects.filter(code__in=areas)
    return [
        (s.kind, s.label, s.values, s.first_period, s.last_period, s.areas)
        for s in indicator_provenance(indicator, areas).sources
    ]


def test_an_editors_upload_never_replaces_an_official_value(reference, secretariat, editor):
    apply(csv(f"{INDICATOR},630,2023,12.5", f"{INDICATOR},630,2024,12.1"), secretariat)
    before = values()

    plan = plan_of(csv(f"{INDICATOR},630,2024,9.9", f"{INDICATOR},630,2025,11.0"), editor)

    assert [(error.row, error.code) for error in plan.errors] == [(2, "official_value")]
    assert "630" in plan.errors[0].render() and "2024" in plan.errors[0].render()
    assert values() == before  # nothing saved, not even the new 2025 value


def test_an_editor_may_add_values_where_there_are_none(reference, secretariat, editor):
    apply(csv(f"{INDICATOR},630,2023,12.5", f"{INDICATOR},630,2024,12.1"), secretariat)
    apply(csv(f"{INDICATOR},630,2024,12.1", f"{INDICATOR},630,2025,11.0"), editor)  # same 2024

    assert values()[-1] == ("630", "2025", 11.0)
    official = official_source(Indicator.objects.get(code=INDICATOR))
    assert sources() == [
        (SourceKind.OFFICIAL, official, 2, "2023", "2024", ()),
        (SourceKind.MUNICIPALITY, "Vejle Kommune", 1, "2025", "2025", ()),
    ]


def test_an_editor_may_replace_demo_values_and_their_own_upload(reference, editor):
    apply(csv(f"{INDICATOR},630,2024,12.1"), None, is_demo=True)
    assert sources()[0][0] == SourceKind.DEMO

    apply(csv(f"{INDICATOR},630,2024,10.0"), editor)
    apply(csv(f"{INDICATOR},630,2024,10.5"), editor)

    assert values() == [("630", "2024", 10.5)]
    assert sources() == [(SourceKind.MUNICIPALITY, "Vejle Kommune", 1, "2024", "2024", ())]


def test_the_secretariat_may_replace_a_municipalitys_value(reference, secretariat, editor):
    apply(csv(f"{INDICATOR},630,2024,10.0"), editor)
    apply(csv(f"{INDICATOR},630,2024,12.1"), secretariat)

    assert values() == [("630", "2024", 12.1)]
    assert [source[0] for source in sources()] == [SourceKind.OFFICIAL]


def test_mixed_sources_name_the_areas_each_covers(reference, secretariat, editor):
    apply(csv(f"{INDICATOR},083,2024,11.9", f"{INDICATOR},000,2024,12.0"), secretariat)
    apply(csv(f"{INDICATOR},630,2024,12.1"), editor)

    kinds = {source[0]: source[-1] for source in sources(["630", "083", "000"])}
    assert kinds == {
        SourceKind.OFFICIAL: ("Hele landet", "Region Syddanmark"),
        SourceKind.MUNICIPALITY: ("Vejle",),
    }


def test_the_indicator_page_says_where_each_value_came_from(client, reference, secretariat, editor):
    apply(csv(f"{INDICATOR},630,2023,12.5", f"{INDICATOR},083,2024,11.9"), secretariat)
    apply(csv(f"{INDICATOR},630,2024,12.1"), editor)

    danish = client.get(f"/indicators/{INDICATOR}/?area=630").content.decode()
    assert "Kilder:" in danish
    assert "uploadet af Vejle Kommune (kommunens egne tal, ikke officiel statistik)" in danish
    assert "Vejle: 2024, 1 værdi" in danish

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(f"/indicators/{INDICATOR}/?area=630").content.decode()
    # under the chart and under the table
    assert english.count("uploaded by Vejle Kommune (the municipality's own figures") == 2


def test_one_source_is_one_line(client, reference, secretariat):
    apply(csv(f"{INDICATOR},630,2023,12.5", f"{INDICATOR},630,2024,12.1"), secretariat)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/indicators/{INDICATOR}/?area=630").content.decode()
    publisher = official_source(Indicator.objects.get(code=INDICATOR))
    assert f"Source:\n{publisher}." in page
    assert "Sources:" not in page and "uploaded by" not in page


def test_an_upload_over_official_values_is_refused_on_the_page_in_danish(
    client, reference, secretariat, editor
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    apply(csv(f"{INDICATOR},630,2024,12.1"), secretariat)
    client.force_login(editor)
    response = client.post(
        "/data/import/",
        {"file": SimpleUploadedFile("egne.csv", csv(f"{INDICATOR},630,2024,9.0")), "format": ""},
    )
    text = response.content.decode()
    assert "er officiel statistik, som en kommunes upload ikke kan erstatte" in text
    assert values() == [("630", "2024", 12.1)]


def test_maps_comparison_and_profile_name_a_municipalitys_own_values(
    client, reference, secretariat, editor
):
    apply(csv(f"{INDICATOR},657,2024,10.0", f"{INDICATOR},630,2023,12.5"), secretariat)
    apply(csv(f"{INDICATOR},630,2024,12.1"), editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    own = "uploaded by Vejle Kommune (the municipality's own figures, not official statistics)"
    for path in [
        "/municipalities/630/",
        "/progress/",
        f"/progress/?view=indicator&indicator={INDICATOR}&year=2024",
        f"/progress/indicators/{INDICATOR}/?area=630",
        "/goals/1/",
    ]:
        page = client.get(path).content.decode()
        assert own in page, path
        assert "Sources:" in page, path
    # the map of one year names only that year's sources
    earlier = client.get(f"/progress/?view=indicator&indicator={INDICATOR}&year=2023")
    assert own not in earlier.content.decode()


def test_a_local_targets_chart_names_its_source(client, reference):
    from verdensmaal.data.demo import demo_rows
    from verdensmaal.frameworks.demo import framework_demo_load
    from verdensmaal.portal.demo import demo_load

    demo_load(with_data=False)
    plan = import_plan(actor=None, rows=[row for row in demo_rows() if row.area == "630"])
    import_apply(actor=None, plan=plan, source_name="demo", format="demo", is_demo=True)
    framework = framework_demo_load()

    page = client.get(framework.get_absolute_url()).content.decode()
    charts = page.count('<figure class="chart-figure">')
    assert charts >= 1
    line = "Kilde:\ndemodata, dannet til at prøve produktet (ikke rigtig statistik)."
    assert page.count(line) == charts
