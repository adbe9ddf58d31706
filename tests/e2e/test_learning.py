"""Learning across borders in Chromium: from a municipality's weak indicator to the peers who
moved it, and on to one peer's case with its evidence; on a desktop and on a phone."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_from_a_weak_indicator_to_a_peer_s_case(page, demo_with_data, screenshot):
    page.goto("/")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Læring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Læring på tværs af kommunegrænser")
    page.get_by_role("link", name="Find dem, der gjorde det bedre").click()
    page.get_by_label("Kommune").select_option(label="Vejle")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Hvor Vejle kan lære af andre")
    screenshot(page, "learning-weak-indicators")

    page.get_by_role("link", name="Udledning fra vejtransport pr. indbygger").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text(
        "Udledning fra vejtransport pr. indbygger"
    )
    expect(page.locator("figure.ranked-figure svg[role='img']")).to_be_visible()
    members = page.locator("table.peers").last
    copenhagen = members.get_by_role("row").filter(has_text="København")
    expect(copenhagen).to_contain_text("medlem")
    screenshot(page, "learning-peers-vejle-transport")

    copenhagen.get_by_role("link", name="Supercykelstier og grønne mobilitetsplaner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Supercykelstier og grønne mobilitetsplaner for arbejdspladser"
    )
    expect(page.get_by_role("heading", name="Resultater")).to_be_visible()
    expect(page.locator("#evidence-DK-ENS-CO2E-TRANSPORT")).to_be_visible()
    expect(page.locator(".chart-figure svg[role='img']").first).to_be_visible()
    expect(page.get_by_text("Erfaringen begyndte i 2016").first).to_be_attached()
    screenshot(page, "learning-case-desktop")

    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "learning-case-phone")
