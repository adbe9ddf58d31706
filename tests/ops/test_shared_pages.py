"""Logged-in pages kept for every reader of the same kind (audit.pages): a reader gets their own
name and a CSRF token that works, never a page rendered for another kind of reader, and their
messages and edits at once."""

import re

import pytest
from django.test import Client

from verdensmaal.accounts.services import user_create
from verdensmaal.catalogue.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(monkeypatch):
    """The paths whose framework page was rendered rather than read from the store."""
    from verdensmaal.frameworks.views import pages

    calls = []
    render = pages.render

    def counted(request, *args, **kwargs):
        calls.append(request.path)
        return render(request, *args, **kwargs)

    monkeypatch.setattr(pages, "render", counted)
    return calls


@pytest.fixture
def second_editor(vejle):
    return user_create(
        actor=None, username="anne", email="anne@example.org", password="secret-password-1",
        role="editor", organisation=vejle, first_name="Anne", last_name="Holm",
    )  # fmt: skip


def _header_name(page: str) -> str:
    return re.search(r'class="user-name"[^>]*>([^<]*)</a>', page).group(1)


def test_readers_of_one_kind_share_the_page_with_their_own_name_and_token(
    editor, second_editor, rendered
):
    first = Client()
    first.force_login(editor)
    assert _header_name(first.get("/frameworks/630/").content.decode()) == "editor"

    second = Client(enforce_csrf_checks=True)
    second.force_login(second_editor)
    page = second.get("/frameworks/630/").content.decode()

    assert rendered == ["/frameworks/630/"]  # the second reader got the kept page
    assert _header_name(page) == "Anne Holm"
    assert "editor</a>" not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert second.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert second.get("/").wsgi_request.user.is_authenticated is False


def test_a_page_kept_for_an_editor_is_never_given_to_another_kind_of_reader(
    client, editor, participant, rendered
):
    client.force_login(editor)
    assert "/frameworks/new/" in client.get("/frameworks/630/").content.decode()

    client.force_login(participant)
    page = client.get("/frameworks/630/").content.decode()

    assert rendered == ["/frameworks/630/", "/frameworks/630/"]
    assert "/frameworks/new/" not in page
    assert _header_name(page) == "participant"


def test_an_edit_shows_at_once(client, secretariat, editor):
    from verdensmaal.catalogue.services import indicator_save

    indicator = Indicator.objects.get(code="DK-IFOR-LOWINC60")
    client.force_login(editor)
    path = f"/indicators/{indicator.code}/"
    assert "Ny titel på indikatoren" not in client.get(path).content.decode()

    indicator_save(
        actor=secretariat, indicator=indicator, targets=list(indicator.targets.all()),
        name_da="Ny titel på indikatoren",
    )  # fmt: skip

    assert "Ny titel på indikatoren" in client.get(path).content.decode()


def test_a_message_waiting_is_shown_on_a_kept_page(client, secretariat):
    client.force_login(secretariat)
    client.get("/goals/13/")  # kept for the secretariat

    answer = client.post("/goals/targets/13.1/translation/", {"title_da": ""}, follow=True)

    assert answer.redirect_chain[-1][0].startswith("/goals/13/")
    assert 'class="messages"' in answer.content.decode()
