"""The change log in words: field labels, object names and choice labels, not database ids."""

import pytest
from django.test import Client


@pytest.fixture
def change(secretariat, editor):
    from verdensmaal.catalogue.models import Indicator
    from verdensmaal.frameworks import services

    framework = services.framework_create(
        actor=editor, organisation=editor.organisation, title_da="Vejles ramme",
        start_year=2021, end_year=2030,
    )  # fmt: skip
    action = services.action_create(actor=editor, framework=framework, title_da="Cykelstier")
    services.partner_create(actor=editor, action=action, name="Vejle Cykelklub", kind="ngo")
    return Indicator.objects.get(code="DK-ENS-CO2E-PERCAP")


def test_the_log_shows_labels_and_names_not_field_names_and_ids(client, secretariat, change):
    client.force_login(secretariat)
    page = client.get("/changes/").content.decode()
    assert "Partner tilføjet: Vejle Cykelklub" in page
    assert "Type: – → NGO eller forening" in page and "kind: – →" not in page
    assert "Kommune: – → Vejle" in page and "area: – → " not in page  # a name, not an id
    assert "CVR-nummer: – → 29189900" in page


def test_only_the_secretariat_reads_the_whole_log(editor, change):
    client = Client()
    client.force_login(editor)
    assert client.get("/changes/").status_code == 403
    assert Client().get("/changes/").status_code == 302


def test_the_log_filters_by_app_and_by_name(client, secretariat, change):
    client.force_login(secretariat)
    page = client.get("/changes/", {"action": "frameworks.", "query": "Cykel"}).content.decode()
    assert "Cykelstier" in page and "Vejles ramme" not in page.split("<tbody>")[1]


def test_a_change_named_like_a_reverse_relation_is_shown_as_it_is(client, secretariat, editor):
    from verdensmaal.audit.services import log_action

    log_action(actor=secretariat, action="accounts.organisation.updated", obj=editor.organisation,
               changes={"users": [None, "3 users"]})  # fmt: skip
    client.force_login(secretariat)
    response = client.get("/changes/")
    assert response.status_code == 200
    assert "3 users" in response.content.decode()
