"""The network in the browser: the secretariat creates a meeting, a member registers two
participants after seeing the price, the secretariat issues the invoice and downloads its PDF.

Elements are found by their form field ids and URLs rather than by their labels, so the test
reads the same whatever the state of the Danish catalogue.
"""

import re

import pytest
from playwright.sync_api import expect

from verdensmaal.accounts.demo import DEMO_USERS

pytestmark = pytest.mark.e2e

USERS = {user["username"]: user for user in DEMO_USERS}


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/?next=/network/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(USERS[username]["password"])
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(re.compile(r"/network/$"))


def test_meeting_registration_and_invoice(page, demo):
    from verdensmaal.network.models import Membership

    # The secretariat creates a meeting.
    log_in(page, "sekretariat")
    page.locator('a[href$="/meetings/new/"]').click()
    page.locator("#id_title_da").fill("Netværksmøde i browseren")
    page.locator("#id_day").fill("2030-10-01")
    page.locator("#id_start_time").fill("13:00")
    page.locator("#id_end_time").fill("16:00")
    page.locator("#id_format").select_option("physical")
    page.locator("#id_city").fill("Vejle")
    page.locator("#id_capacity").fill("30")
    page.locator("#id_speakers").fill("Ane Ahl; Direktør; Aarhus Kommune")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Netværksmøde i browseren")
    expect(page.locator("dl.facts")).to_contain_text("13:00–16:00")
    page.goto("/network/")
    expect(page.locator("table.programme tbody tr")).to_have_count(7)

    # A member's editor sees the price of two participants, then confirms.
    log_in(page, "redaktoer")
    membership = Membership.objects.get(season__is_demo=True, organisation__name="Vejle Kommune")
    page.locator(f'a[href="/network/memberships/{membership.pk}/"]').first.click()
    page.get_by_label("Vera Vestergaard (demo)").check()
    page.get_by_label("Viggo Vinther (demo)").check()
    page.locator('form[action$="/register/"] button[type=submit]').click()
    expect(page.locator(".quote-total")).to_have_text("21.875,00 kr.")
    page.locator('button[name="confirm"]').click()
    rows = page.locator("main table.table").first.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("7.500,00")

    # The secretariat issues the invoice and downloads its PDF.
    log_in(page, "sekretariat")
    page.goto(f"/network/memberships/{membership.pk}/")
    page.locator('form[action$="/invoice/"] button[type=submit]').click()
    expect(page.locator(".quote-total")).to_have_text("21.875,00 kr.")  # what it will hold
    page.locator('button[name="confirm"]').click()
    expect(page).to_have_url(re.compile(r"/network/invoices/\d+/$"))
    expect(page.locator("table.lines tfoot")).to_contain_text("21.875,00")
    with page.expect_download() as download_info:
        page.locator('a[href$="/pdf/"]').click()
    download = download_info.value
    assert re.fullmatch(r"invoice-\d{4}-0001\.pdf", download.suggested_filename)
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
