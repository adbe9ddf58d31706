"""The demo gives every learning page something real to show: a field visit with observations,
cases from several municipalities linked to indicators, members' targets side by side, data
needs and a revision notice; and it loads again without duplicates."""

import pytest
from django.test import Client

from verdensmaal.accounts.models import User


@pytest.fixture
def demo(reference):
    from verdensmaal.portal.demo import demo_load

    demo_load()


def _counts():
    from verdensmaal.learning.models import Case, DataNeed, FieldObservation, RevisionNotice
    from verdensmaal.network.models import Meeting

    return [
        model.objects.count()
        for model in (Case, FieldObservation, DataNeed, Meeting, RevisionNotice)
    ]


def test_the_demo_has_real_content_on_every_learning_page(demo):
    from verdensmaal.learning.demo import learning_demo_load
    from verdensmaal.learning.models import Case, FieldObservation, RevisionNotice
    from verdensmaal.network.models import Meeting

    cases = Case.objects.all()
    assert cases.count() >= 6
    assert len({case.organisation_id for case in cases}) >= 5
    assert all(case.indicators.exists() and case.is_demo for case in cases)
    visit = Meeting.objects.get(kind="field_visit", title_da__contains="Bornholm")
    assert visit.sites.count() == 3 and visit.host.name == "Bornholms Regionskommune"
    assert FieldObservation.objects.filter(meeting=visit).count() >= 3
    assert visit.registrations.filter(attended_at__isnull=False).exists()
    assert RevisionNotice.objects.filter(organisation__name="Vejle Kommune").exists()

    pages = {
        "/learning/": "Bright Green Island",
        "/learning/cases/": "Supercykelstier",
        "/learning/cases/?q=cycle": "Supercykelstier",
        "/learning/field-visits/": "Bornholm",
        visit.get_absolute_url(): "Almindingen",
        "/learning/peers/?area=630": "Mindre udledning fra transport",
        "/learning/peers/?area=630&indicator=DK-ENS-CO2E-TRANSPORT": "Supercykelstier",
        "/learning/ambition/?indicator=DK-ENS-CO2E-PERCAP": "Bornholm",
        "/learning/network/": "Gladsaxe Kommune",
        "/learning/data-needs/": "Andel af ture på cykel",
        "/learning/notices/": "Halvér CO2e-udledningen",
        "/learning/network/season-report/": "Feltbesøg på Bornholm",
    }
    for username in ("redaktoer", "sekretariat"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for url, text in pages.items():
            if url.startswith("/learning/network/season-report") and username != "sekretariat":
                continue
            response = client.get(url)
            assert response.status_code == 200, (username, url)
            assert text in response.content.decode(), (username, url)
    for case in cases:
        assert Client().get(case.get_absolute_url()).status_code in (200, 404)

    counts = _counts()
    learning_demo_load()
    assert _counts() == counts
