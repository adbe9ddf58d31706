"""The local review report: the PDF read back as text (pypdf) in Danish and English, its tags and
metadata (PDF/UA), one chart per local target, numbers the Danish way, drafts never in the public
report, the web downloads, and the command with its errors and its progress bar."""

import gc
import io
import itertools
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from pypdf import PdfReader

pytestmark = pytest.mark.django_db

YEAR = 2024
HEADINGS = {
    "da": [
        "Indhold", "Forord", "Hovedpunkter", "Indledning", "Metode og proces", "Datakilder",
        "Sådan måles fremdriften", "Sådan er de lokale mål sat", "Politik og rammebetingelser",
        "Prioriteringer", "Strategier og politikker", "Partnere og samskabelse",
        "Fremskridt på mål og delmål", "Midler til gennemførelse", "Næste skridt",
        "Bilag A. Alle indikatorer: værdier, kilder og status",
        "Bilag B. Dashboardet over de 17 verdensmål",
    ],
    "en": [
        "Contents", "Opening statement", "Highlights", "Introduction", "Methodology and process",
        "Data sources", "How progress is measured", "How local targets were set",
        "Policy and enabling environment", "Priorities", "Strategies and policies",
        "Partners and co-creation", "Progress on goals and targets", "Means of implementation",
        "Next steps", "Annex A. Every indicator: values, sources and status",
        "Annex B. The 17-goal dashboard",
    ],
}  # fmt: skip


def observations(indicator: str, area: str, values: dict[int, str]) -> None:
    """Headline observations of one indicator for one area, imported as an import would."""
    from verdensmaal.data.parsers import ObservationRow
    from verdensmaal.data.services import import_apply, import_plan

    rows = [
        ObservationRow(0, indicator, area, str(year), Decimal(value), None, (), frozenset())
        for year, value in values.items()
    ]
    plan = import_plan(actor=None, rows=rows)
    assert plan.ok, plan.errors
    import_apply(actor=None, plan=plan, source_name="test", format="csv")


@pytest.fixture
def data(reference):
    observations(
        "DK-ENS-CO2E-PERCAP", "630",
        {2018: "10.5", 2019: "10.2", 2020: "10", 2021: "9.7", 2022: "9.4", 2023: "9.1",
         2024: "8.8", 2025: "8.5"},
    )  # fmt: skip
    observations(
        "DK-ENS-RESHARE", "630",
        {2019: "40", 2020: "42", 2021: "45", 2022: "47", 2023: "50", 2024: "52"},
    )  # fmt: skip


@pytest.fixture
def framework(editor, data):
    """Vejle's published framework: two goals, two adopted local targets, an action with a
    partner, a milestone, a driver and a strategy, all published."""
    from verdensmaal.catalogue.models import Goal, Indicator, Target
    from verdensmaal.frameworks import services

    def target(code):
        return Target.objects.get(code=code)

    framework = services.framework_create(
        actor=editor, organisation=editor.organisation, title_da="Vejles målramme",
        title_en="Vejle's framework", start_year=2021, end_year=2030, sharing="public",
        foreword_da="Byrådet står samlet bag målene.", foreword_en="The council stands behind.",
        next_steps_da="Vi reviderer klimaplanen i 2026.", next_steps_en="We revise the plan.",
    )  # fmt: skip
    for number in (7, 13):
        services.priority_create(
            actor=editor, framework=framework, goal=Goal.objects.get(number=number),
            rationale=f"Mål {number} betyder meget her.", sharing="public",
        )  # fmt: skip
    co2 = services.local_target_create(
        actor=editor, framework=framework, title_da="Halvér CO2e-udledningen",
        title_en="Halve CO2e emissions", indicator=Indicator.objects.get(code="DK-ENS-CO2E-PERCAP"),
        sdg_targets=[target("13.2")], baseline_year=2020, target_value=Decimal("5"),
        target_year=2030, status="adopted", sharing="public", owner="Klimasekretariatet",
    )  # fmt: skip
    services.local_target_create(
        actor=editor, framework=framework, title_da="Mere vedvarende energi",
        title_en="More renewable energy", indicator=Indicator.objects.get(code="DK-ENS-RESHARE"),
        sdg_targets=[target("7.2")], baseline_year=2020, target_value=Decimal("80"),
        target_year=2030, status="adopted", sharing="public",
    )  # fmt: skip
    action = services.action_create(
        actor=editor, framework=framework, title_da="Elbiler i kommunens flåde",
        budget=Decimal("1500000.00"), status="in_progress", local_targets=[co2], sharing="public",
    )  # fmt: skip
    services.partner_create(
        actor=editor, action=action, kind="company", name="Fjordens Ladeservice",
        role="ladestandere",
    )  # fmt: skip
    services.milestone_create(
        actor=editor, action=action, title="Halvdelen af flåden kører på el",
        due_date=date(2027, 1, 1),
    )  # fmt: skip
    services.factor_create(
        actor=editor, local_target=co2, effect="driver", kind="political",
        text="Bredt politisk flertal",
    )  # fmt: skip
    services.strategy_create(
        actor=editor, framework=framework, title_da="Klimaplan 2050",
        url="https://example.org/klimaplan", local_targets=[co2], sharing="public",
    )  # fmt: skip
    framework.refresh_from_db()
    return framework


@pytest.fixture
def drafts(editor, secretariat, herning, framework):
    """What the public never reads: a draft local target and a network-only action in Vejle's
    published framework, and Herning's unpublished framework with a published part."""
    from verdensmaal.catalogue.models import Indicator, Target
    from verdensmaal.frameworks import services

    co2 = Indicator.objects.get(code="DK-ENS-CO2E-PERCAP")
    services.local_target_create(
        actor=editor, framework=framework, title_da="Hemmeligt udkast", indicator=co2,
        sdg_targets=[Target.objects.get(code="13.2")], baseline_year=2020,
        target_value=Decimal("2"), target_year=2030, status="draft", sharing="public",
    )  # fmt: skip
    services.action_create(
        actor=editor, framework=framework, title_da="Netværksindsats", sharing="network",
        budget=Decimal("999"),
    )  # fmt: skip
    hernings = services.framework_create(
        actor=secretariat, organisation=herning, title_da="Hernings kladde", start_year=2021,
        end_year=2030, sharing="network",
    )  # fmt: skip
    observations("DK-ENS-CO2E-PERCAP", "657", {2020: "12", 2022: "11", 2024: "10"})
    services.local_target_create(
        actor=secretariat, framework=hernings, title_da="Hernings offentlige mål", indicator=co2,
        sdg_targets=[Target.objects.get(code="13.2")], baseline_year=2020,
        target_value=Decimal("6"), target_year=2030, status="adopted", sharing="public",
    )  # fmt: skip


def _report(code: str, *, language: str, reader=None):
    from django.contrib.auth.models import AnonymousUser

    from verdensmaal.reports.report import municipality_by_code, report_content

    area = municipality_by_code(code)
    return report_content(area, year=YEAR, language=language, reader=reader or AnonymousUser())


def _pdf(report) -> PdfReader:
    from verdensmaal.reports.report import render_pdf

    return PdfReader(io.BytesIO(render_pdf(report)))


def _text(pdf: PdfReader) -> str:
    """The PDF's text with its line breaks and spacing made single spaces."""
    return " ".join(" ".join(page.extract_text() for page in pdf.pages).split())


def _html_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").split())


def _structure(pdf: PdfReader) -> list[tuple[str, str]]:
    """The tagged structure in reading order: (tag, alternative text) of every element."""
    found = []

    def walk(node):
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if "/S" in node:
            found.append((str(node["/S"]), str(node.get("/Alt", ""))))
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize(
    ("language", "name", "baseline", "budget"),
    [
        ("da", "Vejle Kommune", "2020: 10,0", "1.500.000 kr."),
        ("en", "Vejle Municipality", "2020: 10.0", "DKK 1,500,000"),
    ],
)
def test_the_pdf_holds_the_name_every_heading_and_one_tagged_chart_per_local_target(
    framework, language, name, baseline, budget
):
    report = _report("630", language=language)
    pdf = _pdf(report)
    text = _text(pdf)
    assert gc.isenabled()  # the garbage collector, paused while the PDF is drawn, runs again

    assert name in text
    missing = [heading for heading in HEADINGS[language] if heading not in text]
    assert missing == []
    # The numbers are written in the report's language.
    assert baseline in text and budget in text
    assert "Byrådet står samlet" in text if language == "da" else "The council stands" in text
    # Page numbers on the pages.
    assert re.search(r"(Side|Page) 3 (af|of) \d+", text)
    # One chart per local target, each a tagged figure named after its local target.
    structure = _structure(pdf)
    figures = [alt for tag, alt in structure if tag == "/Figure"]
    titles = [t.local_target.localised("title", language).text for t in report.targets]
    assert len(titles) == 2
    for title in titles:
        assert sum(title in alt for alt in figures) == 1, (title, figures)
    assert len(figures) == len(titles)

    # PDF/UA: the identification in the metadata, the tags, the language, title and author.
    root = pdf.trailer["/Root"]
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == language
    assert pdf.metadata.author == name
    assert "Vejle" in pdf.metadata.title and str(YEAR) in pdf.metadata.title
    # Headings in order: one h1, and never a level skipped on the way down.
    levels = [int(tag[2]) for tag, _alt in structure if re.fullmatch(r"/H[1-6]", tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_the_report_of_a_year_holds_the_data_up_to_that_year(framework):
    from django.contrib.auth.models import AnonymousUser

    from verdensmaal.reports.report import municipality_by_code, render_html, report_content

    report = report_content(
        municipality_by_code("630"), year=2022, language="da", reader=AnonymousUser()
    )
    text = _html_text(render_html(report))
    assert "2022: data til og med 2022" in text  # the cover says so
    assert "Seneste værdi 2022: 9,4" in text and "2024: 8,8" not in text
    assert "2018: 10,5 → 2022: 9,4" in text  # the indicator annex too


def test_the_public_report_never_holds_a_draft(drafts, editor, secretariat):
    from verdensmaal.reports.report import render_html

    public = _report("630", language="da")
    pdf_text = _text(_pdf(public))
    html_text = _html_text(render_html(public))
    for text in (pdf_text, html_text):
        assert "Halvér CO2e-udledningen" in text
        assert "Hemmeligt udkast" not in text  # a draft local target
        assert "Netværksindsats" not in text  # an action shared with the network only
    herning = _report("657", language="da")
    for text in (_text(_pdf(herning)), _html_text(render_html(herning))):
        assert "Hernings kladde" not in text and "Hernings offentlige mål" not in text
        assert "ingen offentliggjort handlings- og målramme" in text

    # The municipality's editors read everything of their own, drafts marked as drafts.
    own = _html_text(render_html(_report("630", language="da", reader=editor)))
    assert "Hemmeligt udkast Kladde" in own
    assert "Netværksindsats ikke offentliggjort: delt med netværkets medlemmer" in own
    theirs = _html_text(render_html(_report("657", language="da", reader=secretariat)))
    assert "Hernings kladde" in theirs and "Målrammen er ikke offentliggjort" in theirs


def test_the_web_offers_the_public_report_and_the_editors_their_drafts(
    drafts, client, editor, participant
):
    url = "/municipalities/630/local-review/html/?year=2024"
    public = client.get(url)
    assert public.status_code == 200
    page = public.content.decode()
    assert "Halvér CO2e-udledningen" in page and "Hemmeligt udkast" not in page
    # A page under a strict CSP: a stylesheet file, no inline style or script.
    assert re.search(r'<link rel="stylesheet" href="/static/reports/report[^"]*\.css">', page)
    assert "<style" not in page and "<script" not in page and " style=" not in page

    other = Client()
    other.force_login(participant)  # a member from another municipality reads the public one
    assert "Hemmeligt udkast" not in other.get(url).content.decode()

    own = Client()
    own.force_login(editor)
    response = own.get(url)
    assert "Hemmeligt udkast" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

    pdf = client.get("/municipalities/630/local-review/pdf/?year=2024")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="local-review-630-2024-da.pdf"' in pdf["Content-Disposition"]
    assert "Hemmeligt udkast" not in _text(PdfReader(io.BytesIO(pdf.content)))

    assert client.get("/municipalities/630/local-review/html/?year=1999").status_code == 400
    assert client.get("/municipalities/630/local-review/html/?year=abc").status_code == 400
    assert client.get("/municipalities/630/local-review/docx/").status_code == 404
    assert client.get("/municipalities/999/local-review/pdf/").status_code == 404


def test_the_profile_and_the_framework_page_link_to_the_report(framework, client, editor):
    for path in ("/municipalities/630/", "/frameworks/630/"):
        page = client.get(path).content.decode()
        assert "/municipalities/630/local-review/pdf/" in page
        assert "/municipalities/630/local-review/html/" in page
        assert "kladder" not in page  # the public is not told of drafts
    own = Client()
    own.force_login(editor)
    page = own.get("/municipalities/630/").content.decode()
    assert "Som redaktør for kommunen får du også kladder" in page


def test_the_foreword_is_written_on_the_framework_form_and_audit_logged(framework, editor):
    from verdensmaal.audit.models import AuditEntry
    from verdensmaal.reports.report import render_html

    own = Client()
    own.force_login(editor)
    response = own.post(
        f"/frameworks/f/{framework.pk}/edit/",
        {
            "title_da": framework.title_da, "title_en": framework.title_en,
            "start_year": "2021", "end_year": "2030", "summary": "", "sharing": "public",
            "foreword_da": "Et nyt forord fra borgmesteren.", "foreword_en": "",
            "next_steps_da": "Næste år måler vi igen.", "next_steps_en": "",
            "version": str(framework.version),
        },
    )  # fmt: skip
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="frameworks.framework.updated").latest("pk")
    assert entry.changes["foreword_da"][1] == "Et nyt forord fra borgmesteren."
    text = _html_text(render_html(_report("630", language="da")))
    assert "Et nyt forord fra borgmesteren." in text and "Næste år måler vi igen." in text
    # In English the Danish text stands in, marked as Danish.
    english = render_html(_report("630", language="en"))
    assert '<div class="foreword" lang="da">' in english


def test_the_command_writes_a_report_and_says_when_there_is_no_framework(
    framework, tmp_path, herning
):
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "vejle.pdf"
    call_command(
        "report", "--municipality", "630", "--year", "2024", "--lang", "en", "--format", "pdf",
        "--output", str(target), stdout=out, stderr=err,
    )  # fmt: skip
    assert target.read_bytes().startswith(b"%PDF")
    assert "Vejle Municipality" in _text(PdfReader(target))

    call_command(
        "report", "--municipality", "657", "--year", "2024", "--format", "html",
        "--output", str(tmp_path), stdout=out, stderr=err,
    )  # fmt: skip
    written = tmp_path / "local-review-657-2024-da.html"
    assert "ingen offentliggjort handlings- og målramme" in _html_text(written.read_text())
    assert "No framework for 2024 to report on: Herning" in err.getvalue()


def test_the_command_writes_the_editors_version_only_when_asked(drafts, tmp_path):
    public, editors = tmp_path / "public.html", tmp_path / "editors.html"
    call_command(
        "report", "--municipality", "630", "--year", "2024", "--format", "html",
        "--output", str(public), verbosity=0,
    )  # fmt: skip
    call_command(
        "report", "--municipality", "630", "--year", "2024", "--format", "html",
        "--output", str(editors), "--drafts", verbosity=0,
    )  # fmt: skip
    assert "Hemmeligt udkast" not in public.read_text()
    assert "Hemmeligt udkast" in editors.read_text()


def test_the_command_refuses_an_unknown_municipality_and_a_bad_year(reference, tmp_path):
    with pytest.raises(CommandError, match="There is no municipality with the code 999"):
        call_command("report", "--municipality", "999", "--year", "2024")
    for year in ("2015", "2999"):
        with pytest.raises(CommandError, match="The year must be from 2016 to"):
            call_command("report", "--municipality", "630", "--year", year)
    assert list(tmp_path.iterdir()) == []


def test_report_all_writes_one_file_per_member_with_a_progress_bar(
    framework, herning, secretariat, tmp_path, capsys
):
    from verdensmaal.network import services

    season = services.season_create(
        actor=secretariat, name="2024-25", title_da="Verdensmålsnetværk",
        starts_on=date(2024, 8, 1), ends_on=date(2025, 7, 31), base_price=Decimal("10000.00"),
        further_discount=Decimal("0.25"), vat_rate=Decimal("0.25"),
    )  # fmt: skip
    for organisation in (framework.organisation, herning):
        services.membership_create(
            actor=secretariat, season=season, organisation=organisation, invoice_reference="PO-1"
        )
    call_command(
        "report", "--all", "--year", "2024", "--lang", "en", "--format", "html",
        "--output", str(tmp_path / "reports"),
    )  # fmt: skip
    names = sorted(path.name for path in (tmp_path / "reports").iterdir())
    assert names == ["local-review-630-2024-en.html", "local-review-657-2024-en.html"]
    err = capsys.readouterr().err
    assert "reports: 100%" in err and "2/2" in err


def test_the_chart_on_paper_keeps_every_painted_mark_and_drops_only_the_hover_titles(framework):
    from verdensmaal.reports.report import print_svg, svg_image

    report = _report("630", language="da")
    chart = report.targets[0].progress.chart
    printed = print_svg(chart)

    def painted(svg: str) -> list[str]:
        marks = re.findall(r"<(?:line|text|rect)\b[^>]*>(?:[^<]*</text>)?", svg)
        return marks + re.findall(r"<path\b[^>]*(?:fill|stroke)=[^>]*>", svg)

    # Every point's hover title goes; the chart's own title and description stay.
    assert chart.count("<title") > 5 and printed.count("<title") == 1
    assert re.search(r"<title id=[^>]*>", printed) and "<desc" in printed
    # Every line, text, rect and filled or stroked path is kept as is.
    assert painted(printed) == painted(chart) and len(painted(chart)) > 20
    assert len(printed) < len(chart)
    # The image's alternative text still names the figure and holds the chart's summary.
    image = svg_image(chart, "Figur 1")
    assert 'alt="Figur 1. ' in image and "Vejle" in image
