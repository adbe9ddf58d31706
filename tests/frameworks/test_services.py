"""The framework services: permissions, stale edits, audit entries and baselines from the data."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from verdensmaal.audit.models import AuditEntry
from verdensmaal.catalogue.models import Goal, Indicator, Target
from verdensmaal.frameworks import services
from verdensmaal.frameworks.models import Framework, LocalTarget, Milestone

from .conftest import observations


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the msgids), whatever the Danish catalogue says."""
    with translation.override("en"):
        yield


def _entries(action: str):
    return AuditEntry.objects.filter(action=action)


def test_editor_creates_own_framework_and_it_is_logged(editor, vejle, framework):
    assert framework.organisation == vejle
    assert framework.version == 1
    entry = _entries("frameworks.framework.created").get()
    assert (entry.actor, entry.organisation, entry.object_id) == (editor, vejle, str(framework.pk))
    assert entry.changes["title_da"] == [None, "Vejles målramme"]
    assert entry.label == "Framework created"


def test_editor_cannot_create_a_framework_for_another_municipality(editor, herning):
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.framework_create(
            actor=editor, organisation=herning, title_da="X", start_year=2021, end_year=2030
        )
    assert not Framework.objects.filter(organisation=herning).exists()
    assert AuditEntry.objects.count() == before


def test_participant_cannot_create_a_framework_even_for_own_municipality(participant, herning):
    with pytest.raises(PermissionDenied):
        services.framework_create(
            actor=participant, organisation=herning, title_da="X", start_year=2021, end_year=2030
        )
    assert not Framework.objects.exists()


def test_editor_cannot_change_another_municipalitys_framework(editor, herning_framework):
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.framework_update(
            actor=editor, framework=herning_framework, version=1, title_da="Hacked"
        )
    with pytest.raises(PermissionDenied):
        services.priority_create(
            actor=editor, framework=herning_framework, goal=Goal.objects.get(number=13),
            rationale="Hacked",
        )  # fmt: skip
    herning_framework.refresh_from_db()
    assert (herning_framework.title_da, herning_framework.version) == ("Hernings målramme", 1)
    assert not herning_framework.priorities.exists()
    assert AuditEntry.objects.count() == before


def test_editor_cannot_change_a_local_target_of_another_municipality(
    secretariat, editor, herning_framework, co2
):
    local_target = services.local_target_create(
        actor=secretariat, framework=herning_framework, title_da="Hernings mål", indicator=co2,
        sdg_targets=[Target.objects.get(code="13.2")], baseline_year=2020,
        baseline_value=Decimal("12"), target_value=Decimal("6"), target_year=2030,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.local_target_update(
            actor=editor, local_target=local_target, version=1, target_value=Decimal("1")
        )
    local_target.refresh_from_db()
    assert (local_target.target_value, local_target.version) == (Decimal("6"), 1)
    assert not _entries("frameworks.local_target.updated").exists()


def test_secretariat_may_change_any_framework(secretariat, framework):
    services.framework_update(actor=secretariat, framework=framework, version=1, summary="Ny")
    framework.refresh_from_db()
    assert (framework.summary, framework.version) == ("Ny", 2)


def test_update_logs_old_and_new_values_and_raises_the_version(editor, local_target):
    updated = services.local_target_update(
        actor=editor,
        local_target=local_target,
        version=1,
        target_value=Decimal("4.5"),
        sdg_targets=[Target.objects.get(code="13.2"), Target.objects.get(code="7.2")],
    )
    assert updated.version == 2
    entry = _entries("frameworks.local_target.updated").get()
    assert entry.changes["target_value"] == ["5", "4.5"]
    assert entry.changes["sdg_targets"] == ["13.2", "13.2, 7.2"]
    assert entry.actor == editor


def test_stale_edit_is_refused_and_the_first_change_is_kept(editor, secretariat, local_target):
    services.local_target_update(
        actor=secretariat, local_target=local_target, version=1, owner="Klimasekretariatet"
    )
    with pytest.raises(services.StaleEditError) as refused:
        services.local_target_update(
            actor=editor, local_target=local_target, version=1, owner="Teknik & Miljø"
        )
    assert refused.value.messages == [
        "Someone else changed this since you opened it; reload to see their change."
    ]
    local_target.refresh_from_db()
    assert (local_target.owner, local_target.version) == ("Klimasekretariatet", 2)
    assert _entries("frameworks.local_target.updated").count() == 1


def test_stale_version_is_refused_for_every_part(editor, action):
    milestone = services.milestone_create(
        actor=editor, action=action, title="Udbud", due_date=date(2025, 6, 1)
    )
    services.milestone_update(
        actor=editor, milestone=milestone, version=1, completed_on=date(2025, 5, 1)
    )
    with pytest.raises(services.StaleEditError):
        services.milestone_update(actor=editor, milestone=milestone, version=1, title="Old")
    with pytest.raises(services.StaleEditError):
        services.milestone_delete(actor=editor, milestone=milestone, version=1)
    assert Milestone.objects.get().title == "Udbud"
    services.milestone_delete(actor=editor, milestone=milestone, version=2)
    assert not Milestone.objects.exists()
    assert _entries("frameworks.milestone.deleted").count() == 1


def test_stale_framework_edit_is_refused(editor, framework):
    services.framework_update(actor=editor, framework=framework, version=1, published=False)
    with pytest.raises(services.StaleEditError):
        services.framework_update(actor=editor, framework=framework, version=1, summary="x")
    framework.refresh_from_db()
    assert (framework.published, framework.summary) == (False, "")


def test_baseline_defaults_to_the_municipalitys_observation(local_target):
    assert local_target.baseline_value == Decimal("10")
    assert local_target.direction == LocalTarget.Direction.LOWER  # from the indicator


def test_baseline_is_taken_again_when_the_year_changes(editor, local_target):
    updated = services.local_target_update(
        actor=editor, local_target=local_target, version=1, baseline_year=2018,
        baseline_value=None,
    )  # fmt: skip
    assert updated.baseline_value == Decimal("10.5")


def test_a_given_baseline_wins_over_the_data(editor, framework, co2):
    local_target = services.local_target_create(
        actor=editor, framework=framework, title_da="Mål", indicator=co2,
        sdg_targets=[Target.objects.get(code="13.2")], baseline_year=2020,
        baseline_value=Decimal("11.25"), target_value=Decimal("5"), target_year=2030,
    )  # fmt: skip
    assert local_target.baseline_value == Decimal("11.25")


def test_missing_observation_asks_for_the_baseline(editor, framework, co2):
    with pytest.raises(ValidationError) as refused:
        services.local_target_create(
            actor=editor, framework=framework, title_da="Mål", indicator=co2,
            sdg_targets=[Target.objects.get(code="13.2")], baseline_year=2012,
            target_value=Decimal("5"), target_year=2030,
        )  # fmt: skip
    assert refused.value.message_dict["baseline_value"] == [
        "There are no data for DK-ENS-CO2E-PERCAP in 2012 for this municipality: "
        "enter the baseline value."
    ]
    assert not LocalTarget.objects.exists()
    assert not _entries("frameworks.local_target.created").exists()


def test_range_indicator_takes_its_direction_from_baseline_and_target(editor, framework):
    observations("DK-LIGEDI-WOMENELECTED", "630", {2021: "32.5"})
    local_target = services.local_target_create(
        actor=editor, framework=framework, title_da="Flere kvinder i byrådet",
        indicator=Indicator.objects.get(code="DK-LIGEDI-WOMENELECTED"),
        sdg_targets=[Target.objects.get(code="5.5")], baseline_year=2021,
        target_value=Decimal("45"), target_year=2029,
    )  # fmt: skip
    assert (local_target.baseline_value, local_target.direction) == (Decimal("32.5"), "higher")


def test_target_year_before_baseline_is_refused(editor, framework, co2):
    with pytest.raises(ValidationError) as refused:
        services.local_target_create(
            actor=editor, framework=framework, title_da="Mål", indicator=co2,
            sdg_targets=[Target.objects.get(code="13.2")], baseline_year=2020,
            target_value=Decimal("5"), target_year=2019,
        )  # fmt: skip
    assert "The target year must come after the baseline year." in refused.value.messages
    assert not LocalTarget.objects.exists()


def test_target_on_the_wrong_side_of_the_baseline_is_refused(editor, framework, co2):
    with pytest.raises(ValidationError) as refused:
        services.local_target_create(
            actor=editor, framework=framework, title_da="Mål", indicator=co2,
            sdg_targets=[Target.objects.get(code="13.2")], baseline_year=2020,
            target_value=Decimal("12"), target_year=2030,
        )  # fmt: skip
    assert refused.value.message_dict["target_value"] == [
        "Lower is better here, so the target value cannot be above the baseline."
    ]


def test_action_cannot_serve_another_frameworks_target(
    secretariat, editor, framework, herning_framework, co2
):
    foreign = services.local_target_create(
        actor=secretariat, framework=herning_framework, title_da="Hernings mål", indicator=co2,
        sdg_targets=[Target.objects.get(code="13.2")], baseline_year=2020,
        baseline_value=Decimal("12"), target_value=Decimal("6"), target_year=2030,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.action_create(
            actor=editor, framework=framework, title_da="Indsats", local_targets=[foreign]
        )
    assert not framework.actions.exists()


def test_negative_budget_is_refused_by_the_model(editor, framework):
    with pytest.raises(ValidationError):
        services.action_create(
            actor=editor, framework=framework, title_da="Indsats", budget=Decimal("-1")
        )
    assert not framework.actions.exists()


def test_action_parts_are_logged_with_the_municipality(editor, vejle, action):
    services.partner_create(actor=editor, action=action, name="Skolerne", kind="school",
                            role="undervisning")  # fmt: skip
    services.progress_update_create(
        actor=editor, action=action, date=date(2024, 6, 1), percent_complete=40, note="Godt i gang"
    )
    services.factor_create(
        actor=editor, action=action, effect="barrier", kind="economic", text="Priserne steg"
    )
    services.strategy_create(
        actor=editor, framework=action.framework, title_da="Klimaplan",
        url="https://example.org/klimaplan", actions=[action],
    )  # fmt: skip
    codes = set(AuditEntry.objects.filter(organisation=vejle).values_list("action", flat=True))
    assert {
        "frameworks.partner.created",
        "frameworks.progress_update.created",
        "frameworks.factor.created",
        "frameworks.strategy.created",
    } <= codes
    assert action.updates.get().author == editor


def test_percentage_above_100_is_refused(editor, action):
    with pytest.raises(ValidationError):
        services.progress_update_create(
            actor=editor, action=action, date=date(2024, 6, 1), percent_complete=120, note="x"
        )
    assert not action.updates.exists()


def test_partner_needs_a_name_or_an_organisation(editor, action):
    with pytest.raises(ValidationError) as refused:
        services.partner_create(actor=editor, action=action, kind="company")
    assert refused.value.message_dict["name"] == [
        "Name the partner or choose a registered organisation."
    ]


def test_registered_organisation_as_partner(editor, herning, action):
    partner = services.partner_create(
        actor=editor, action=action, organisation=herning, kind="public", role="erfaringsudveksling"
    )
    assert str(partner) == "Herning Kommune"


def test_same_priority_twice_is_refused(editor, framework):
    goal = Goal.objects.get(number=13)
    services.priority_create(actor=editor, framework=framework, goal=goal, rationale="Fjorden")
    with pytest.raises(ValidationError):
        services.priority_create(actor=editor, framework=framework, goal=goal, rationale="Igen")
    assert framework.priorities.count() == 1


def test_second_framework_from_the_same_year_is_refused(editor, vejle, framework):
    with pytest.raises(ValidationError) as refused:
        services.framework_create(
            actor=editor, organisation=vejle, title_da="Igen", start_year=2021, end_year=2025
        )
    assert "already has a framework" in refused.value.messages[0]
