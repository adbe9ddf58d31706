"""WCAG 2.1 AA checked by axe-core in Chromium on every main page and form, in Danish and English,
logged out and in each role; and every page fits a 360 px phone. A serious or critical violation,
or a page wider than the phone, fails the suite."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}

PUBLIC = [
    "/", "/goals/", "/goals/13/", "/municipalities/", "/municipalities/630/", "/indicators/",
    "/indicators/DK-ENS-CO2E-PERCAP/?area=630", "/progress/", "/progress/?view=colours&goal=13",
    "/progress/municipalities/630/", "/progress/indicators/DK-ENS-CO2E-PERCAP/?area=630",
    "/progress/matrix/?peers=similar-630", "/frameworks/", "/frameworks/630/", "/network/",
    "/network/enquiry/", "/methods/", "/tilgaengelighed/", "/privatliv/", "/accounts/login/",
    "/accounts/password-reset/",
    "/learning/", "/learning/cases/", "/learning/cases/?q=cykel&region=084",
    "/learning/field-visits/", "/learning/peers/?area=630",
    "/learning/peers/?area=630&indicator=DK-ENS-CO2E-TRANSPORT",
    "/learning/ambition/?indicator=DK-ENS-CO2E-PERCAP", "/learning/network/",
]  # fmt: skip
ROLES = {
    "redaktoer": [
        "/overview/", "/data/import/", "/data/imports/", "/api/tokens/", "/frameworks/new/",
        "/learning/cases/new/", "/learning/notices/", "/learning/data-needs/",
        "/learning/data-needs/new/",
    ],
    "deltager": ["/overview/", "/network/overview/", "/learning/data-needs/"],
    "sekretariat": [
        "/overview/", "/changes/", "/network/tasks/", "/network/invoices/", "/network/enquiries/",
        "/progress/settings/", "/network/tasks/new/", "/indicators/new/",
        "/learning/network/season-report/",
    ],
}  # fmt: skip


def _axe(page) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))",
        WCAG,
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def _check(page, paths: list[str]) -> list[str]:
    problems = []
    for language in ("da", "en"):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": page.url or "http://x"}]
        )
        for path in paths:
            page.set_viewport_size(DESKTOP)
            response = page.goto(path)
            if not response.ok:
                problems.append(f"{language} {path}: answered {response.status}")
                continue
            problems += [
                f"{language} {path}: {v['id']} ({v['impact']}) {v['nodes']}" for v in _axe(page)
            ]
            page.set_viewport_size(PHONE)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                problems.append(f"{language} {path}: {width} px wide on a 360 px phone")
    return problems


def _log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()


@pytest.fixture
def checked_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto("/")
    yield page
    context.close()


def test_public_pages(checked_page, demo_with_data):
    problems = _check(checked_page, PUBLIC)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("username", sorted(ROLES))
def test_pages_of_each_role(checked_page, demo_with_data, username):
    from verdensmaal.accounts.demo import DEMO_USERS

    password = next(u["password"] for u in DEMO_USERS if u["username"] == username)
    _log_in(checked_page, username, password)
    problems = _check(checked_page, ROLES[username])
    assert not problems, "\n".join(problems)


def test_learning_pages_with_ids(checked_page, demo_with_data):
    """A case with its evidence charts, and a field visit's page with its observations."""
    from verdensmaal.learning.models import Case
    from verdensmaal.network.models import Meeting

    case = Case.objects.get(title_da__startswith="Supercykelstier")
    visit = Meeting.objects.get(kind="field_visit", title_da__contains="Bornholm")
    problems = _check(checked_page, [case.get_absolute_url(), visit.get_absolute_url()])
    assert not problems, "\n".join(problems)
