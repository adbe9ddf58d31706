"""Screened documents, made through the services, on real files made in the tests; uploads land in a
temporary MEDIA_ROOT so that a refused upload can be shown to have left nothing behind."""

import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest

# The screener's own small PDF and Word makers (tests/screening/conftest.py).
_spec = importlib.util.spec_from_file_location(
    "screening_files", Path(__file__).resolve().parents[1] / "screening" / "conftest.py"
)
screening_files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(screening_files)
make_pdf = screening_files.make_pdf
make_docx = screening_files.make_docx

CLIMATE_PLAN = """# Klimaplan 2030

## Energi
Kommunen vil udbygge fjernvarmen og hjælpe husstande med oliefyr over på varmepumper, så en større \
andel af energien kommer fra vedvarende energi som sol og vind.

## Klimatilpasning
Vi laver en klimatilpasningsplan, der beskytter byen mod skybrud og stormflod, og vi reducerer \
kommunens udledning af drivhusgasser med 70 procent.

## Affald
Genanvendelse af husholdningsaffald skal stige, og madspild i kantinerne skal halveres gennem \
bedre planlægning og sortering.

## Praktisk
Kantinen har åbent mellem klokken 11 og 13 på hverdage, og mødelokalerne bookes i kalenderen.
"""

# What the screener finds in CLIMATE_PLAN on its words (checked in test_join.py): passage by
# passage the goals, and the targets it addresses.
CLIMATE_PLAN_GOALS = [{7}, {11, 13}, {12}, set()]
CLIMATE_PLAN_TARGETS = {"7.2", "11.5", "12.3", "12.5", "13.1"}

PDF_PAGES = [
    ["Klimaplan for Vejle", ""],
    [
        "Kommunen vil udbygge fjernvarmen og hjælpe husstande med oliefyr over på",
        "varmepumper, så en større andel af energien kommer fra vedvarende energi.",
    ],
    [
        "Genanvendelse af husholdningsaffald skal stige, og madspild i kantinerne skal",
        "halveres gennem bedre planlægning og sortering af affaldet.",
    ],
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root: Path) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()] if Path(root).exists() else []


@pytest.fixture
def pdf_bytes():
    return make_pdf(PDF_PAGES)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def pasted(editor, vejle):
    """A short pasted text, screened at once on its words."""
    from verdensmaal.documents.services import document_create

    return document_create(
        actor=editor, organisation=vejle, title="Klimaplan 2030", text=CLIMATE_PLAN
    )


@pytest.fixture
def framework(editor, vejle):
    from verdensmaal.frameworks.services import framework_create

    return framework_create(
        actor=editor,
        organisation=vejle,
        title_da="Vejles målramme",
        start_year=2021,
        end_year=2030,
        sharing="public",
    )


@pytest.fixture
def measured(editor, framework):
    """Two local targets: recycling (12.5, and following CO2 per inhabitant on 13.2 too) and
    forest (15.2)."""
    from verdensmaal.catalogue.models import Indicator, Target
    from verdensmaal.frameworks.services import local_target_create

    recycling = local_target_create(
        actor=editor,
        framework=framework,
        title_da="Mere genanvendelse",
        indicator=Indicator.objects.get(code="DK-LABY25-RECYCLING"),
        other_indicators=[Indicator.objects.get(code="DK-ENS-CO2E-PERCAP")],
        sdg_targets=[Target.objects.get(code="12.5")],
        baseline_year=2020,
        baseline_value=Decimal("40"),
        target_value=Decimal("60"),
        target_year=2030,
        status="adopted",
        sharing="public",
    )
    forest = local_target_create(
        actor=editor,
        framework=framework,
        title_da="Mere skov",
        indicator=Indicator.objects.get(code="DK-AREALDK2-FOREST"),
        sdg_targets=[Target.objects.get(code="15.2")],
        baseline_year=2020,
        baseline_value=Decimal("8"),
        target_value=Decimal("12"),
        target_year=2030,
        status="adopted",
        sharing="public",
    )
    return recycling, forest
