"""Data needs: members record indicators they lack, others support them once per organisation,
the secretariat follows them up and exports the list for Statistics Denmark."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from verdensmaal.audit.models import AuditEntry

from .conftest import page


@pytest.fixture
def need(editor, vejle):
    from verdensmaal.catalogue.models import Target
    from verdensmaal.learning.services import data_need_create

    return data_need_create(
        actor=editor,
        organisation=vejle,
        title="Andel af ture på cykel",
        level="municipality",
        description="Til transportmålet.",
        sdg_target=Target.objects.get(code="11.2"),
    )


def test_an_editor_records_a_need_on_the_page(editor):
    client = Client()
    client.force_login(editor)
    response = client.post(
        "/learning/data-needs/new/",
        {"title": "Rødlistede arter", "level": "local", "sdg_target": "15.5"},
    )
    assert response.status_code == 302
    shown = client.get("/learning/data-needs/").content.decode()
    assert "Rødlistede arter" in shown and "15.5" in shown
    refused = client.post(
        "/learning/data-needs/new/", {"title": "X", "level": "local", "sdg_target": "99.9"}
    )
    assert "Ukendt" in refused.content.decode()


def test_only_members_see_the_needs_and_only_editors_record_them(need, participant, herning):
    from verdensmaal.learning.services import data_need_create

    assert page(None, "/learning/data-needs/").status_code == 302  # to the login
    assert "Andel af ture på cykel" in page(participant, "/learning/data-needs/").content.decode()
    with pytest.raises(PermissionDenied):
        data_need_create(actor=participant, organisation=herning, title="X", level="local")


def test_a_need_is_supported_once_per_organisation_and_not_by_its_own(
    need, participant, herning_editor, editor
):
    from verdensmaal.learning.services import data_need_support, data_need_unsupport

    with pytest.raises(ValidationError):
        data_need_support(actor=editor, need=need)  # Vejle raised it
    data_need_support(actor=participant, need=need, note="Til vores cykelstrategi")
    with pytest.raises(ValidationError, match="støtter allerede"):
        data_need_support(actor=herning_editor, need=need)  # Herning supports it already
    shown = page(editor, "/learning/data-needs/").content.decode()
    assert "Støttet af 1 andet medlem" in shown and "Til vores cykelstrategi" in shown
    data_need_unsupport(actor=herning_editor, need=need)
    assert need.supports.count() == 0
    assert set(
        AuditEntry.objects.filter(action__startswith="learning.data_need").values_list(
            "action", flat=True
        )
    ) == {
        "learning.data_need.created",
        "learning.data_need.supported",
        "learning.data_need.unsupported",
    }


def test_the_secretariat_sets_the_status_and_exports_the_list(
    need, editor, secretariat, participant, herning
):
    from verdensmaal.learning.services import data_need_create, data_need_support, data_need_update

    with pytest.raises(PermissionDenied):
        data_need_update(actor=editor, need=need, status="met")
    other = data_need_create(
        actor=secretariat, organisation=herning, title="Indkomst efter herkomst", level="group"
    )
    data_need_support(actor=participant, need=need)
    client = Client()
    client.force_login(secretariat)
    assert (
        client.post(f"/learning/data-needs/{need.pk}/status/", {"status": "raised"}).status_code
        == 302
    )
    need.refresh_from_db()
    assert need.status == "raised"
    content = client.get("/learning/data-needs/download/csv/").content.decode()
    header, first, second = csv.reader(io.StringIO(content))
    assert header[:3] == [
        "Indikator, der mangler",
        "Hvorfor og hvad præcist",
        "Niveau, der er brug for",
    ]
    assert first[:8] == [
        "Andel af ture på cykel",
        "Til transportmålet.",
        "Pr. kommune",
        "11.2",
        "Vejle Kommune",
        "Herning Kommune",
        "1",
        "Rejst over for Danmarks Statistik",
    ]
    assert second[0] == other.title and second[6] == "0"  # fewer supporters come after
    assert page(editor, "/learning/data-needs/download/csv/").status_code == 403
