"""Three journeys through the real site in Chromium, each in Danish and in English (issue 14, item
6): the secretariat sets up a season and a meeting, registers a member's participants and issues
the invoice; an editor imports a data file, sets a local target, adds an action with a partner,
records its progress and downloads the report; a member of the public uses only the keyboard to
open the map, a municipality and a goal.

Elements are found as a user finds them, by role and label, in the language of the page. Each
journey saves screenshots of its key pages on a desktop (1280 px) and a phone (360 px) under
test-output/screenshots/.
"""

import re
from io import BytesIO

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from verdensmaal.accounts.demo import DEMO_USERS

pytestmark = pytest.mark.e2e

PASSWORDS = {user["username"]: user["password"] for user in DEMO_USERS}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 800}
ZOOM_400 = {"width": 320, "height": 225}
LANGUAGES = ["da", "en"]
REPORT_SECONDS = 180  # the local review PDF is laid out when asked for: slow on a shared machine
MAX_TABS = 250  # the map has 98 links, one a municipality, before the content that follows it

LOGIN = {
    "da": {"user": "Brugernavn", "password": "Adgangskode", "button": "Log ind"},
    "en": {"user": "Username", "password": "Password", "button": "Log in"},
}


def _both_widths(page, screenshot, name: str) -> None:
    """Screenshots of the page as it is, on a desktop and on a phone; the phone must not scroll
    sideways."""
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def _start(page, language: str) -> None:
    """Open the front page (Danish by default, whatever the browser asks for) and, for English,
    press the site's language switch."""
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    if language == "en":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")


def _log_in(page, language: str, username: str) -> None:
    words = LOGIN[language]
    page.get_by_role("link", name=words["button"]).click()
    page.get_by_label(words["user"]).fill(username)
    page.get_by_label(words["password"]).fill(PASSWORDS[username])
    page.get_by_role("button", name=words["button"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mit overblik" if language == "da" else "My overview"
    )
    # Signed in, the main menu is longer; at 1280 px it still takes a single line.
    lines = page.evaluate(
        "new Set([...document.querySelectorAll('.main-nav a')]"
        ".map(a => Math.round(a.getBoundingClientRect().top))).size"
    )
    assert lines == 1, f"the main menu wraps onto {lines} lines at 1280 px"


# The secretariat's journey -----------------------------------------------------------------------

SECRETARIAT = {
    "da": {
        "network": "Netværk", "new season": "Ny sæson", "name": "Navn:",
        "title da": "Titel (dansk):", "title en": "Titel (engelsk):", "starts": "Starter:",
        "ends": "Slutter:", "price": "Pris for første deltager:", "price typed": "10.000",
        "discount": "Rabat for yderligere deltagere:", "discount typed": "25 %",
        "vat": "Momssats:", "vat typed": "25 %", "save": "Gem", "lead": "1. august 2031",
        "new meeting": "Nyt møde", "theme da": "Tema (dansk):", "date": "Dato:",
        "meeting starts": "Starter (dansk tid):", "meeting ends": "Slutter (dansk tid):",
        "format": "Format:", "physical": "Fysisk", "city": "By:", "capacity": "Antal pladser:",
        "speakers": "Oplægsholdere:",
        "members": "Medlemmer", "add member": "Tilføj medlem", "organisation": "Organisation:",
        "reference": "Fakturareference:", "see price": "Se prisen",
        "confirm registration": "Bekræft tilmelding", "issue": "Udsted faktura for 2 deltagere",
        "issue confirm": "Udsted fakturaen", "invoice": "Faktura", "to pay": "At betale",
        "second price": "7.500,00 kr.", "total": "21.875,00 kr.", "pdf": "Hent PDF",
    },
    "en": {
        "network": "Network", "new season": "New season", "name": "Name:",
        "title da": "Title (Danish):", "title en": "Title (English):", "starts": "Starts on:",
        "ends": "Ends on:", "price": "Price of the first participant:", "price typed": "10,000",
        "discount": "Discount for further participants:", "discount typed": "25%",
        "vat": "VAT rate:", "vat typed": "25", "save": "Save", "lead": "1 August 2031",
        "new meeting": "New meeting", "theme da": "Theme (Danish):", "date": "Date:",
        "meeting starts": "Starts (Danish time):", "meeting ends": "Ends (Danish time):",
        "format": "Format:", "physical": "Physical", "city": "City:", "capacity": "Capacity:",
        "speakers": "Speakers:",
        "members": "Members", "add member": "Add member", "organisation": "Organisation:",
        "reference": "Invoice reference:", "see price": "See the price",
        "confirm registration": "Confirm registration",
        "issue": "Issue invoice for 2 participants", "issue confirm": "Issue the invoice",
        "invoice": "Invoice", "to pay": "To pay", "second price": "DKK 7,500.00",
        "total": "DKK 21,875.00", "pdf": "Download PDF",
    },
}  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_secretariat_sets_up_a_season_and_invoices_a_member(page, demo, screenshot, language):
    words = SECRETARIAT[language]
    _start(page, language)
    _log_in(page, language, "sekretariat")

    # A new season, its prices typed the way people type them.
    page.get_by_role("navigation").get_by_role("link", name=words["network"]).click()
    page.get_by_role("link", name=words["new season"]).click()
    page.get_by_label(words["name"], exact=True).fill("2031-32")
    page.get_by_label(words["title da"]).fill("Verdensmålsnetværket 2031-32")
    page.get_by_label(words["title en"]).fill("The SDG network 2031-32")
    page.get_by_label(words["starts"]).fill("2031-08-01")
    page.get_by_label(words["ends"]).fill("2032-07-31")
    page.get_by_label(words["price"]).fill(words["price typed"])
    page.get_by_label(words["discount"]).fill(words["discount typed"])
    page.get_by_label(words["vat"]).fill(words["vat typed"])
    page.get_by_role("button", name=words["save"]).click()
    title = "Verdensmålsnetværket 2031-32" if language == "da" else "The SDG network 2031-32"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("main .lead")).to_contain_text(words["lead"])

    # A meeting in it.
    page.get_by_role("link", name=words["new meeting"]).click()
    page.get_by_label(words["theme da"]).fill("Data i kommunens styring")
    page.get_by_label(words["date"], exact=True).fill("2031-10-02")
    page.get_by_label(words["meeting starts"]).fill("13:00")
    page.get_by_label(words["meeting ends"]).fill("16:00")
    page.get_by_label(words["format"]).select_option(label=words["physical"])
    page.get_by_label(words["city"], exact=True).fill("Vejle")
    page.get_by_label(words["capacity"]).fill("40")
    page.get_by_label(words["speakers"]).fill("Ane Ahl; Direktør; Aarhus Kommune")
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data i kommunens styring")
    expect(page.locator("main time").first).to_have_attribute(
        "datetime", re.compile(r"^2031-10-02T13:00:00\+02:00")
    )
    expect(page.locator("main")).to_contain_text("13:00–16:00")
    expect(page.locator("main")).to_contain_text("Ane Ahl")
    _both_widths(page, screenshot, f"journey-secretariat-meeting-{language}")

    # Vejle becomes a member of the season; the secretariat registers two of its participants.
    page.get_by_role("link", name=re.compile("2031-32")).first.click()
    page.get_by_role("link", name=words["members"], exact=True).click()
    page.get_by_role("link", name=words["add member"]).click()
    page.get_by_label(words["organisation"]).select_option(label="Vejle Kommune")
    page.get_by_label(words["reference"]).fill("SDG-2031")
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vejle Kommune")
    page.get_by_label("Vera Vestergaard (demo)").check()
    page.get_by_label("Viggo Vinther (demo)").check()
    page.get_by_role("button", name=words["see price"]).click()
    expect(page.locator(".quote-total")).to_have_text(words["total"])
    page.get_by_role("button", name=words["confirm registration"]).click()
    registered = page.get_by_role("table").first.locator("tbody tr")
    expect(registered).to_have_count(2)
    expect(registered.nth(1)).to_contain_text(words["second price"])

    # The invoice, confirmed before it is issued; its number, its total and its PDF.
    page.get_by_role("button", name=words["issue"]).click()
    expect(page.locator(".quote-total")).to_have_text(words["total"])
    page.get_by_role("button", name=words["issue confirm"]).click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(rf"^{words['invoice']} \d{{4}}-\d{{4}}$"))
    number = heading.inner_text().split()[-1]
    expect(page.get_by_role("row", name=re.compile(words["to pay"]))).to_contain_text(
        words["total"]
    )
    _both_widths(page, screenshot, f"journey-secretariat-invoice-{language}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=words["pdf"]).click()
    with open(download_info.value.path(), "rb") as pdf:
        text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.read())).pages)
    assert number in text
    assert "21.875,00" in text or "21,875.00" in text


# The editor's journey ----------------------------------------------------------------------------

WASTE = "DK-LABY25-HHWASTE"  # household waste per inhabitant: no demo target uses it
# Vejle's household waste falls 24 % in five years: faster than the pace to 300 kg by 2030.
WASTE_FILE = "indikator;område;periode;værdi\n" + "".join(
    f"{WASTE};630;{year};{value}\n"
    for year, value in [
        (2020, 500),
        (2021, 480),
        (2022, 455),
        (2023, 430),
        (2024, 405),
        (2025, 380),
    ]
)

EDITOR = {
    "da": {
        "import": "Importér data", "file": "Fil:", "check": "Kontrollér filen",
        "check heading": "Kontrollér importen af vejle-affald.csv", "save import": "Gem importen",
        "imported": "Importeret: 0 nye, 6 ændrede og 0 uændrede værdier.",
        "add target": "Tilføj et lokalt mål", "title da": "Titel (dansk):",
        "title en": "Titel (engelsk):", "why": "Hvorfor det er vigtigt her (dansk):",
        "sdg targets": "Delmål:", "indicator": "Indikator:", "search": "Søg i listen",
        "search typed": "genanvendelse", "target value": "Målværdi:", "status": "Status:",
        "adopted": "Vedtaget", "shared": "Delt med:", "everyone": "Alle (offentliggjort)",
        "save": "Gem", "target title": "Mindre husholdningsaffald",
        "progress": "Betydelig fremgang",
        "add action": "Tilføj en indsats", "description": "Beskrivelse (dansk):",
        "budget": "Budget (kr.):", "budget typed": "2.500.000",
        "budget shown": "2.500.000,00 kr.", "in progress": "I gang",
        "action title": "Byttehjørner på genbrugspladserne", "add partner": "Tilføj en partner",
        "partner name": "Navn:", "kind": "Type:", "ngo": "NGO eller forening",
        "role": "Rolle (dansk):", "add update": "Tilføj en statusopdatering", "date": "Dato:",
        "per cent": "Procent gennemført:", "note": "Bemærkning (dansk):",
        "report": "Hent den lokale gennemgang (PDF)",
    },
    "en": {
        "import": "Import data", "file": "File:", "check": "Check the file",
        "check heading": "Check the import of vejle-affald.csv", "save import": "Save the import",
        "imported": "Imported: 0 new, 6 changed and 0 unchanged values.",
        "add target": "Add a local target", "title da": "Title (Danish):",
        "title en": "Title (English):", "why": "Why this matters here (Danish):",
        "sdg targets": "SDG targets:", "indicator": "Indicator:", "search": "Search the list",
        "search typed": "recycling", "target value": "Target value:", "status": "Status:",
        "adopted": "Adopted", "shared": "Shared with:", "everyone": "Everyone (published)",
        "save": "Save", "target title": "Less household waste",
        "progress": "Substantial progress",
        "add action": "Add an action", "description": "Description (Danish):",
        "budget": "Budget (DKK):", "budget typed": "2,500,000",
        "budget shown": "DKK 2,500,000.00", "in progress": "In progress",
        "action title": "Swap corners at the recycling centres",
        "add partner": "Add a partner", "partner name": "Name:", "kind": "Kind:",
        "ngo": "NGO or association", "role": "Role (Danish):",
        "add update": "Add a progress update", "date": "Date:", "per cent": "Per cent complete:",
        "note": "Note (Danish):",
        "report": "Download the local review report (PDF)",
    },
}  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_editor_imports_data_sets_a_target_and_downloads_the_report(
    page, demo_with_data, screenshot, tmp_path, language
):
    words = EDITOR[language]
    data_file = tmp_path / "vejle-affald.csv"
    data_file.write_text(WASTE_FILE, encoding="utf-8")
    _start(page, language)
    _log_in(page, language, "redaktoer")

    # The import: every row shown before anything is saved.
    page.get_by_role("link", name=words["import"]).click()
    page.get_by_label(words["file"]).set_input_files(data_file)
    page.get_by_role("button", name=words["check"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["check heading"])
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(6)
    expect(rows.first).to_contain_text(WASTE)
    expect(rows.last).to_contain_text("2025")
    expect(rows.last).to_contain_text("380")
    _both_widths(page, screenshot, f"journey-editor-import-{language}")
    page.get_by_role("button", name=words["save import"]).click()
    expect(page.get_by_role("status")).to_have_text(words["imported"])

    # A local target on the imported indicator; its baseline comes from the data just imported.
    page.locator(".user-name").click()
    page.get_by_role("region", name="Vejle").get_by_role("listitem").first.get_by_role(
        "link"
    ).click()
    page.get_by_role("link", name=words["add target"]).click()
    page.get_by_label(words["title da"]).fill("Mindre husholdningsaffald")
    page.get_by_label(words["title en"]).fill("Less household waste")
    page.get_by_label(words["why"]).fill("Affaldet skal ned, og mere skal genbruges.")
    page.get_by_label(words["sdg targets"]).fill("12.5, 11.6")
    page.get_by_label(words["indicator"], exact=True).select_option(WASTE)
    search = page.get_by_role("searchbox", name=words["search"])
    expect(search).to_have_count(1)  # one search box over the whole list
    search.fill(words["search typed"])
    recycling = page.get_by_role("checkbox", name=re.compile(r"DK-LABY25-RECYCLING"))
    expect(recycling).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(r"DK-FOLK1A-POPULATION"))).to_be_hidden()
    recycling.check()
    page.get_by_label(words["target value"]).fill("300")
    page.get_by_label(words["status"]).select_option(label=words["adopted"])
    page.get_by_label(words["shared"]).select_option(label=words["everyone"])
    page.get_by_role("button", name=words["save"]).click()
    target = page.locator("article").filter(
        has=page.get_by_role("heading", name=words["target title"])
    )
    expect(target).to_contain_text(words["progress"])
    expect(target).to_contain_text(re.compile(r"2020:\s*500\s*→\s*2030:\s*300"))
    _both_widths(page, screenshot, f"journey-editor-framework-{language}")

    # An action for the target, with a partner and a progress update.
    page.get_by_role("link", name=words["add action"]).click()
    page.get_by_label(words["title da"]).fill("Byttehjørner på genbrugspladserne")
    page.get_by_label(words["title en"]).fill("Swap corners at the recycling centres")
    page.get_by_label(words["description"]).fill(
        "Brugte ting får et nyt liv i stedet for at blive affald."
    )
    page.get_by_label(words["budget"]).fill(words["budget typed"])
    page.get_by_label(words["status"]).select_option(label=words["in progress"])
    page.get_by_role("checkbox", name=words["target title"]).check()
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["action title"])
    expect(page.locator("main")).to_contain_text(words["budget shown"])
    expect(page.get_by_role("link", name=words["target title"])).to_be_visible()

    page.get_by_role("link", name=words["add partner"]).click()
    page.get_by_label(words["partner name"], exact=True).fill("Vejle Genbrugsforening")
    page.get_by_label(words["kind"]).select_option(label=words["ngo"])
    page.get_by_label(words["role"]).fill("driver byttehjørnerne")
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_role("row", name=re.compile("Vejle Genbrugsforening"))).to_contain_text(
        words["ngo"]
    )

    page.get_by_role("link", name=words["add update"]).click()
    page.get_by_label(words["date"]).fill("2026-06-30")
    page.get_by_label(words["per cent"]).fill("40")
    page.get_by_label(words["note"]).fill("To af fem genbrugspladser har et byttehjørne.")
    page.get_by_role("button", name=words["save"]).click()
    update = page.get_by_role("row", name=re.compile("To af fem genbrugspladser"))
    expect(update).to_contain_text("40 %")
    _both_widths(page, screenshot, f"journey-editor-action-{language}")

    # The local review report, with the new target in it.
    page.locator("main .eyebrow a").first.click()
    with page.expect_download(timeout=REPORT_SECONDS * 1000) as download_info:
        page.get_by_role("link", name=words["report"]).click(timeout=REPORT_SECONDS * 1000)
    with open(download_info.value.path(), "rb") as pdf:
        reader = PdfReader(BytesIO(pdf.read()))
        text = " ".join(p.extract_text() for p in reader.pages)
    assert reader.pages, "an empty PDF"
    assert ("Vejle Kommune" if language == "da" else "Vejle") in text
    assert words["target title"] in text


# The keyboard journey ----------------------------------------------------------------------------

# The focused element, and whether its focus is drawn: an outline or a ring on it, or, for a
# municipality on a map, the thick border drawn round its shape.
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  let shown = element.matches(':focus-visible') && (
    (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) ||
    (style.boxShadow && style.boxShadow !== 'none'));
  const shape = element.querySelector && element.querySelector('path, polygon');
  if (!shown && shape && element.matches(':focus-visible')) {
    shown = parseFloat(getComputedStyle(shape).strokeWidth) >= 3;
  }
  const box = element.getBoundingClientRect();
  return {href: element.getAttribute('href') || '', text: element.textContent.trim(),
          shown: shown, onScreen: box.width > 0 && box.height > 0 && box.right > 0 &&
          box.bottom > 0 && box.left < innerWidth};
}"""

PUBLIC = {
    "da": {"skip": "Gå til indholdet", "map": "Kort over kommunerne", "vejle": "Vejle Kommune",
           "goal": "Klimaindsats"},
    "en": {"skip": "Skip to content", "map": "Map of the municipalities",
           "vejle": "Vejle Municipality", "goal": "Climate action"},
}  # fmt: skip


def _tab_to(page, href: str) -> dict:
    """Press Tab until the link to ``href`` has the focus; every stop on the way must show it."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["shown"], f"focus not visible on {focused}"
        if focused["href"] == href:
            assert focused["onScreen"], f"the focused link is off screen: {focused}"
            return focused
    raise AssertionError(f"{href} was not reached with {MAX_TABS} presses of Tab")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_opens_the_map_a_municipality_and_a_goal_with_the_keyboard_only(
    page, demo_with_data, screenshot, live_server, language
):
    words = PUBLIC[language]
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.set_viewport_size(DESKTOP)
    page.goto("/")

    # The first Tab shows the skip link.
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip["text"] == words["skip"] and skip["shown"] and skip["onScreen"], skip

    # The map, from the main menu.
    _tab_to(page, "/progress/")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["map"])
    expect(page.locator("html")).to_have_attribute("lang", language)
    _both_widths(page, screenshot, f"journey-public-map-{language}")

    # Vejle on the map: its name and value are the link's name for a screen reader.
    vejle = _tab_to(page, "/municipalities/630/")
    assert page.evaluate(
        "document.activeElement.getAttribute('aria-label') ||"
        " document.activeElement.querySelector('title')?.textContent || ''"
    ).startswith("Vejle")
    screenshot(page, f"journey-keyboard-map-focus-{language}")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/municipalities/630/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(words["vejle"])
    assert vejle["shown"]
    _both_widths(page, screenshot, f"journey-public-profile-{language}")
    page.set_viewport_size(ZOOM_400)  # 1280 px at 400 % zoom: the page reflows (WCAG 1.4.10)
    assert page.evaluate("document.documentElement.scrollWidth") <= ZOOM_400["width"]
    page.set_viewport_size(DESKTOP)

    # One of Vejle's priority goals.
    _tab_to(page, "/goals/13/")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/goals/13/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(words["goal"])
    _both_widths(page, screenshot, f"journey-public-goal-{language}")
