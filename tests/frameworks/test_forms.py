"""Bad input gets a clear message on the right field, and changes nothing."""

import pytest
from django.utils import translation

from verdensmaal.frameworks.forms import (
    ActionForm,
    LocalTargetForm,
    PriorityForm,
    ProgressUpdateForm,
)
from verdensmaal.frameworks.models import Action, LocalTarget, Priority, ProgressUpdate


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _local_target_data(**changes):
    data = {
        "title_da": "Halvér CO2e-udledningen",
        "sdg_targets": "13.2",
        "indicator": "DK-ENS-CO2E-PERCAP",
        "baseline_year": "2020",
        "baseline_value": "",
        "target_value": "5",
        "target_year": "2030",
        "direction": "",
        "owner": "",
        "status": "draft",
    }
    return {**data, **changes}


def _local_target_form(framework, **changes):
    return LocalTargetForm(_local_target_data(**changes), instance=LocalTarget(framework=framework))


def test_valid_local_target_form(framework):
    form = _local_target_form(framework)
    assert form.is_valid(), form.errors
    assert form.values()["baseline_value"] is None  # the service takes it from the data
    assert [t.code for t in form.values()["sdg_targets"]] == ["13.2"]


def test_target_year_before_baseline_year(framework):
    form = _local_target_form(framework, target_year="2019")
    assert not form.is_valid()
    assert form.errors["target_year"] == ["The target year must come after the baseline year."]


def test_unknown_indicator(framework):
    form = _local_target_form(framework, indicator="DK-NOPE")
    assert not form.is_valid()
    assert form.errors["indicator"] == ["Unknown indicator: choose one from the catalogue."]


def test_unknown_sdg_target(framework):
    form = _local_target_form(framework, sdg_targets="13.2, 99.9")
    assert not form.is_valid()
    assert form.errors["sdg_targets"] == ["Unknown SDG target(s): 99.9"]


def test_danish_decimal_comma_is_read(framework):
    with translation.override("da"):
        form = _local_target_form(framework, baseline_value="10,25", target_value="5,5")
        assert form.is_valid(), form.errors
    assert str(form.cleaned_data["baseline_value"]) == "10.25"


def _action_form(framework, **changes):
    data = {"title_da": "Indsats", "status": "planned", **changes}
    return ActionForm(data, instance=Action(framework=framework), framework=framework)


def test_negative_budget(framework):
    form = _action_form(framework, budget="-1000")
    assert not form.is_valid()
    assert form.errors["budget"] == ["The budget cannot be negative."]


def test_action_ending_before_it_starts(framework):
    form = _action_form(framework, start_date="2025-01-01", end_date="2024-01-01")
    assert not form.is_valid()
    assert form.errors["end_date"] == ["The action cannot end before it starts."]


@pytest.mark.parametrize("percent", ["-1", "101", "250"])
def test_percentage_outside_0_to_100(action, percent):
    form = ProgressUpdateForm(
        {"date": "2024-06-01", "percent_complete": percent, "note": "x"},
        instance=ProgressUpdate(action=action),
    )
    assert not form.is_valid()
    assert form.errors["percent_complete"] == ["The percentage must be between 0 and 100."]


def test_priority_target_must_belong_to_the_goal(framework):
    form = PriorityForm(
        {"goal": "7", "target": "13.2", "rationale": "x"}, instance=Priority(framework=framework)
    )
    assert not form.is_valid()
    assert form.errors["target"] == ["Target 13.2 does not belong to goal 7."]


def test_priority_goal_follows_from_its_target(framework):
    form = PriorityForm(
        {"goal": "", "target": "13.2", "rationale": "Fjorden"},
        instance=Priority(framework=framework),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["goal"].number == 13


def test_edit_form_carries_the_version(local_target):
    form = LocalTargetForm(instance=local_target)
    assert 'name="version" value="1"' in str(form["version"])
    assert form.initial["sdg_targets"] == "13.2"


def test_a_new_local_target_form_starts_with_no_sdg_targets_not_a_literal_list(
    client, editor, framework
):
    """A new user saw "[]" in the field, and after saving "Ukendte delmål: []"."""
    client.force_login(editor)
    page = client.get(f"/frameworks/f/{framework.pk}/targets/new/").content.decode()
    assert 'name="sdg_targets" value="[]"' not in page
    assert 'name="sdg_targets" required' in page


def test_every_label_of_the_local_target_form_starts_with_a_capital(client, editor, framework):
    """Some labels were "indicator", others "Titel (dansk)"."""
    import re

    client.force_login(editor)
    page = client.get(f"/frameworks/f/{framework.pk}/targets/new/").content.decode()
    labels = re.findall(r'<label for="id_[a-z_]+">([^<]+)</label>', page)  # fields, not choices
    assert labels and all(label.strip()[0].isupper() for label in labels if label.strip())


def test_the_indicators_are_grouped_by_goal_with_a_search_box(client, editor, framework):
    """A 53-indicator multi-select was hard to use: checkboxes under goal headings, searchable."""
    client.force_login(editor)
    page = client.get(f"/frameworks/f/{framework.pk}/targets/new/").content.decode()
    assert 'data-filter="indicators"' in page and "core/filter" in page
    assert "13. Klimaindsats" in page and 'type="checkbox" name="other_indicators"' in page
    assert '<optgroup label="13. Klimaindsats">' in page  # the main indicator, grouped too
