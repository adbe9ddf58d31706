"""The demo framework for Vejle: complete, believable, labelled as demo, and safe to load again."""

from html import escape

from verdensmaal.accounts.services import user_create
from verdensmaal.data.demo import demo_rows
from verdensmaal.data.selectors import headline_value as observed_value
from verdensmaal.data.services import import_apply, import_plan
from verdensmaal.frameworks.demo import framework_demo_load
from verdensmaal.frameworks.models import (
    Action,
    Factor,
    Framework,
    LocalTarget,
    Partner,
    Priority,
    ProgressUpdate,
    Strategy,
)

MODELS = (Framework, Priority, LocalTarget, Action, Partner, ProgressUpdate, Factor, Strategy)


def _counts():
    return [model.objects.count() for model in MODELS]


def test_demo_framework_loads_twice_without_duplicates(client, vejle):
    # Only Vejle's demo observations, to keep the test quick; load_demo imports them all.
    plan = import_plan(actor=None, rows=[row for row in demo_rows() if row.area == "630"])
    import_apply(actor=None, plan=plan, source_name="demo", format="demo", is_demo=True)
    user_create(actor=None, username="redaktoer", email="r@example.org", password="x-y-z-1234",
                role="editor", organisation=vejle)  # fmt: skip

    framework = framework_demo_load()
    counts = _counts()
    assert framework_demo_load() == framework
    assert _counts() == counts

    assert framework.is_demo and framework.published
    assert (framework.start_year, framework.end_year) == (2021, 2030)
    assert {p.goal.number for p in framework.priorities.all()} >= {7, 11, 13}
    local_targets = framework.local_targets.all()
    assert local_targets.count() >= 8
    for local_target in local_targets:
        assert local_target.baseline_value == observed_value(
            local_target.indicator, vejle.area, local_target.baseline_year
        )
    assert Partner.objects.count() >= 7 and ProgressUpdate.objects.count() >= 10
    assert Factor.objects.filter(effect="barrier").exists()
    assert Strategy.objects.count() >= 1

    page = client.get("/frameworks/630/").content.decode()
    assert "demo" in page
    assert page.count('class="local-target"') == local_targets.exclude(status="draft").count()

    # The demo's texts are written in both languages: the English pages show no Danish text
    # of the framework's own (a Danish-only text would be marked lang="da").
    client.cookies["django_language"] = "en"
    action = framework.actions.first()
    for url in ("/frameworks/630/", f"/frameworks/actions/{action.pk}/"):
        english = client.get(url).content.decode()
        assert 'lang="da"' not in english.split("<main", 1)[1].replace(
            '<button type="submit" name="language" value="da" lang="da">', ""
        ), url
    assert escape(action.description_en) in english and escape(action.description) not in english
    assert escape(framework.summary_en) in client.get("/frameworks/630/").content.decode()
