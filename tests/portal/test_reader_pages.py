"""The pages for readers: the methods page, the accessibility statement and the privacy page, each
in the reader's language, and the footer that links them."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from verdensmaal.portal import views
from verdensmaal.portal.views import ENGLISH_MARKER, _methods_html

READER_PAGES = ["/methods/", "/tilgaengelighed/", "/privatliv/"]


def _get(client, path: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def _main(page: str) -> str:
    return page.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _headings(html: str) -> list[str]:
    return [
        " ".join(_text(h).replace("\xad", "").split())  # without soft hyphens
        for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", html, re.S)
    ]


# --- the methods page ------------------------------------------------------------------------


def test_the_methods_page_in_danish_has_danish_headings_and_no_english_half(client, reference):
    main = _main(_get(client, "/methods/", "da"))
    headings = _headings(main)
    assert headings[0] == "Sådan måles fremdriften"
    for heading in [
        "Det fælles grundlag",
        "FN's SDG Progress Chart",
        "Open SDG / Statistics Canada",
        "SDSN's SDG-indeks og dashboards",
        "SDSN-metoden for kommuner",
        "Lignende kommuner",
        "Screening af strategier",
    ]:
        assert heading in headings
    text = _text(main)
    for english in ["What every method has in common", "the latest value meets the target"]:
        assert english not in text
    assert "CR ≥ 0,95" in text and "0.95" not in text  # Danish decimal comma
    assert "Målet er nået" in text and "For få data" in text  # the labels the pages show


def test_the_methods_page_in_english_has_the_english_half(client, reference):
    main = _main(_get(client, "/methods/", "en"))
    headings = _headings(main)
    assert headings[0] == "How progress is measured"
    for heading in [
        "What every method has in common",
        "UN SDG Progress Chart",
        "SDSN SDG Index and Dashboards",
        "The SDSN method for municipalities",
        "Similar municipalities",
        "Strategy screening",
    ]:
        assert heading in headings
    text = _text(main)
    assert "Det fælles grundlag" not in text and "Kort fortalt" not in text
    assert "CR ≥ 0.95" in text and "Statistics Canada" in text


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_methods_page_has_no_code(client, reference, language):
    main = _main(_get(client, "/methods/", language))
    text = _text(main)
    for code in ["src/", ".py", "assess", "unsd", "opensdg", "import ", "<code>", "<pre>"]:
        assert code not in main, code
    assert "<!--" not in main  # the file's notes for its editors stay in the file
    assert "Lafortune" in text and "Technical Note" in text  # the citations stay


def test_both_halves_link_the_same_sections(client, reference):
    """The profile and the goals side by side link to a section; it must exist in both languages."""
    ids = {
        language: re.findall(r'<h2 id="([^"]+)"', _methods_html(language))
        for language in ("da", "en")
    }
    assert ids["da"] == ids["en"]
    assert "the-sdsn-method-for-municipalities" in ids["da"]
    assert 'href="/methods/#the-sdsn-method-for-municipalities"' in _get(
        client, "/progress/matrix/", "en"
    )


def _figures(html: str) -> list[str]:
    """Every number in the text, as its digits: 0,95 and 0.95 alike, 3.163 and 3,163 alike."""
    return sorted(re.sub(r"[.,]", "", n) for n in re.findall(r"\d+(?:[.,]\d+)*", _text(html)))


def test_both_halves_give_the_same_figures():
    """A threshold changed in one language and not in the other fails here."""
    danish, english = _figures(_methods_html("da")), _figures(_methods_html("en"))
    assert danish == english


def test_the_methods_file_has_one_english_marker():
    text = (Path(views.__file__).parent / "docs" / "methods.md").read_text(encoding="utf-8")
    assert text.count(ENGLISH_MARKER) == 1


# --- the accessibility statement and the privacy page ----------------------------------------


def test_the_accessibility_statement_in_danish(client, reference):
    main = _main(_get(client, "/tilgaengelighed/", "da"))
    headings = _headings(main)
    for heading in [
        "Tilgængelighedserklæring",
        "Overholdelsesstatus",
        "Indhold, der ikke er tilgængeligt",
        "Udarbejdelse af denne erklæring",
        "Feedback og kontaktoplysninger",
        "Håndhævelsesprocedure",
    ]:
        assert heading in headings
    text = " ".join(_text(main).split())
    assert "overholder delvist" in text and "EN 301 549" in text and "WCAG 2.1" in text
    assert "30. november 2026" in text  # the date of the statement
    assert f'href="mailto:{settings.DEFAULT_FROM_EMAIL}"' in main
    assert 'href="/network/enquiry/"' in main
    assert 'href="https://digst.dk/' in main
    assert "Accessibility statement" not in text


def test_the_accessibility_statement_in_english(client, reference):
    main = _main(_get(client, "/tilgaengelighed/", "en"))
    headings = _headings(main)
    for heading in ["Accessibility statement", "Compliance status", "Enforcement procedure"]:
        assert heading in headings
    text = " ".join(_text(main).split())
    assert "partially complies" in text and "Tilgængelighedserklæring" not in text
    # Danish names inside the English text are marked as Danish for screen readers
    assert '<span lang="da">lov om tilgængelighed' in main
    assert 'lang="da" hreflang="da">Oplever du ikke-tilgængeligt indhold?' in main


def test_the_privacy_page_in_both_languages(client, reference):
    danish = _main(_get(client, "/privatliv/", "da"))
    assert "Privatliv: dine personoplysninger i verdensmaal" in _headings(danish)
    for heading in ["Hvad vi gemmer", "Hvorfor vi gemmer dem", "Hvor længe vi gemmer dem"]:
        assert heading in _headings(danish)
    text = " ".join(_text(danish).split())
    assert f"efter {settings.SESSION_COOKIE_AGE // 86400} dage" in text
    assert "gemmes i 5 år efter bogføringsloven" in text
    assert 'href="/overview/"' in danish and f"mailto:{settings.DEFAULT_FROM_EMAIL}" in danish
    english = _main(_get(client, "/privatliv/", "en"))
    assert "Privacy: your personal data in verdensmaal" in _headings(english)
    assert "How long we keep it" in _headings(english)
    assert "Hvad vi gemmer" not in _text(english)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_footer_links_the_reader_pages(client, reference, language):
    page = _get(client, "/", language)
    footer = page.split('<footer class="site-footer">', 1)[1]
    for path in READER_PAGES:
        assert f'href="{path}"' in footer
    label = "Tilgængelighedserklæring" if language == "da" else "Accessibility statement"
    assert label in footer


# --- the privacy page describes what the product does ----------------------------------------


@pytest.fixture
def demo(db, reference):
    from verdensmaal.portal.demo import demo_load

    demo_load(with_data=False)


def _client(username: str, language: str) -> Client:
    from verdensmaal.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_export_and_erasure_the_privacy_page_describes_are_there(demo, language):
    """The privacy page names the links and buttons by their labels: they must be on the pages."""
    from verdensmaal.network.models import Participant

    participant = _client("deltager", language)
    privacy = _text(participant.get("/privatliv/").content.decode())
    overview = participant.get("/overview/").content.decode()
    link = "Mine tilmeldinger og kalender" if language == "da" else "My registrations and calendar"
    assert f'"{link}"' in privacy and link in overview
    dorte = Participant.objects.get(name="Dorte Deltager (demo)")
    own_page = participant.get(f"/network/participants/{dorte.pk}/").content.decode()
    export = "Eksportér (JSON)" if language == "da" else "Export (JSON)"
    assert f'"{export}"' in privacy and export in own_page
    exported = participant.get(f"/network/participants/{dorte.pk}/export.json").json()
    assert exported["participant"]["name"] == "Dorte Deltager (demo)"
    erase = "Slet personoplysninger" if language == "da" else "Erase personal data"
    assert f'"{erase}"' in privacy and erase not in own_page  # the secretariat's button
    secretariat_page = _client("sekretariat", language).get(f"/network/participants/{dorte.pk}/")
    assert erase in secretariat_page.content.decode()
