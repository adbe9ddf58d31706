"""The framework overview's data is kept in the shared cache (audit.results): readers who may see
the same share it, a reader never gets what only others may see (drafts, network items), and
an edit shows at once."""

from decimal import Decimal

import pytest

from verdensmaal.accounts.services import user_create
from verdensmaal.frameworks import selectors, services
from verdensmaal.frameworks.models import LocalTarget

from .conftest import observations


@pytest.fixture
def computed(monkeypatch):
    """How many times the overview was computed rather than read from the cache."""
    calls = []
    compute = selectors._overview_parts

    def counted(*args, **kwargs):
        calls.append(kwargs)
        return compute(*args, **kwargs)

    monkeypatch.setattr(selectors, "_overview_parts", counted)
    return calls


@pytest.fixture
def draft_and_network_targets(editor, framework, co2):
    from verdensmaal.catalogue.models import Target

    made = {}
    for title, status, sharing in (
        ("Offentligt mål", "adopted", "public"),
        ("Netværkets mål", "adopted", "network"),
        ("Udkast til mål", "draft", "public"),
    ):
        made[title] = services.local_target_create(
            actor=editor, framework=framework, title_da=title, indicator=co2,
            sdg_targets=[Target.objects.get(code="13.2")], baseline_year=2020,
            target_value=Decimal("5"), target_year=2030, status=status, sharing=sharing,
        )  # fmt: skip
    return made


def _titles(client, user=None) -> set[str]:
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    page = client.get("/frameworks/630/").content.decode()
    return {t for t in ("Offentligt mål", "Netværkets mål", "Udkast til mål") if t in page}


def test_a_draft_cached_for_its_editor_is_never_shown_to_another_reader(
    client, editor, participant, herning, draft_and_network_targets, computed
):
    other = user_create(
        actor=None, username="participant2", email="p2@example.org",
        password="secret-password-1", role="participant", organisation=herning,
    )  # fmt: skip
    everything = {"Offentligt mål", "Netværkets mål", "Udkast til mål"}
    assert _titles(client, editor) == everything
    assert _titles(client, participant) == {"Offentligt mål", "Netværkets mål"}
    assert _titles(client) == {"Offentligt mål"}
    assert len(computed) == 3  # one overview per kind of reader
    # Another member from Herning reads what the first one read, from the cache.
    assert _titles(client, other) == {"Offentligt mål", "Netværkets mål"}
    assert _titles(client, editor) == everything
    assert len(computed) == 3


def test_readers_who_come_first_do_not_hide_drafts_from_the_editor(
    client, editor, participant, draft_and_network_targets
):
    assert _titles(client) == {"Offentligt mål"}
    assert _titles(client, participant) == {"Offentligt mål", "Netværkets mål"}
    assert _titles(client, editor) == {"Offentligt mål", "Netværkets mål", "Udkast til mål"}


def test_an_edit_changes_the_overview_at_once(client, editor, local_target, computed):
    client.force_login(editor)
    assert "Halvér CO2e-udledningen" in client.get("/frameworks/630/").content.decode()
    assert "Halvér CO2e-udledningen" in client.get("/frameworks/630/").content.decode()
    assert len(computed) == 1
    services.local_target_update(
        actor=editor, local_target=local_target, version=local_target.version,
        title_da="Kvart CO2e-udledningen",
    )  # fmt: skip
    page = client.get("/frameworks/630/").content.decode()
    assert "Kvart CO2e-udledningen" in page and "Halvér CO2e-udledningen" not in page
    services.local_target_update(
        actor=editor, local_target=LocalTarget.objects.get(pk=local_target.pk),
        version=local_target.version + 1, status="draft",
    )  # fmt: skip
    client.logout()
    assert "Kvart CO2e-udledningen" not in client.get("/frameworks/630/").content.decode()


def test_new_data_changes_the_targets_progress_at_once(client, editor, local_target):
    client.force_login(editor)
    page = client.get("/frameworks/630/").content.decode()
    assert "4.9" not in page and "4,9" not in page
    observations("DK-ENS-CO2E-PERCAP", "630", {2025: "5.5", 2026: "4.9"})
    page = client.get("/frameworks/630/").content.decode()
    assert "4.9" in page or "4,9" in page
