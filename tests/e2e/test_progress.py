import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def framework(demo):
    from verdensmaal.data.demo import demo_observations_load
    from verdensmaal.frameworks.demo import framework_demo_load

    demo_observations_load()
    framework_demo_load()


def test_a_visitor_follows_vejle_from_its_page_to_progress_and_framework(page, framework):
    page.goto("/municipalities/630/")
    page.get_by_role("link", name="Fremdrift på de 17 verdensmål").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fremskridt i Vejle")
    expect(page.locator(".progress-grid .goal-tile")).to_have_count(17)
    expect(page.locator(".goal-section").first.locator(".progress-status").first).to_be_visible()

    page.get_by_label("Metode for fremdrift").select_option("unsd")
    page.get_by_role("button", name="Vis").last.click()
    expect(page).to_have_url(re.compile(r"method=unsd"))

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress in Vejle")

    page.goto("/frameworks/630/")
    expect(page.locator("svg.chart").first).to_be_visible()
    # The local targets' titles in English, as the editor wrote them.
    expect(page.get_by_text("Halve CO2e emissions per inhabitant").first).to_be_visible()
