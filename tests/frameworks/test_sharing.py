"""Sharing levels and publishing: the public reads only what is published, never a draft; the
network's members read what is shared with them; a municipality reads all of its own."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from verdensmaal.audit.models import AuditEntry
from verdensmaal.frameworks import services
from verdensmaal.frameworks.models import LocalTarget


@pytest.fixture
def network_target(editor, framework, co2):
    """A local target the editor shares with the network only (the default)."""
    from verdensmaal.catalogue.models import Target

    return services.local_target_create(
        actor=editor, framework=framework, title_da="Færre biler i midtbyen", indicator=co2,
        sdg_targets=[Target.objects.get(code="11.6")], baseline_year=2020,
        target_value=Decimal("7"), target_year=2030, status="adopted",
    )  # fmt: skip


def _page(user=None) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get("/frameworks/630/").content.decode()


def test_a_new_part_is_shared_with_the_network_by_default(network_target, participant, editor):
    assert network_target.sharing == "network"
    assert "Færre biler i midtbyen" not in _page()  # the public
    assert "Færre biler i midtbyen" in _page(participant)  # a member of another municipality
    assert "Færre biler i midtbyen" in _page(editor)


def test_a_private_part_stays_with_its_own_organisation(editor, participant, network_target):
    services.local_target_update(
        actor=editor, local_target=network_target, version=1, sharing="private"
    )
    assert "Færre biler i midtbyen" not in _page(participant)
    assert "Færre biler i midtbyen" in _page(editor)


def test_publishing_shares_the_framework_and_its_parts_and_dates_it(
    editor, framework, network_target, action
):
    framework.refresh_from_db()
    published = services.framework_publish(
        actor=editor, framework=framework, version=framework.version
    )
    assert published.published and published.published_at is not None
    assert set(LocalTarget.objects.values_list("sharing", flat=True)) == {"public"}
    assert "Færre biler i midtbyen" in _page()
    codes = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"frameworks.framework.published", "frameworks.framework.parts_published"} <= codes


def test_a_draft_local_target_is_never_public_even_when_published(editor, framework, co2):
    from verdensmaal.catalogue.models import Target

    services.local_target_create(
        actor=editor, framework=framework, title_da="Kladde: grøn havn", indicator=co2,
        sdg_targets=[Target.objects.get(code="14.1")], baseline_year=2020,
        target_value=Decimal("6"), target_year=2030, status="draft",
    )  # fmt: skip
    framework.refresh_from_db()
    services.framework_publish(actor=editor, framework=framework, version=framework.version)
    assert "Kladde: grøn havn" not in _page()
    assert "Kladde: grøn havn" in _page(editor)


def test_withdrawing_hides_the_framework_from_the_public_only(editor, participant, local_target):
    framework = local_target.framework
    framework.refresh_from_db()
    services.framework_withdraw(actor=editor, framework=framework, version=framework.version)
    assert Client().get(framework.get_absolute_url()).status_code == 404
    assert "Halvér CO2e-udledningen" in _page(participant)


def test_an_action_page_follows_its_sharing_level(editor, participant, action):
    url = f"/frameworks/actions/{action.pk}/"
    assert Client().get(url).status_code == 200
    services.action_update(actor=editor, action=action, version=action.version, sharing="private")
    assert Client().get(url).status_code == 404
    member = Client()
    member.force_login(participant)
    assert member.get(url).status_code == 404


def test_publishing_moves_the_parts_versions_on(editor, framework, network_target):
    framework.refresh_from_db()
    services.framework_publish(actor=editor, framework=framework, version=framework.version)
    with pytest.raises(services.StaleEditError):
        services.local_target_update(
            actor=editor, local_target=network_target, version=1, title_da="Opened before"
        )


def test_only_the_municipalitys_editors_publish(client, editor, participant, framework):
    from verdensmaal.accounts.services import user_create

    other = user_create(
        actor=None, username="sonderborg", email="s@example.org", password="secret-password-1",
        role="editor", organisation=participant.organisation,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.framework_withdraw(actor=other, framework=framework, version=framework.version)
    client.force_login(other)
    response = client.post(
        f"/frameworks/f/{framework.pk}/withdraw/", {"version": str(framework.version)}
    )
    assert response.status_code == 403
    framework.refresh_from_db()
    assert framework.published
