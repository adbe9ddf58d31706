"""Context indicators describe a municipality (size, density, age, settlement): they find similar
municipalities and are never scored as progress."""

from pathlib import Path

import pytest
import yaml

CATALOGUE = Path(__file__).resolve().parents[2] / "src/verdensmaal/reference/indicators.yaml"
CONTEXT = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))["context_indicators"]


@pytest.mark.parametrize("item", CONTEXT, ids=[item["code"] for item in CONTEXT])
def test_a_context_entry_describes_and_never_judges(item):
    assert item["direction"] == "none"
    assert not item.get("sdg_targets") and "thresholds" not in item
    for field in ("name", "description", "unit", "comparability"):
        assert item[field]["da"] and item[field]["en"], field
    assert item["source"]["measure"]["da"] and item["source"]["measure"]["en"]
    assert item["verified"] or item.get("note"), "an unverified entry says what to confirm"


def test_context_indicators_load_with_their_kind_and_no_goal(reference):
    from verdensmaal.catalogue.models import Indicator

    loaded = Indicator.objects.filter(kind="context")
    assert sorted(loaded.values_list("code", flat=True)) == sorted(i["code"] for i in CONTEXT)
    assert all(indicator.goals == [] for indicator in loaded)


def test_an_sdg_indicator_needs_a_direction_and_a_context_one_has_none(reference):
    from django.core.exceptions import ValidationError

    from verdensmaal.catalogue.models import Indicator

    population = Indicator.objects.get(code="DK-FOLK1A-POPULATION")
    population.direction = "higher"
    with pytest.raises(ValidationError) as error:
        population.full_clean()
    assert "direction" in error.value.message_dict
