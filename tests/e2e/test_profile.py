"""The demo municipality's profile in Chromium: the goal dashboard, a map and a chart, on a
desktop and on a phone, in Danish and English."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_the_profile_shows_the_goal_dashboard_a_map_and_a_chart(page, demo_with_data, screenshot):
    page.goto("/municipalities/630/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vejle Kommune")
    tiles = page.locator(".dashboard-grid .goal-tile")
    expect(tiles).to_have_count(17)
    assert all(
        tiles.nth(i).get_attribute("data-colour") in {"green", "yellow", "orange", "red"}
        for i in range(17)
    )
    areas = page.evaluate(
        "new Set([...document.querySelectorAll('svg [data-area]')].map(e => e.dataset.area)).size"
    )
    assert areas == 98
    expect(page.locator('svg[role="img"]').first).to_be_visible()
    expect(page.get_by_text("Lignende kommuner").first).to_be_visible()
    screenshot(page, "profile-vejle-desktop")

    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "profile-vejle-phone")

    page.locator("label.menu-button").click()  # the folded menu on a phone
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=2, name="The 17 goals")).to_be_visible()
