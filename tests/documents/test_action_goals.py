"""An action's description is screened when it is saved; the goals it suggests are shown with the
words behind them, and an editor confirms them (or others), audit-logged and version-checked."""

import pytest

from verdensmaal.audit.models import AuditEntry
from verdensmaal.frameworks import services
from verdensmaal.frameworks.models import Action

HEATING = (
    "Kommunen hjælper husstande med oliefyr over på varmepumper og udbygger fjernvarmen i "
    "landsbyerne, så udledningen af drivhusgasser fra boligerne falder."
)


@pytest.fixture
def action(editor, framework):
    return services.action_create(
        actor=editor, framework=framework, title_da="Grøn varme", description=HEATING
    )


def test_the_description_is_screened_when_the_action_is_created(action):
    assert 7 in action.suggested_goals
    words = {hit["term"] for p in action.goal_evidence["passages"] for hit in p["evidence"]}
    assert {"oliefyr", "varmepumper", "fjernvarmen"} <= words
    entry = AuditEntry.objects.get(action="frameworks.action.created")
    assert entry.changes["suggested_goals"] == [None, str(action.suggested_goals)]


def test_the_suggestion_follows_a_changed_description_only(action, editor):
    evidence = action.goal_evidence
    same = services.action_update(
        actor=editor, action=action, version=action.version, title_da="Grøn varme i landsbyerne"
    )
    assert same.goal_evidence == evidence
    changed = services.action_update(
        actor=editor,
        action=same,
        version=same.version,
        description="Alle elever får gratis skolemad og bedre undervisning i matematik.",
    )
    assert 7 not in changed.suggested_goals and 4 in changed.suggested_goals
    assert Action.objects.get(pk=action.pk).goal_evidence["goals"] == changed.suggested_goals


def test_the_action_page_shows_the_suggestion_with_its_words_to_the_editor(editor_client, action):
    page = editor_client.get(f"/frameworks/actions/{action.pk}/").content.decode()
    assert "Beskrivelsens ord peger på disse verdensmål" in page
    assert "oliefyr, varmepumper, fjernvarmen" in page
    assert '<mark class="g7" title="Verdensmål 7, delmål 7.2">varmepumper</mark>' in page
    assert 'name="goals" value="7"' in page and "checked" in page
    assert "Bekræft verdensmålene" in page


def test_the_editor_confirms_the_goals_and_it_is_logged(editor_client, action):
    response = editor_client.post(
        f"/frameworks/actions/{action.pk}/goals/",
        {"goals": ["7", "13"], "version": action.version},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert [goal.number for goal in action.goals.all()] == [7, 13]
    assert action.goals_confirmed_at is not None
    entry = AuditEntry.objects.get(action="frameworks.action.goals_confirmed")
    assert entry.changes["goals"][0] == ""
    assert entry.changes["goals"][1].startswith("13. ") and ", 7. " in entry.changes["goals"][1]
    page = editor_client.get(f"/frameworks/actions/{action.pk}/").content.decode()
    assert "bekræftet" in page and "Senest bekræftet" in page


def test_a_confirmation_from_a_stale_page_is_refused(editor_client, action, editor):
    services.action_update(actor=editor, action=action, version=action.version, owner="Teknik")
    response = editor_client.post(
        f"/frameworks/actions/{action.pk}/goals/",
        {"goals": ["1"], "version": action.version},
        follow=True,
    )
    assert "En anden har ændret dette, siden du åbnede det" in response.content.decode()
    assert Action.objects.get(pk=action.pk).goals.count() == 0
    assert not AuditEntry.objects.filter(action="frameworks.action.goals_confirmed").exists()


def test_readers_see_the_confirmed_goals_not_the_suggestion(client, participant, action, editor):
    from verdensmaal.catalogue.models import Goal

    services.action_goals_confirm(
        actor=editor, action=action, version=action.version, goals=[Goal.objects.get(number=7)]
    )
    Action.objects.filter(pk=action.pk).update(sharing="network")
    client.force_login(participant)
    page = client.get(f"/frameworks/actions/{action.pk}/").content.decode()
    assert "7. Bæredygtig energi" in page
    assert "Beskrivelsens ord peger" not in page and "Bekræft verdensmålene" not in page
    response = client.post(
        f"/frameworks/actions/{action.pk}/goals/", {"goals": ["1"], "version": 99}
    )
    assert response.status_code == 403


def test_no_description_no_suggestion(editor_client, editor, framework):
    action = services.action_create(actor=editor, framework=framework, title_da="Tom")
    assert action.suggested_goals == []
    page = editor_client.get(f"/frameworks/actions/{action.pk}/").content.decode()
    assert "Skriv en beskrivelse af indsatsen" in page


def test_the_action_page_in_english(editor_client, action):
    editor_client.cookies["django_language"] = "en"
    page = editor_client.get(f"/frameworks/actions/{action.pk}/").content.decode()
    assert "The words of the description suggest these goals" in page
    assert "Confirm the goals" in page
