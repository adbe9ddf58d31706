"""No English on a Danish page: with the whole demo loaded, the main pages in Danish hold no
element marked ``lang="en"`` (the product's way of showing a text that has no Danish version yet),
logged out and logged in as a member. The one English word allowed is the language switch's
"English" button."""

from html.parser import HTMLParser

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


class EnglishElements(HTMLParser):
    """The elements marked as English, with the start of their text."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        is_switch = tag == "button" and attributes.get("name") == "language"
        if (attributes.get("lang") or "").startswith("en") and not is_switch:
            self._open.append((tag, []))
            self.found.append(f"<{tag} {attrs}>")

    def handle_data(self, data):
        for _tag, texts in self._open:
            texts.append(data)

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            _tag, texts = self._open.pop()
            index = len(self.found) - 1 - len(self._open)
            self.found[index] += " " + " ".join("".join(texts).split())[:80]


def english_on(html: str) -> list[str]:
    parser = EnglishElements()
    parser.feed(html)
    return parser.found


def test_the_parser_finds_english_and_allows_the_language_switch():
    html = (
        '<html lang="da"><button name="language" value="en" lang="en">English</button>'
        '<p>Dansk <span lang="en">English text</span></p></html>'
    )
    assert english_on(html) == ["<span [('lang', 'en')]> English text"]


@pytest.fixture
def demo(reference):
    from verdensmaal.portal.demo import demo_load

    demo_load()


def _main_pages() -> list[str]:
    from verdensmaal.frameworks.models import Action, Framework
    from verdensmaal.learning.models import Case
    from verdensmaal.network.models import Meeting, Season

    vejle = Framework.objects.get(organisation__area__code="630")
    action = Action.objects.filter(framework=vejle, sharing="public").first()
    season = Season.objects.first()
    pages = [
        "/", "/goals/", "/goals/13/", "/municipalities/", "/municipalities/630/", "/progress/",
        "/progress/matrix/", "/progress/municipalities/630/", "/indicators/",
        "/indicators/DK-ENS-CO2E-PERCAP/", "/frameworks/", vejle.get_absolute_url(),
        f"/frameworks/actions/{action.pk}/", "/network/", f"/network/seasons/{season.pk}/",
        "/learning/", "/learning/cases/", "/learning/field-visits/", "/learning/peers/",
        "/learning/ambition/", "/learning/network/", "/methods/",
    ]  # fmt: skip
    pages += [f"/network/meetings/{meeting.pk}/" for meeting in Meeting.objects.all()]
    pages += [f"/learning/cases/{case.pk}/" for case in Case.objects.all()]
    return pages


def test_the_main_pages_in_danish_hold_no_english(demo):
    from verdensmaal.accounts.models import User

    member = Client()
    member.force_login(User.objects.get(username="deltager"))
    editor = Client()
    editor.force_login(User.objects.get(username="redaktoer"))
    found, read = {}, set()
    for url in _main_pages():
        for name, client in (("public", Client()), ("participant", member), ("editor", editor)):
            response = client.get(url)
            if response.status_code != 200:
                continue
            read.add(url)
            html = response.content.decode()
            assert '<html lang="da">' in html, url
            if english := english_on(html):
                found[f"{url} ({name})"] = english
    assert read == set(_main_pages()), "a main page nobody could read"
    assert not found, found
