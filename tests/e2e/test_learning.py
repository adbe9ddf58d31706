"""Learning across borders in Chromium: Vejle's editor starts from a weak indicator on the
municipality's profile, follows "who moved it?" to the peers ranked by how much they improved it,
and opens one member's case with its evidence; on a desktop and on a phone, in Danish and then
in English. The public reaches the peer finder from the learning menu and sees only the cases
that are published."""

import re

import pytest
from playwright.sync_api import expect

from verdensmaal.accounts.demo import DEMO_USERS

pytestmark = pytest.mark.e2e

PASSWORD = {user["username"]: user["password"] for user in DEMO_USERS}
TRAFFIC = "Dræbte og alvorligt tilskadekomne i trafikken pr. 100.000 indbyggere"
CASE_DA = "Sikre skoleveje og 40 km/t i boligområderne"
CASE_EN = "Safe roads to school and 40 km/h in residential areas"


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/?next=/municipalities/630/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD[username])
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(re.compile(r"/municipalities/630/$"))


def test_from_a_weak_indicator_on_the_profile_to_a_peer_s_case(page, demo_with_data, screenshot):
    log_in(page, "redaktoer")
    weakest = page.locator("section[aria-labelledby='weak-heading']")
    expect(weakest.get_by_role("heading", name="Svageste indikatorer")).to_be_visible()
    traffic = weakest.get_by_role("listitem").filter(has_text=TRAFFIC)
    screenshot(page, "learning-profile-weak-indicators")
    traffic.get_by_role("link", name="hvem flyttede den?").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Find dem, der gjorde det bedre")
    expect(page.get_by_role("heading", level=2).first).to_contain_text(TRAFFIC)
    expect(page.locator(".own-result")).to_contain_text("Vejle")
    expect(page.locator("figure.ranked-figure svg[role='img']")).to_be_visible()
    members = page.locator("table.peers").last
    gladsaxe = members.get_by_role("row").filter(has_text="Gladsaxe")
    expect(gladsaxe).to_contain_text("medlem")
    screenshot(page, "learning-peers-vejle-traffic")

    gladsaxe.locator("a[href^='/learning/cases/']", has_text=CASE_DA).click()  # not the action
    expect(page.get_by_role("heading", level=1)).to_have_text(CASE_DA)
    expect(page.get_by_role("heading", name="Resultater")).to_be_visible()
    expect(page.locator("#evidence-DK-UHELD-KSI")).to_be_visible()
    expect(page.locator(".chart-figure svg[role='img']").first).to_be_visible()
    expect(page.get_by_text("Erfaringen begyndte i 2017").first).to_be_attached()
    screenshot(page, "learning-case-desktop")

    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "learning-case-phone")

    page.locator("label.menu-button").click()  # the folded menu on a phone
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CASE_EN)
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    expect(page.get_by_text("The case started in 2017").first).to_be_attached()
    screenshot(page, "learning-case-english-phone")


def test_the_public_finds_the_peers_but_only_published_cases(page, demo_with_data, screenshot):
    page.goto("/")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Læring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Læring på tværs af kommunegrænser")
    page.get_by_role("link", name="Find dem, der gjorde det bedre").click()
    page.get_by_label("Kommune").select_option(label="Vejle")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Hvor Vejle kan lære af andre")
    page.get_by_role("link", name="Udledning fra vejtransport pr. indbygger").click()
    copenhagen = page.locator("table.peers").last.get_by_role("row").filter(has_text="København")
    expect(copenhagen.locator("a[href^='/learning/cases/']")).to_contain_text("Supercykelstier")
    page.goto("/learning/peers/?area=630&indicator=DK-UHELD-KSI")
    gladsaxe = page.locator("table.peers").last.get_by_role("row").filter(has_text="Gladsaxe")
    expect(gladsaxe.locator("a[href^='/learning/cases/']")).to_have_count(0)  # members only
    screenshot(page, "learning-peers-public")
