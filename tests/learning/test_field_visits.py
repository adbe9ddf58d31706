"""Field studies: a meeting can be a field visit with a host, a programme and sites; those who
take part record observations during or after it, shown with the host's cases in its minutes."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from verdensmaal.audit.models import AuditEntry
from verdensmaal.network.ical import COPENHAGEN

from .conftest import page


def _times(days: int):
    day = timezone.localdate() + timedelta(days=days)
    return {
        "starts_at": datetime(day.year, day.month, day.day, 9, tzinfo=COPENHAGEN),
        "ends_at": datetime(day.year, day.month, day.day, 16, tzinfo=COPENHAGEN),
    }


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "field_visit", "format": "physical", "city": "Vejle"}, "host"),
        (
            {
                "kind": "field_visit",
                "format": "online",
                "online_url": "https://x.org",
                "host": True,
            },
            "format",
        ),
        ({"kind": "meeting", "format": "physical", "city": "Vejle", "host": True}, "host"),
    ],
)
def test_a_field_visit_has_a_host_and_takes_place_on_site(
    season, secretariat, vejle, fields, field
):
    from verdensmaal.network.services import meeting_create

    if fields.get("host"):
        fields = {**fields, "host": vejle}
    with pytest.raises(ValidationError) as error:
        meeting_create(actor=secretariat, season=season, title_da="Besøg", **_times(3), **fields)
    assert field in error.value.error_dict


def test_the_secretariat_plans_a_field_visit_on_the_meeting_form(season, secretariat, herning):
    client = Client()
    client.force_login(secretariat)
    day = timezone.localdate() + timedelta(days=20)
    response = client.post(
        f"/network/seasons/{season.pk}/meetings/new/",
        {
            "title_da": "Feltbesøg i Herning",
            "day": day.isoformat(),
            "start_time": "09:00",
            "end_time": "16:00",
            "kind": "field_visit",
            "host": herning.pk,
            "format": "physical",
            "city": "Herning",
            "programme": "09:00 Velkomst\n11:00 Renseanlægget",
            "sites": "Renseanlægget; Herning; Fosforgenindvinding\nRådhuset",
        },
    )
    assert response.status_code == 302, response.content.decode()
    from verdensmaal.network.models import Meeting

    meeting = Meeting.objects.get(title_da="Feltbesøg i Herning")
    assert meeting.is_field_visit and meeting.host == herning
    assert [(s.name, s.address, s.description) for s in meeting.sites.all()] == [
        ("Renseanlægget", "Herning", "Fosforgenindvinding"),
        ("Rådhuset", "", ""),
    ]
    shown = client.get(meeting.get_absolute_url()).content.decode()
    assert "Feltbesøg" in shown and "Herning Kommune" in shown
    assert "11:00 Renseanlægget" in shown and "Fosforgenindvinding" in shown


def test_a_site_keeps_what_was_observed_there_while_its_name_stays(
    field_visit, editor, secretariat
):
    from verdensmaal.learning.services import field_observation_create
    from verdensmaal.network.services import meeting_update

    site = field_visit.sites.get(name="Fjordbyen")
    observation = field_observation_create(
        actor=editor, meeting=field_visit, text="Flot", site=site
    )
    meeting_update(
        actor=secretariat,
        meeting=field_visit,
        sites=[{"name": "Rådhuset"}, {"name": "Fjordbyen", "description": "Ny beskrivelse"}],
    )
    observation.refresh_from_db()
    assert observation.site_id == site.pk
    assert [s.name for s in field_visit.sites.all()] == ["Rådhuset", "Fjordbyen"]
    meeting_update(actor=secretariat, meeting=field_visit, sites=[{"name": "Rådhuset"}])
    observation.refresh_from_db()
    assert observation.site is None  # the observation stays, without its site
    with pytest.raises(ValidationError):
        meeting_update(actor=secretariat, meeting=field_visit, sites=[{"name": "A"}, {"name": "A"}])


def test_who_records_observations(
    field_visit, season, secretariat, participant, herning, herning_editor
):
    from verdensmaal.learning.services import field_observation_create
    from verdensmaal.network.models import Participant
    from verdensmaal.network.services import (
        meeting_register,
        membership_create,
        participant_create,
        season_registrations_create,
    )

    with pytest.raises(PermissionDenied):  # Herning's people are neither host nor registered
        field_observation_create(actor=participant, meeting=field_visit, text="Ikke med")
    membership = membership_create(
        actor=secretariat, season=season, organisation=herning, invoice_reference="x"
    )
    person = participant_create(
        actor=secretariat,
        organisation=herning,
        name="Dorte",
        email="dorte@example.org",
        role="practitioner",
        user=participant,
    )
    season_registrations_create(actor=secretariat, membership=membership, participants=[person])
    from verdensmaal.network.services import meeting_update

    # registered while the visit was ahead; it took place yesterday
    meeting_update(actor=secretariat, meeting=field_visit, **_times(2))
    meeting_register(
        actor=secretariat, meeting=field_visit, participant=Participant.objects.get(pk=person.pk)
    )
    meeting_update(actor=secretariat, meeting=field_visit, **_times(-1))
    field_visit.refresh_from_db()
    made = field_observation_create(actor=participant, meeting=field_visit, text="Godt set")
    assert made.organisation == herning and made.sharing == "network"
    # the editor of a registered participant's organisation too
    field_observation_create(actor=herning_editor, meeting=field_visit, text="Også godt")
    assert AuditEntry.objects.filter(action="learning.observation.created").count() == 2


def test_observations_are_recorded_from_the_start_of_the_visit(season, secretariat, vejle, editor):
    from verdensmaal.learning.services import field_observation_create
    from verdensmaal.network.services import meeting_create

    ahead = meeting_create(
        actor=secretariat,
        season=season,
        title_da="Senere",
        kind="field_visit",
        host=vejle,
        format="physical",
        city="Vejle",
        **_times(5),
    )
    with pytest.raises(ValidationError):
        field_observation_create(actor=editor, meeting=ahead, text="For tidligt")
    shown = page(editor, ahead.get_absolute_url()).content.decode()
    assert "Du kan registrere iagttagelser fra besøgets start." in shown


def test_an_observation_is_changed_only_by_its_author_or_the_secretariat(
    field_visit, editor, secretariat, participant
):
    from verdensmaal.learning.services import field_observation_create, field_observation_update

    observation = field_observation_create(actor=editor, meeting=field_visit, text="Først")
    with pytest.raises(PermissionDenied):
        field_observation_update(actor=participant, observation=observation, text="Ændret")
    assert page(participant, f"/learning/observations/{observation.pk}/edit/").status_code == 403
    field_observation_update(actor=secretariat, observation=observation, text="Rettet")
    observation.refresh_from_db()
    assert observation.text == "Rettet"


def test_recording_an_observation_on_the_page(field_visit, editor):
    client = Client()
    client.force_login(editor)
    shown = client.get(field_visit.get_absolute_url()).content.decode()
    assert f"/learning/field-visits/{field_visit.pk}/observations/new/" in shown
    site = field_visit.sites.get(name="Fjordbyen")
    response = client.post(
        f"/learning/field-visits/{field_visit.pk}/observations/new/",
        {
            "site": site.pk,
            "text": "Regnvandet løber i kanaler.",
            "language": "da",
            "sharing": "public",
            "goals": ["11", "13"],
        },
    )
    assert response.status_code == 302
    shown = page(None, field_visit.get_absolute_url()).content.decode()
    assert "Regnvandet løber i kanaler." in shown and "Fjordbyen ·" in shown


def test_the_pages_below_learning_do_not_load_its_template_library():
    """The meeting's and the action's pages name places that learning fills
    (core.extensions); their templates do not reach up into learning."""
    import re
    from pathlib import Path

    import verdensmaal

    package = Path(verdensmaal.__file__).parent
    loads = re.compile(r"{%\s*load\s[^%]*\blearning\b")
    below = [p for p in package.glob("*/templates/**/*.html") if p.parts[-4] != "learning"]
    above = {"reports", "portal", "api"}
    wrong = [
        str(p.relative_to(package))
        for p in below
        if p.relative_to(package).parts[0] not in above and loads.search(p.read_text())
    ]
    assert wrong == []
