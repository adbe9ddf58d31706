"""Fixtures shared by the suite. Django is imported inside fixtures so that the pure-module tests
also run without it (``pytest -p no:django tests/progress``)."""

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the SDG framework and the areas once for the whole session."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_caches(request):
    """Each test starts with no stored pages (ops.middleware) and, where it uses the database,
    no rate-limit counts: a test's rolled-back data must not be seen by the next one through
    the cache, which outlives the transaction."""
    try:
        from django.conf import settings

        if not settings.configured:
            return
    except ImportError:
        return
    from django.core.cache import caches

    caches["default"].clear()
    if {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("django_db_setup")  # the test database, not the real one
        with request.getfixturevalue("django_db_blocker").unblock():
            caches["limits"].clear()


@pytest.fixture
def reference(db):
    """The reference data, loaded again where a transactional test has flushed it."""
    from django.core.management import call_command

    from verdensmaal.catalogue.models import Goal, Indicator

    if not (Goal.objects.exists() and Indicator.objects.exists()):
        call_command("load_reference", verbosity=0)


@pytest.fixture
def secretariat(reference):
    from verdensmaal.accounts.services import user_create

    return user_create(
        actor=None,
        username="sekretariat",
        email="sekretariat@example.org",
        password="secret-password-1",
        role="secretariat",
    )


@pytest.fixture
def vejle(secretariat):
    from verdensmaal.accounts.services import organisation_create
    from verdensmaal.areas.models import Area

    return organisation_create(
        actor=secretariat,
        name="Vejle Kommune",
        kind="municipality",
        area=Area.objects.get(code="630"),
        cvr="29189900",
        ean="5798000000018",
    )


@pytest.fixture
def herning(secretariat):
    from verdensmaal.accounts.services import organisation_create
    from verdensmaal.areas.models import Area

    return organisation_create(
        actor=secretariat,
        name="Herning Kommune",
        kind="municipality",
        area=Area.objects.get(code="657"),
        cvr="29189919",
    )


def _user(username, role, organisation):
    from verdensmaal.accounts.services import user_create

    return user_create(
        actor=None,
        username=username,
        email=f"{username}@example.org",
        password="secret-password-1",
        role=role,
        organisation=organisation,
    )


@pytest.fixture
def editor(vejle):
    return _user("editor", "editor", vejle)


@pytest.fixture
def participant(herning):
    return _user("participant", "participant", herning)
