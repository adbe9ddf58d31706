"""The Danish pages of the SDG framework and the indicator catalogue carry no English reference
text: after migrate and load_reference (the test database is built that way), no element in the
page's content is marked lang="en" and no "EN" fallback marker is shown."""

from html.parser import HTMLParser

import pytest

from verdensmaal.catalogue.models import Indicator, Target


class _EnglishInContent(HTMLParser):
    """The elements inside <main> marked as English, and the fallback markers."""

    def __init__(self):
        super().__init__()
        self.depth_in_main = 0
        self.english: list[str] = []
        self.fallbacks = 0
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "main":
            self.depth_in_main += 1
        if not self.depth_in_main:
            return
        if (attrs.get("lang") or "").startswith("en"):
            self.english.append(self.get_starttag_text())
        if "fallback" in (attrs.get("class") or "").split():
            self.fallbacks += 1

    def handle_endtag(self, tag):
        if tag == "main" and self.depth_in_main:
            self.depth_in_main -= 1


def _english_in(client, url: str) -> _EnglishInContent:
    response = client.get(url)
    assert response.status_code == 200, url
    found = _EnglishInContent()
    found.feed(response.content.decode())
    assert found.html_lang == "da", url
    return found


@pytest.mark.parametrize("number", range(1, 18))
def test_a_danish_goal_page_has_no_english_text(client, reference, number):
    found = _english_in(client, f"/goals/{number}/")
    assert found.english == []
    assert found.fallbacks == 0


def test_the_check_sees_an_english_fallback(client, reference):
    """Without a Danish text the English one is shown and marked, and the check above fails."""
    Target.objects.filter(code="13.2").update(title_da="")
    found = _english_in(client, "/goals/13/")
    assert len(found.english) == 1
    assert found.fallbacks == 1
    page = client.get("/goals/13/").content.decode()
    assert "Engelsk tekst: ingen dansk oversættelse endnu" in page


def test_the_danish_target_and_goal_texts_are_shown(client, reference):
    text = client.get("/goals/13/").content.decode()
    assert "Handle hurtigt for at bekæmpe klimaforandringerne og deres konsekvenser" in text
    assert "Integrere klimatiltag i nationale politikker, strategier og planlægning" in text
    assert "Samlet udledning af drivhusgasser pr. år" in text
    assert "Integrate climate change measures" not in text


def test_every_danish_indicator_page_has_no_english_text(client, reference):
    for code in Indicator.objects.values_list("code", flat=True):
        found = _english_in(client, f"/indicators/{code}/")
        assert found.english == [], code
        assert found.fallbacks == 0, code


def test_an_indicator_page_shows_its_danish_metadata(client, reference):
    text = client.get("/indicators/DK-HFUDD-UPSEC2529/").content.decode()
    assert "Personer efter højeste fuldførte uddannelse; andelen beregnes i tabellen" in text
    assert "Årlig" in text  # the frequency's translated label
    assert "mindst 90 % af de 25-årige" in text  # the thresholds' source
    assert "Persons by highest completed education" not in text
