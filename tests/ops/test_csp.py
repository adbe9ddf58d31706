"""A strict Content-Security-Policy, and pages that need nothing more: no style attribute, no
style element, no inline script or event handler on any main page, for visitors, editors and the
secretariat, in the back office too; the goals' colours come from the stylesheet."""

import re
from pathlib import Path

import pytest
from django.test import Client

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
STYLESHEET = Path(__file__).resolve().parents[2] / "src/verdensmaal/core/static/core/site.css"

STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.S)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S)
SCRIPT_URL = re.compile(r"javascript:", re.I)


@pytest.fixture
def demo(reference):
    """The demo organisations, users, season and Vejle's framework on Vejle's demo data."""
    from verdensmaal.data.demo import demo_rows
    from verdensmaal.data.services import import_apply, import_plan
    from verdensmaal.frameworks.demo import framework_demo_load
    from verdensmaal.portal.demo import demo_load

    demo_load(with_data=False)
    plan = import_plan(actor=None, rows=[row for row in demo_rows() if row.area == "630"])
    import_apply(actor=None, plan=plan, source_name="demo", format="demo", is_demo=True)
    return framework_demo_load()


def _pages(framework) -> dict[str, list[str]]:
    from verdensmaal.accounts.models import Organisation
    from verdensmaal.network.models import Meeting, Membership, Participant, Season

    action = framework.actions.filter(updates__isnull=False).first()
    season = Season.objects.first()
    meeting = Meeting.objects.first()
    organisation = Organisation.objects.get(name="Vejle Kommune")
    public = [
        "/",
        "/methods/",
        "/goals/",
        "/goals/13/",
        "/municipalities/",
        "/municipalities/630/",
        "/indicators/",
        "/indicators/DK-ENS-CO2E-PERCAP/?area=630",
        "/progress/municipalities/630/",
        "/progress/indicators/DK-ENS-CO2E-PERCAP/",
        "/frameworks/",
        "/frameworks/630/",
        framework.get_absolute_url(),
        f"/frameworks/actions/{action.pk}/",
        "/network/",
        f"/network/seasons/{season.pk}/",
        f"/network/meetings/{meeting.pk}/",
        "/network/enquiry/",
        "/accounts/login/",
        "/accounts/password-reset/",
        "/no-such-page/",
    ]
    secretariat = [
        "/data/import/",
        "/data/imports/",
        "/network/memberships/",
        f"/network/memberships/{Membership.objects.first().pk}/",
        f"/network/participants/{Participant.objects.first().pk}/",
        "/network/tasks/",
        "/network/enquiries/",
        "/network/invoices/",
        f"/accounts/organisations/{organisation.pk}/",
        f"/accounts/organisations/{organisation.pk}/edit/",
        f"/frameworks/f/{framework.pk}/edit/",
        "/progress/settings/",
        "/admin/",
        "/admin/accounts/organisation/",
        f"/admin/accounts/organisation/{organisation.pk}/change/",
        "/admin/accounts/organisation/add/",
        "/admin/accounts/user/",
    ]
    return {"visitor": [*public, "/admin/login/"], "secretariat": public + secretariat}


def _directives(policy: str) -> set[str]:
    return {directive.strip() for directive in policy.split(";")}


def _problems(html: str) -> list[str]:
    found = []
    for name, pattern in [
        ("style attribute", STYLE_ATTRIBUTE),
        ("style element", STYLE_ELEMENT),
        ("inline script", INLINE_SCRIPT),
        ("event handler attribute", EVENT_HANDLER),
        ("javascript: address", SCRIPT_URL),
    ]:
        found += [f"{name}: {match.group(0)[:80]}" for match in pattern.finditer(html)]
    return found


def test_every_main_page_has_the_policy_and_nothing_inline(demo):
    from verdensmaal.accounts.models import User

    clients = {"visitor": Client(), "secretariat": Client()}
    clients["secretariat"].force_login(User.objects.get(username="sekretariat"))
    checked, problems = 0, {}
    for who, urls in _pages(demo).items():
        for url in urls:
            response = clients[who].get(url)
            assert response.status_code in (200, 404), (who, url, response.status_code)
            assert _directives(response["Content-Security-Policy"]) == _directives(POLICY), url
            if found := _problems(response.content.decode()):
                problems[f"{who} {url}"] = found
            checked += 1
    assert problems == {}
    assert checked > 50


def test_the_checks_find_what_they_look_for():
    bad = (
        '<p style="color: red">x</p><style>p {}</style><script>alert(1)</script>'
        '<a onclick="x()" href="javascript:x()">y</a>'
    )
    assert len(_problems(bad)) == 5
    good = '<script src="/static/a.js" defer></script><progress class="meter" value="5">'
    assert _problems(good) == []


def test_the_goal_colours_in_the_stylesheet_are_the_catalogues(reference):
    from verdensmaal.catalogue.models import Goal

    css = STYLESHEET.read_text()
    for goal in Goal.objects.all():
        rule = f".goal-{goal.number} {{ --goal: {goal.colour}; --on-goal: {goal.text_colour}; }}"
        assert rule in css


def test_the_server_error_page_has_no_inline_style(client):
    from django.template.loader import render_to_string

    assert _problems(render_to_string("500.html")) == []
