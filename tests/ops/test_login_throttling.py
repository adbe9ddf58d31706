"""Login throttling (django-axes): 30 wrong passwords in a row lock the user name out from that
address, on the site and in the back office, until the cool-off has passed; other addresses and
the test suite's own logins are not affected; the lockout and its release are logged by user
id."""

import json
import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

SITE_LOGIN = "/accounts/login/"
BACK_OFFICE_LOGIN = "/admin/login/"
ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def _login(client, url, password, address=ATTACKER, username="sekretariat"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _hammer(client, url, times=30):
    for attempt in range(times):
        response = _login(client, url, f"wrong-{attempt}")
        assert response.status_code in (200, 429)
    return response


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _cool_off_passes():
    """Move the recorded failures back by the cool-off, as if that time had gone by."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
        attempt.save()


@pytest.mark.parametrize("url", [SITE_LOGIN, BACK_OFFICE_LOGIN])
def test_thirty_wrong_passwords_then_the_right_one_is_refused(url, secretariat):
    client = Client()
    last = _hammer(client, url)
    assert last.status_code == 429

    refused = _login(client, url, "secret-password-1")
    assert refused.status_code == 429
    assert not _logged_in(client)
    page = refused.content.decode()
    assert "For mange mislykkede logins" in page
    assert "Du kan logge ind igen om 15 minutter, kl." in page


def test_the_lockout_page_in_english(secretariat):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _hammer(client, SITE_LOGIN)
    page = _login(client, SITE_LOGIN, "secret-password-1").content.decode()
    assert "Too many failed logins" in page
    assert "You can log in again in 15 minutes, at" in page


@pytest.mark.parametrize("url", [SITE_LOGIN, BACK_OFFICE_LOGIN])
def test_after_the_cool_off_the_right_password_works(url, secretariat):
    client = Client()
    _hammer(client, url)
    _cool_off_passes()
    response = _login(client, url, "secret-password-1")
    assert response.status_code == 302
    assert _logged_in(client)


def test_another_address_is_not_locked_out(secretariat):
    _hammer(Client(), SITE_LOGIN)
    elsewhere = Client()
    response = _login(elsewhere, SITE_LOGIN, "secret-password-1", address=ELSEWHERE)
    assert response.status_code == 302
    assert _logged_in(elsewhere)


def test_another_user_from_the_same_address_is_not_locked_out(secretariat, editor):
    _hammer(Client(), SITE_LOGIN)
    client = Client()
    response = _login(client, SITE_LOGIN, "secret-password-1", username="editor")
    assert response.status_code == 302


def test_a_few_mistakes_do_not_lock_out(secretariat):
    client = Client()
    _hammer(client, SITE_LOGIN, times=settings.AXES_FAILURE_LIMIT - 1)
    assert _login(client, SITE_LOGIN, "secret-password-1").status_code == 302


def test_lockout_and_release_are_logged_by_user_id_only(secretariat, caplog):
    caplog.set_level(logging.INFO, logger="verdensmaal")
    _hammer(Client(), SITE_LOGIN)
    _cool_off_passes()
    assert _login(Client(), SITE_LOGIN, "secret-password-1").status_code == 302

    events = [r.fields for r in caplog.records if r.name == "verdensmaal.ops.logins"]
    locked = [e for e in events if e["event"] == "login.locked_out"]
    released = [e for e in events if e["event"] == "login.lockout_released"]
    assert locked and all(e["user_id"] == secretariat.pk for e in locked)
    assert locked[0]["path"] == SITE_LOGIN
    assert released == [
        {"event": "login.lockout_released", "user_id": secretariat.pk, "reason": "cool-off passed"}
    ]
    logged = json.dumps(events) + " ".join(r.getMessage() for r in caplog.records)
    assert "sekretariat" not in logged and ATTACKER not in logged


def test_the_test_clients_force_login_is_not_throttled(secretariat):
    _hammer(Client(), SITE_LOGIN)
    client = Client()
    client.force_login(secretariat)
    assert client.get("/network/enquiries/").status_code == 200
