"""The framework pages: statuses from the progress engine, visibility, and permission-checked,
version-checked edits through the forms."""

from decimal import Decimal

from django.utils import translation

from verdensmaal.audit.models import AuditEntry
from verdensmaal.frameworks import services
from verdensmaal.frameworks.models import Action, Framework, LocalTarget
from verdensmaal.measurement.vocabulary import STATUS_LABELS
from verdensmaal.progress import assess


def test_overview_shows_the_status_from_the_progress_engine_and_a_chart(client, local_target):
    expected = assess(
        [2018, 2019, 2020, 2021, 2022, 2023, 2024],
        [10.5, 10.2, 10, 9.7, 9.4, 9.1, 8.8],
        method="opensdg",
        direction="lower",
        target=5.0,
        target_year=2030,
        base_year=2020,
    ).status
    response = client.get("/frameworks/630/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'data-status="{expected}"' in page
    with translation.override("da"):
        assert str(STATUS_LABELS[expected]) in page
    assert "Halvér CO2e-udledningen" in page
    assert "<svg" in page
    assert "2020: <strong>10</strong> → 2030: <strong>5</strong>" in page


def test_overview_follows_the_networks_default_method(client, secretariat, local_target):
    from verdensmaal.measurement.services import progress_settings_update

    progress_settings_update(actor=secretariat, default_method="unsd", base_year=2015)
    page = client.get("/frameworks/630/").content.decode()
    assert 'data-status="fair_progress"' in page or 'data-status="limited_progress"' in page
    assert "substantial_progress" not in page


def test_overview_in_english(client, local_target):
    client.cookies["django_language"] = "en"
    page = client.get("/frameworks/630/").content.decode()
    assert "Local targets" in page
    assert "Straight path to the target" in page


def test_target_without_data_is_not_available_never_guessed(client, editor, framework, co2):
    from verdensmaal.catalogue.models import Indicator, Target

    services.local_target_create(
        actor=editor, framework=framework, title_da="Mere skov",
        indicator=Indicator.objects.get(code="DK-AREALDK2-FOREST"),
        sdg_targets=[Target.objects.get(code="15.2")], baseline_year=2020,
        baseline_value=Decimal("8"), target_value=Decimal("12"), target_year=2030,
        status="adopted", sharing="public",
    )  # fmt: skip
    page = client.get("/frameworks/630/").content.decode()
    assert 'class="progress-status rank-none" data-status="not_available"' in page


def test_actions_show_latest_progress_and_partners(client, editor, action):
    from datetime import date

    services.progress_update_create(
        actor=editor, action=action, date=date(2023, 1, 1), percent_complete=20, note="Start"
    )
    services.progress_update_create(
        actor=editor, action=action, date=date(2024, 6, 1), percent_complete=55, note="Halvvejs"
    )
    services.partner_create(actor=editor, action=action, name="Fjordbyens Energi", kind="utility")
    page = client.get("/frameworks/630/").content.decode()
    assert "55 %" in page and "20 %" not in page
    assert "Fjordbyens Energi" in page
    assert "1.500.000" in page
    detail = client.get(f"/frameworks/actions/{action.pk}/").content.decode()
    assert "Halvvejs" in detail and "Start" in detail


def test_list_and_municipality_page_link_to_the_framework(client, framework):
    assert framework.get_absolute_url() in client.get("/frameworks/").content.decode()
    assert framework.get_absolute_url() in client.get("/municipalities/630/").content.decode()


def test_drafts_are_seen_only_by_their_editors(client, editor, participant, framework, co2):
    services.framework_update(actor=editor, framework=framework, version=1, published=False)
    url = framework.get_absolute_url()
    assert client.get(url).status_code == 404
    assert "Vejles målramme" not in client.get("/frameworks/").content.decode()
    client.force_login(participant)
    assert client.get(url).status_code == 404
    client.force_login(editor)
    assert client.get(url).status_code == 200
    assert "Vejles målramme" in client.get("/frameworks/").content.decode()


def test_draft_local_targets_are_hidden_from_the_public(client, editor, local_target):
    services.local_target_update(actor=editor, local_target=local_target, version=1,
                                 status="draft")  # fmt: skip
    assert "Halvér CO2e-udledningen" not in client.get("/frameworks/630/").content.decode()
    client.force_login(editor)
    assert "Halvér CO2e-udledningen" in client.get("/frameworks/630/").content.decode()


def _local_target_post(local_target, **changes):
    data = {
        "title_da": local_target.title_da,
        "sdg_targets": "13.2",
        "indicator": "DK-ENS-CO2E-PERCAP",
        "baseline_year": "2020",
        "baseline_value": "10",
        "target_value": "5",
        "target_year": "2030",
        "direction": "lower",
        "status": "adopted",
        "version": str(local_target.version),
    }
    return {**data, **changes}


def test_editor_edits_a_local_target_through_the_form(client, editor, local_target):
    client.force_login(editor)
    response = client.post(
        f"/frameworks/targets/{local_target.pk}/edit/",
        _local_target_post(local_target, target_value="4,5", owner="Klimasekretariatet"),
    )
    assert response.status_code == 302
    local_target.refresh_from_db()
    assert (local_target.target_value, local_target.owner) == (Decimal("4.5"), "Klimasekretariatet")
    assert local_target.version == 2


def test_stale_form_is_refused_with_a_clear_message(client, editor, secretariat, local_target):
    client.force_login(editor)
    stale = _local_target_post(local_target, owner="Mit forslag")
    services.local_target_update(
        actor=secretariat, local_target=local_target, version=1, owner="Sekretariatets"
    )
    client.cookies["django_language"] = "en"
    response = client.post(f"/frameworks/targets/{local_target.pk}/edit/", stale)
    assert response.status_code == 200
    assert "Someone else changed this since you opened it" in response.content.decode()
    local_target.refresh_from_db()
    assert local_target.owner == "Sekretariatets"


def test_editor_of_another_municipality_gets_403_and_nothing_changes(
    client, editor, herning_framework
):
    client.force_login(editor)
    before = AuditEntry.objects.count()
    pk = herning_framework.pk
    for url in (f"/frameworks/f/{pk}/edit/", f"/frameworks/f/{pk}/targets/new/",
                f"/frameworks/f/{pk}/actions/new/"):  # fmt: skip
        assert client.get(url).status_code == 403
        assert client.post(url, {"title_da": "Hacked", "version": "1"}).status_code == 403
    herning_framework.refresh_from_db()
    assert herning_framework.title_da == "Hernings målramme"
    assert not Action.objects.exists() and not LocalTarget.objects.exists()
    assert AuditEntry.objects.count() == before


def test_bad_form_input_changes_nothing(client, editor, framework):
    client.force_login(editor)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/frameworks/f/{framework.pk}/actions/new/",
        {"title_da": "Indsats", "status": "planned", "budget": "-5"},
    )
    assert response.status_code == 200
    assert "The budget cannot be negative." in response.content.decode()
    assert not Action.objects.exists()


def test_editor_creates_a_framework_for_own_municipality_only(client, editor, vejle, herning):
    client.force_login(editor)
    response = client.post(
        "/frameworks/new/",
        {"title_da": "Ny ramme", "start_year": "2031", "end_year": "2040",
         "organisation": str(herning.pk)},
    )  # fmt: skip
    assert response.status_code == 302
    assert Framework.objects.get().organisation == vejle


def test_remove_needs_the_current_version(client, editor, framework):
    from verdensmaal.catalogue.models import Goal

    priority = services.priority_create(
        actor=editor, framework=framework, goal=Goal.objects.get(number=13), rationale="Fjorden"
    )
    client.force_login(editor)
    url = f"/frameworks/priorities/{priority.pk}/delete/"
    client.post(url, {"version": "7"})
    assert framework.priorities.count() == 1
    client.post(url, {"version": "1"})
    assert framework.priorities.count() == 0


def test_strategy_with_a_file_is_uploaded_and_served_to_those_who_may_see_it(
    client, editor, framework, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from verdensmaal.frameworks.models import Strategy

    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)
    response = client.post(
        f"/frameworks/f/{framework.pk}/strategies/new/",
        {"title_da": "Klimaplan", "adopted_on": "2020-12-16", "sharing": "public",
         "document": SimpleUploadedFile("klimaplan.pdf", b"%PDF-1.4 demo")},
    )  # fmt: skip
    assert response.status_code == 302
    strategy = Strategy.objects.get()
    assert strategy.document.name.endswith(".pdf")
    client.logout()
    download = client.get(f"/frameworks/strategies/{strategy.pk}/file/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 demo"
    services.framework_update(actor=editor, framework=framework, version=1, published=False)
    assert client.get(f"/frameworks/strategies/{strategy.pk}/file/").status_code == 404


def test_strategy_needs_a_link_or_a_file(client, editor, framework):
    client.force_login(editor)
    client.cookies["django_language"] = "en"
    response = client.post(f"/frameworks/f/{framework.pk}/strategies/new/", {"title_da": "Plan"})
    assert response.status_code == 200
    assert "Give a link to the strategy or upload its file." in response.content.decode()


def test_secretariat_creates_a_framework_for_a_chosen_municipality(client, secretariat, herning):
    client.force_login(secretariat)
    response = client.post(
        "/frameworks/new/",
        {"organisation": str(herning.pk), "title_da": "Hernings ramme", "start_year": "2021",
         "end_year": "2030"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Framework.objects.get().organisation == herning
