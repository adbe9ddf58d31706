"""Chromium enforces the Content-Security-Policy: the site and the back office work under it
with no violation reported, and the goals' colours and the progress meters still show."""

import re

import pytest
from playwright.sync_api import expect

from verdensmaal.accounts.demo import DEMO_USERS

pytestmark = pytest.mark.e2e

SECRETARIAT = next(user for user in DEMO_USERS if user["username"] == "sekretariat")


def _violations(page) -> list[str]:
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_the_site_and_the_back_office_run_under_the_policy(page, demo):
    violations = _violations(page)
    for url in ["/", "/goals/", "/goals/13/", "/municipalities/630/", "/network/"]:
        page.goto(url)
    page.goto("/goals/")
    tile = page.locator(".goal-tile.goal-13 a")
    expect(tile).to_have_css("background-color", "rgb(63, 126, 68)")

    page.goto("/admin/login/")
    page.locator("#id_username").fill(SECRETARIAT["username"])
    page.locator("#id_password").fill(SECRETARIAT["password"])
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto("/admin/accounts/organisation/")
    page.locator("#action-toggle").check()  # the change list's script ticks every row
    expect(page.locator("input.action-select").first).to_be_checked()
    page.goto("/admin/accounts/organisation/add/")
    expect(page.locator("#id_name")).to_be_visible()
    assert violations == []
