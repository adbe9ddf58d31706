"""The public-page cache: a visitor who is not logged in gets a stored page until something is
written; pages carry ETag and Last-Modified and a conditional GET of an unchanged page gets
304; logged-in users and forms are never cached."""

import logging

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from verdensmaal.accounts.services import user_create
from verdensmaal.audit.services import CONTENT_VERSION_KEY
from verdensmaal.catalogue.models import Target
from verdensmaal.catalogue.services import target_translate
from verdensmaal.ops.middleware import content_version

GOAL = "/goals/13/"


def _write_behind_the_products_back(text: str) -> None:
    """A change that does not go through a service (and so sets no content version): a visitor
    who sees it did not get a stored page."""
    Target.objects.filter(code="13.2").update(title_da=text)


def test_a_visitor_gets_the_stored_page_until_a_write(secretariat):
    visitor = Client()
    first = visitor.get(GOAL)
    assert first.status_code == 200
    _write_behind_the_products_back("Usynlig ændring")
    assert "Usynlig ændring" not in Client().get(GOAL).content.decode()  # from the cache

    target_translate(actor=secretariat, target=Target.objects.get(code="13.2"), title_da="Ny tekst")
    after = Client().get(GOAL).content.decode()
    assert "Ny tekst" in after


def test_a_write_through_the_site_is_seen_by_the_next_visitor(secretariat):
    assert "Integrér klima" not in Client().get(GOAL).content.decode()
    editor = Client()
    editor.force_login(secretariat)
    editor.post("/goals/targets/13.2/translation/", {"title_da": "Integrér klima"})
    assert "Integrér klima" in Client().get(GOAL).content.decode()


def test_the_commit_sets_a_new_version_too(reference, django_capture_on_commit_callbacks):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        secretariat = user_create(
            actor=None, username="s", email="s@example.org", password="x-y-z-1234",
            role="secretariat",
        )  # fmt: skip
        target_translate(actor=secretariat, target=Target.objects.get(code="13.2"), title_da="X")
    assert len(callbacks) == 1  # one per transaction, however many entries it logs
    assert content_version()[0] != before[0]


def test_an_unchanged_page_answers_a_conditional_get_with_304(secretariat):
    page = Client().get(GOAL)
    etag, modified = page["ETag"], page["Last-Modified"]
    assert etag.startswith('"') and modified
    assert "no-cache" in page["Cache-Control"]

    again = Client().get(GOAL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    by_date = Client().get(GOAL, HTTP_IF_MODIFIED_SINCE=modified)
    assert by_date.status_code == 304

    target_translate(actor=secretariat, target=Target.objects.get(code="13.2"), title_da="Ny")
    changed = Client().get(GOAL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_first_conditional_get_of_a_page_is_answered_too(reference):
    etag = Client().get(GOAL)["ETag"]
    cache.clear()  # the page is rendered again, to the same content
    assert Client().get(GOAL, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_logged_in_page_is_never_cached_for_visitors(secretariat):
    """Nor by a shared cache on the way; the reader's own store (audit.pages, tested in
    test_shared_pages) keeps it apart from the visitors' pages, under the content version."""
    user = Client()
    user.force_login(secretariat)
    page = user.get(GOAL)
    assert "ETag" not in page
    assert "private" in page["Cache-Control"]
    assert secretariat.username in page.content.decode()  # the header shows who is logged in

    visitor = Client().get(GOAL).content.decode()
    assert "Log ud" not in visitor and secretariat.username not in visitor.split("<main")[0]
    target_translate(actor=secretariat, target=Target.objects.get(code="13.2"), title_da="Set nu")
    assert "Set nu" in user.get(GOAL).content.decode()


def test_forms_are_not_cached(reference):
    for url in ["/accounts/login/", "/network/enquiry/", "/accounts/password-reset/"]:
        first, second = Client().get(url), Client().get(url)
        assert "ETag" not in first, url
        assert first.cookies and second.cookies  # each visitor gets a CSRF cookie of their own


def test_each_language_and_address_has_its_own_page(reference):
    danish = Client().get(GOAL).content.decode()
    english_visitor = Client()
    english_visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = english_visitor.get(GOAL).content.decode()
    assert "Klimaindsats" in danish and "Climate action" in english
    assert "Klimaindsats" in Client().get(GOAL).content.decode()

    vej = Client().get("/municipalities/", {"q": "vej"}).content.decode()
    aar = Client().get("/municipalities/", {"q": "aarhus"}).content.decode()
    assert "Vejle" in vej and "Vejle" not in aar


def test_a_lost_version_only_makes_pages_render_again(secretariat):
    Client().get(GOAL)
    cache.delete(CONTENT_VERSION_KEY)
    _write_behind_the_products_back("Efter tabt version")
    assert "Efter tabt version" in Client().get(GOAL).content.decode()


@pytest.mark.parametrize("url", ["/healthz", "/accounts/login/"])
def test_answers_marked_uncachable_are_not_stored(reference, url, caplog):
    caplog.set_level(logging.INFO, logger="verdensmaal.requests")
    Client().get(url)
    Client().get(url)
    assert all("page_cache" not in record.fields for record in caplog.records)


def test_the_request_log_says_when_the_cache_answered(reference, caplog):
    caplog.set_level(logging.INFO, logger="verdensmaal.requests")
    Client().get(GOAL)
    Client().get(GOAL)
    assert [record.fields.get("page_cache") for record in caplog.records] == ["miss", "hit"]


def test_browsers_that_take_gzip_get_the_stored_page_compressed(reference):
    import gzip

    plain = Client().get(GOAL)
    packed = Client().get(GOAL, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) / 2
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert packed["ETag"] == f"W/{plain['ETag']}"
    again = Client().get(GOAL, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304
