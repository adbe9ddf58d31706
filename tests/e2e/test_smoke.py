import re

import pytest
from playwright.sync_api import expect

from verdensmaal.accounts.demo import DEMO_USERS

pytestmark = pytest.mark.e2e

EDITOR = next(user for user in DEMO_USERS if user["username"] == "redaktoer")


def test_demo_editor_logs_in_and_opens_their_municipality_in_danish_and_english(page, demo):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    page.get_by_role("link", name="Log ind").click()
    page.get_by_label("Brugernavn").fill(EDITOR["username"])
    page.get_by_label("Adgangskode").fill(EDITOR["password"])
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("button", name="Log ud")).to_be_visible()

    # The user's name leads to their overview, which links to their organisation.
    page.locator(".user-name").click()
    page.get_by_role("link", name="Min organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vejle Kommune")
    page.get_by_role("link", name="Vejle").click()
    expect(page).to_have_url(re.compile(r"/municipalities/630/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vejle Kommune")
    expect(page.get_by_text("Region Syddanmark").first).to_be_visible()
    expect(page.get_by_text("Kommunekode")).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/municipalities/630/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vejle Municipality")
    expect(page.get_by_text("Municipality code")).to_be_visible()
    expect(page.get_by_text("Region of Southern Denmark").first).to_be_visible()

    page.get_by_role("button", name="Dansk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vejle Kommune")


def test_goal_page_in_the_goal_colour(page, demo):
    page.goto("/goals/13/")
    header = page.locator(".goal-header")
    expect(header).to_have_css("background-color", "rgb(63, 126, 68)")
    expect(page.locator(".target h3 .code")).to_have_text(["13.1", "13.2", "13.3", "13.a", "13.b"])
