"""Nothing on any page loads a resource from another host: no script, stylesheet, image, frame,
font or form address outside this site, in the pages' HTML or in the stylesheets they link, on
the main pages of every kind (the profile, the maps, the comparison, the local review report,
learning, screening, the API's documentation) with demo data, logged out and as an editor, in
Danish and in English. Links (``<a href>``) to other sites are allowed: they are not loaded.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from .test_csp import demo  # noqa: F401 - the demo data, as the policy test loads it

THIS_SITE = {"", "testserver"}
TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)(\s[^>]*)?>", re.S)
ATTRIBUTE = re.compile(r"""([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'");\s]+)""", re.I)
# attributes that make a browser fetch something (for <a>, only the ping it may send)
LOADING = {"src", "srcset", "poster", "data", "action", "formaction", "background", "ping"}
LOADING_HREF = {"link", "image", "use", "feimage", "script"}  # tags whose href is fetched


def _addresses(html: str) -> list[tuple[str, str]]:
    """Every (where, address) in a page that a browser would fetch by itself."""
    found = []
    for match in TAG.finditer(html):
        tag = match.group(1).lower()
        for name, double, single in ATTRIBUTE.findall(match.group(2) or ""):
            name, value = name.lower(), double or single
            if name == "srcset":
                found += [(f"<{tag} srcset>", part.split()[0]) for part in value.split(",") if part]
            elif name in LOADING or (
                name in ("href", "xlink:href") and tag.split(":")[-1] in LOADING_HREF
            ):
                found.append((f"<{tag} {name}>", value))
            elif name == "style":
                found += [(f"<{tag} style>", url) for url in CSS_URL.findall(value)]
    for block in re.findall(r"<style[^>]*>(.*?)</style>", html, re.S | re.I):
        found += [("<style>", url) for url in CSS_URL.findall(block) + CSS_IMPORT.findall(block)]
    return found


def _foreign(address: str) -> bool:
    address = address.strip().replace("&amp;", "&")
    if address.startswith(("data:", "#", "about:blank")) or not address:
        return False
    parts = urlsplit(address)
    return bool(parts.scheme not in ("", "http", "https") or parts.netloc not in THIS_SITE)


def _stylesheet_problems(html: str, seen: set[str]) -> list[str]:
    """The url(...) and @import addresses of the site's stylesheets that a page links."""
    problems = []
    for match in TAG.finditer(html):
        if match.group(1).lower() != "link":
            continue
        attributes = {n.lower(): d or s for n, d, s in ATTRIBUTE.findall(match.group(2) or "")}
        href = attributes.get("href", "")
        if "stylesheet" not in attributes.get("rel", "") or href in seen:
            continue
        seen.add(href)
        path = finders.find(urlsplit(href).path.removeprefix(settings.STATIC_URL))
        assert path, f"a linked stylesheet that is not among the static files: {href}"
        with open(path, encoding="utf-8") as stylesheet:
            css = stylesheet.read()
        problems += [
            f"{href}: {url}"
            for url in CSS_URL.findall(css) + CSS_IMPORT.findall(css)
            if _foreign(url)
        ]
    return problems


def _pages(framework) -> dict[str, list[str]]:
    from verdensmaal.network.models import Meeting

    action = framework.actions.filter(updates__isnull=False).first()
    public = [
        "/",
        "/methods/",
        "/tilgaengelighed/",
        "/privatliv/",
        "/goals/",
        "/goals/13/",
        "/municipalities/",
        "/municipalities/630/",  # the profile
        "/municipalities/630/local-review/html/",  # the local review report
        "/indicators/",
        "/indicators/DK-ENS-CO2E-PERCAP/?area=630",
        "/progress/",  # the map page
        "/progress/?view=indicator&indicator=DK-ENS-CO2E-PERCAP",
        "/progress/?view=colours&goal=13",
        "/progress/matrix/?peers=similar-630",
        "/progress/municipalities/630/",
        "/progress/indicators/DK-ENS-CO2E-PERCAP/?area=630",  # the comparison
        "/frameworks/",
        "/frameworks/630/",
        framework.get_absolute_url(),
        f"/frameworks/actions/{action.pk}/",
        "/learning/",
        "/learning/cases/",
        "/learning/field-visits/",
        "/network/",
        f"/network/meetings/{Meeting.objects.first().pk}/",
        "/network/enquiry/",
        "/api/v1/docs",
        "/accounts/login/",
        "/no-such-page/",
    ]
    editor = [
        "/overview/",
        "/network/overview/",
        "/learning/peers/",
        "/learning/ambition/",
        "/learning/network/",
        "/learning/data-needs/",
        "/learning/notices/",
        "/screening/",
        "/screening/new/",
        "/data/import/",
        "/data/imports/",
        f"/frameworks/f/{framework.pk}/edit/",
        "/api/tokens/",
    ]
    return {"visitor": public, "editor": public + editor}


@pytest.mark.parametrize("language", ["da", "en"])
def test_no_page_loads_anything_from_another_host(demo, language):  # noqa: F811
    from verdensmaal.accounts.models import User

    clients = {"visitor": Client(), "editor": Client()}
    clients["editor"].force_login(User.objects.get(username="redaktoer"))
    problems, seen, checked = {}, set(), 0
    for who, urls in _pages(demo).items():
        client = clients[who]
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 404), (who, url, response.status_code)
            html = response.content.decode()
            found = [
                f"{where} {address}" for where, address in _addresses(html) if _foreign(address)
            ]
            found += _stylesheet_problems(html, seen)
            if found:
                problems[f"{who} {url}"] = found
            checked += 1
    assert problems == {}
    assert checked >= 70
    assert seen  # the site's stylesheets were read too


def test_the_check_finds_what_it_looks_for():
    bad = (
        '<script src="https://cdn.example.org/vega.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.org/css">'
        '<img srcset="/a.png 1x, https://img.example.org/b.png 2x">'
        '<form action="https://forms.example.org/post"><button formaction="ftp://x/">'
        '<svg><image href="http://tiles.example.org/1.png"/></svg>'
        '<div style="background: url(https://img.example.org/c.png)"></div>'
        "<style>@import 'https://fonts.example.org/x.css';</style>"
        '<iframe src="https://video.example.org/"></iframe>'
    )
    foreign = [address for _where, address in _addresses(bad) if _foreign(address)]
    assert len(foreign) == 9
    good = (
        '<a href="https://www.dst.dk/">Danmarks Statistik</a>'
        '<script src="/static/core/site.js" defer></script>'
        '<link rel="stylesheet" href="/static/core/site.css">'
        '<img src="data:image/png;base64,AAAA"><form action="/data/import/">'
        '<svg xmlns="http://www.w3.org/2000/svg"><use href="#goal-13"/></svg>'
        '<img src="http://testserver/static/x.png">'
    )
    assert [address for _where, address in _addresses(good) if _foreign(address)] == []
