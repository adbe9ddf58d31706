"""Public forms: an enquiry ticket is good for one enquiry, anonymous posts of the enquiry and
password-reset forms are limited per address, and a refused post says so and changes nothing."""

import pytest
from django.core import mail
from django.test import Client, RequestFactory, override_settings

from verdensmaal.accounts.urls import PASSWORD_RESETS_PER_HOUR
from verdensmaal.core.ratelimit import client_ip
from verdensmaal.network.forms import enquiry_ticket
from verdensmaal.network.models import Enquiry
from verdensmaal.network.views.members import ENQUIRIES_PER_HOUR

ENQUIRY = {
    "organisation_name": "Odder Kommune",
    "name": "Ole",
    "email": "ole@example.org",
    "message": "Må vi være med?",
}


def _post(client, ticket, address="203.0.113.7", **extra):
    return client.post(
        "/network/enquiry/", {**ENQUIRY, **extra, "ticket": ticket}, REMOTE_ADDR=address
    )


def test_one_ticket_is_good_for_one_enquiry(reference):
    client = Client()
    ticket = enquiry_ticket()
    assert _post(client, ticket).status_code == 302
    for attempt in range(9):  # from other addresses too: the ticket, not the limit, refuses
        again = _post(client, ticket, address=f"192.0.2.{attempt}", message=f"Igen {attempt}")
        assert again.status_code == 409
        assert "Formularen er allerede sendt, så intet mere blev gemt." in again.content.decode()
    assert Enquiry.objects.count() == 1


def test_each_rendered_form_has_its_own_ticket(reference):
    client = Client()
    first = client.get("/network/enquiry/").context["ticket"]
    second = client.get("/network/enquiry/").context["ticket"]
    assert first != second
    assert _post(client, first).status_code == 302
    assert _post(client, second).status_code == 302
    assert Enquiry.objects.count() == 2


def test_an_invalid_form_does_not_spend_the_ticket(reference):
    client = Client()
    ticket = enquiry_ticket()
    assert _post(client, ticket, email="nope").status_code == 200
    assert _post(client, ticket).status_code == 302
    assert Enquiry.objects.count() == 1


def test_enquiries_from_one_address_are_limited(reference):
    client = Client()
    for _ in range(ENQUIRIES_PER_HOUR):
        assert _post(client, enquiry_ticket()).status_code == 302
    refused = _post(client, enquiry_ticket())
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    text = refused.content.decode()
    assert "Du har sendt denne formular for mange gange på kort tid. Intet blev gemt." in text
    assert Enquiry.objects.count() == ENQUIRIES_PER_HOUR

    elsewhere = _post(Client(), enquiry_ticket(), address="198.51.100.20")
    assert elsewhere.status_code == 302
    assert Enquiry.objects.count() == ENQUIRIES_PER_HOUR + 1


def test_password_reset_requests_from_one_address_are_limited(editor):
    client = Client()
    for _ in range(PASSWORD_RESETS_PER_HOUR):
        response = client.post(
            "/accounts/password-reset/", {"email": editor.email}, REMOTE_ADDR="203.0.113.7"
        )
        assert response.status_code == 302
    assert len(mail.outbox) == PASSWORD_RESETS_PER_HOUR
    refused = client.post(
        "/accounts/password-reset/", {"email": editor.email}, REMOTE_ADDR="203.0.113.7"
    )
    assert refused.status_code == 429
    assert "Intet blev gemt" in refused.content.decode()
    assert len(mail.outbox) == PASSWORD_RESETS_PER_HOUR


def test_the_forms_themselves_are_not_limited(reference):
    client = Client()
    for _ in range(3 * ENQUIRIES_PER_HOUR):
        assert client.get("/network/enquiry/").status_code == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.1"),  # no proxy: the header is the visitor's own writing
        (1, "1.1.1.1", "1.1.1.1"),
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),  # a forged entry left of the proxy's own
        (2, "6.6.6.6, 1.1.1.1, 10.0.0.2", "1.1.1.1"),
        (2, "", "10.0.0.1"),
    ],
)
def test_the_visitors_address_behind_trusted_proxies(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(VERDENSMAAL_TRUSTED_PROXIES=proxies):
        assert client_ip(request) == expected
