"""Texts editors write are kept per language: the English page shows the English text, a text
written in Danish only shows on the English page in Danish marked ``lang="da"``, the forms save
both languages with an audit entry, and the report and the API carry both."""

import re
from datetime import date

import pytest
from django.test import Client

from verdensmaal.audit.models import AuditEntry
from verdensmaal.catalogue.models import Goal
from verdensmaal.frameworks import audit_actions, services
from verdensmaal.frameworks.models import Action, Framework, Priority

# One text per kind, written in both languages.
BOTH = {
    "summary": ("Rammen for hele byrådsperioden.", "The framework for the whole council term."),
    "priority": ("Fjorden rammer os ved skybrud.", "The fjord floods us in cloudbursts."),
    "target": ("Byrådets klimamål fra 2020.", "The climate target the council set in 2020."),
    "action": ("Alle biler skiftes til el.", "Every car is replaced by an electric one."),
    "milestone": ("Udbud gennemført", "Tender completed"),
    "partner": ("driver ladestanderne", "runs the charging points"),
    "update": ("De første biler er leveret.", "The first cars have been delivered."),
    "factor": ("Bredt politisk flertal.", "A broad political majority."),
}


@pytest.fixture
def written(editor, framework, local_target, action):
    """Every kind of text, in both languages, through the services."""
    services.framework_update(
        actor=editor,
        framework=framework,
        version=framework.version,
        summary=BOTH["summary"][0],
        summary_en=BOTH["summary"][1],
    )
    services.priority_create(
        actor=editor,
        framework=framework,
        goal=Goal.objects.get(number=13),
        rationale=BOTH["priority"][0],
        rationale_en=BOTH["priority"][1],
        sharing="public",
    )
    services.local_target_update(
        actor=editor,
        local_target=local_target,
        version=local_target.version,
        rationale=BOTH["target"][0],
        rationale_en=BOTH["target"][1],
    )
    services.action_update(
        actor=editor,
        action=action,
        version=action.version,
        description=BOTH["action"][0],
        description_en=BOTH["action"][1],
    )
    services.milestone_create(
        actor=editor,
        action=action,
        title=BOTH["milestone"][0],
        title_en=BOTH["milestone"][1],
        due_date=date(2030, 12, 31),
    )
    services.partner_create(
        actor=editor,
        action=action,
        name="Fjordbyens Ladeservice",
        kind="company",
        role=BOTH["partner"][0],
        role_en=BOTH["partner"][1],
    )
    services.progress_update_create(
        actor=editor,
        action=action,
        date=date(2024, 6, 1),
        percent_complete=30,
        note=BOTH["update"][0],
        note_en=BOTH["update"][1],
    )
    services.factor_create(
        actor=editor,
        action=action,
        effect="driver",
        kind="political",
        text=BOTH["factor"][0],
        text_en=BOTH["factor"][1],
    )
    return action


def _pages(client, action, language: str) -> str:
    client.cookies["django_language"] = language
    overview = client.get("/frameworks/630/")
    detail = client.get(f"/frameworks/actions/{action.pk}/")
    assert overview.status_code == detail.status_code == 200
    return overview.content.decode() + detail.content.decode()


@pytest.mark.parametrize("language, shown, hidden", [("en", 1, 0), ("da", 0, 1)])
def test_each_page_shows_the_text_in_its_own_language(client, written, language, shown, hidden):
    page = _pages(client, written, language)
    for kind, texts in BOTH.items():
        assert texts[shown] in page, kind
        assert texts[hidden] not in page, kind


def test_a_text_written_in_danish_only_shows_in_danish_marked_on_the_english_page(
    client, editor, framework, action
):
    services.action_update(
        actor=editor, action=action, version=action.version, description="Kun på dansk."
    )
    services.priority_create(
        actor=editor,
        framework=framework,
        goal=Goal.objects.get(number=7),
        rationale="Varmenettet er stort.",
        sharing="public",
    )
    english = _pages(client, action, "en")
    assert re.search(r'<span lang="da">Kun på dansk\.</span>', english)
    assert re.search(r'<span lang="da">Varmenettet er stort\.</span>', english)
    danish = _pages(client, action, "da")
    assert "Kun på dansk." in danish and '<span lang="da">Kun' not in danish


def test_a_text_written_in_english_only_shows_marked_on_the_danish_page(client, editor, action):
    services.action_update(
        actor=editor, action=action, version=action.version, description_en="English only."
    )
    danish = _pages(client, action, "da")
    assert '<span lang="en">English only.</span>' in danish


def test_the_forms_save_both_languages_and_the_change_is_audit_logged(
    client, editor, framework, action
):
    client.force_login(editor)
    response = client.post(
        f"/frameworks/actions/{action.pk}/edit/",
        {
            "title_da": action.title_da,
            "description": "Elbiler til hele flåden.",
            "description_en": "Electric cars for the whole fleet.",
            "status": "in_progress",
            "version": str(action.version),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(pk=action.pk)
    assert (action.description, action.description_en) == (
        "Elbiler til hele flåden.",
        "Electric cars for the whole fleet.",
    )
    entry = AuditEntry.objects.filter(action=audit_actions.ACTION_UPDATED).latest("pk")
    assert entry.changes["description_en"] == ["", "Electric cars for the whole fleet."]

    response = client.post(
        f"/frameworks/f/{framework.pk}/priorities/new/",
        {"goal": "13", "rationale": "Fjorden.", "rationale_en": "The fjord."},
    )
    assert response.status_code == 302
    priority = Priority.objects.get(framework=framework)
    assert (priority.rationale, priority.rationale_en) == ("Fjorden.", "The fjord.")
    created = AuditEntry.objects.filter(action=audit_actions.PRIORITY_CREATED).latest("pk")
    assert created.changes["rationale_en"] == [None, "The fjord."]

    client.cookies["django_language"] = "en"
    form = client.get(f"/frameworks/f/{framework.pk}/edit/").content.decode()
    assert 'name="summary_en"' in form and "Summary (English)" in form
    for url, field in [
        (f"/frameworks/actions/{action.pk}/milestones/new/", "title_en"),
        (f"/frameworks/actions/{action.pk}/partners/new/", "role_en"),
        (f"/frameworks/actions/{action.pk}/updates/new/", "note_en"),
        (f"/frameworks/actions/{action.pk}/factors/new/", "text_en"),
        (f"/frameworks/f/{framework.pk}/targets/new/", "rationale_en"),
    ]:
        assert f'name="{field}"' in client.get(url).content.decode(), url

    framework = Framework.objects.get(pk=framework.pk)
    response = client.post(
        f"/frameworks/f/{framework.pk}/edit/",
        {
            "title_da": framework.title_da,
            "start_year": "2021",
            "end_year": "2030",
            "summary": "Resumé.",
            "summary_en": "Summary.",
            "version": str(framework.version),
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action=audit_actions.FRAMEWORK_UPDATED).latest("pk")
    assert entry.changes["summary_en"] == ["", "Summary."]


def test_the_report_shows_the_text_in_its_language_and_the_fallback_marked(client, editor, written):
    services.factor_create(
        actor=editor, action=written, effect="barrier", kind="economic", text="Kun dansk barriere."
    )
    client.cookies["django_language"] = "en"
    page = client.get("/municipalities/630/local-review/html/?year=2024").content.decode()
    for kind in ("summary", "priority", "target", "milestone", "partner", "factor"):
        assert BOTH[kind][1] in page, kind
        assert BOTH[kind][0] not in page, kind
    assert '<span lang="da">Kun dansk barriere.</span>' in page
    client.cookies["django_language"] = "da"
    page = client.get("/municipalities/630/local-review/html/?year=2024").content.decode()
    assert BOTH["priority"][0] in page and BOTH["priority"][1] not in page


def test_the_api_gives_both_languages(written):
    body = Client().get(f"/api/v1/frameworks/{written.framework_id}").json()
    assert body["summary"] == dict(zip(("da", "en"), BOTH["summary"], strict=True))
    assert body["priorities"][0]["rationale"]["en"] == BOTH["priority"][1]
    assert body["local_targets"][0]["rationale"]["da"] == BOTH["target"][0]
    action = body["actions"][0]
    assert action["description"] == {"da": BOTH["action"][0], "en": BOTH["action"][1]}
    assert action["milestones"][0]["title"]["en"] == BOTH["milestone"][1]
    assert action["partners"][0]["role"]["en"] == BOTH["partner"][1]
    assert action["progress_updates"][0]["note"]["en"] == BOTH["update"][1]


def test_a_case_written_from_an_action_starts_from_both_descriptions(written):
    from verdensmaal.learning.selectors.cases import case_initial_from_action

    initial = case_initial_from_action(Action.objects.get(pk=written.pk))
    assert (initial["summary_da"], initial["summary_en"]) == BOTH["action"]
