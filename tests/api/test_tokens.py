"""Personal API tokens: made and revoked on the account page, shown once, stored as a hash,
audit-logged; a bad token is refused and, repeated, throttled."""

import re

import pytest
from django.core.exceptions import PermissionDenied

from verdensmaal.api import services, tokens
from verdensmaal.api.auth import BAD_TOKEN_LIMIT
from verdensmaal.api.models import ApiToken
from verdensmaal.audit.models import AuditEntry

from .conftest import bearer


def test_a_secret_has_256_random_bits_and_only_its_hash_is_stored(editor):
    secret = tokens.new_secret()
    assert tokens.well_formed(secret) and len(secret) == 46
    assert secret != tokens.new_secret()
    assert not tokens.well_formed(secret + "x")
    assert not tokens.well_formed("vm_" + "é" * 43)
    new = services.token_create(actor=editor, name="Dashboard")
    stored = ApiToken.objects.get()
    assert stored.secret_hash == tokens.secret_hash(new.secret) != new.secret
    assert new.secret not in str(ApiToken.objects.values().get())
    assert new.secret.startswith(stored.shown_part)


def test_making_and_revoking_are_audit_logged_without_the_secret(editor):
    new = services.token_create(actor=editor, name="Dashboard")
    services.token_revoke(actor=editor, token=new.token)
    entries = AuditEntry.objects.filter(action__startswith="api.token").order_by("pk")
    assert [e.action for e in entries] == ["api.token.created", "api.token.revoked"]
    assert all(new.secret not in str(e.changes) for e in entries)
    assert entries[0].organisation == editor.organisation


def test_only_the_owner_revokes_a_token(editor, participant):
    new = services.token_create(actor=editor, name="Dashboard")
    with pytest.raises(PermissionDenied):
        services.token_revoke(actor=participant, token=new.token)


def test_the_account_page_shows_a_new_secret_once_and_revokes(client, editor, participant):
    client.force_login(editor)
    page = client.get("/api/tokens/")
    assert page.status_code == 200
    overview = client.get("/overview/").content.decode()
    assert 'href="/api/tokens/"' in overview  # a user's overview links to it
    made = client.post("/api/tokens/", {"name": "Mit dashboard"})
    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"] or "max-age=0" in made["Cache-Control"]
    token = ApiToken.objects.get()
    (secret,) = re.findall(r"vm_[A-Za-z0-9_-]{43}", made.content.decode())
    assert tokens.secret_hash(secret) == token.secret_hash
    assert secret not in client.get("/api/tokens/").content.decode()  # shown only once
    assert (
        client.get("/api/v1/frameworks", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    )

    other = client.__class__()
    other.force_login(participant)
    assert other.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    response = client.post(f"/api/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = client.get("/api/v1/frameworks", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert refused.status_code == 401


def test_the_account_page_needs_a_login(client, reference):
    response = client.get("/api/tokens/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_user_has_at_most_ten_active_tokens(editor):
    for number in range(services.MAX_ACTIVE_TOKENS):
        services.token_create(actor=editor, name=f"token {number}")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.token_create(actor=editor, name="one too many")


def test_the_token_page_is_in_danish(client, editor):
    client.force_login(editor)
    html = client.get("/api/tokens/").content.decode()
    assert "Min konto" in html and "API-nøgler" in html


@pytest.mark.parametrize(
    "header",
    ["Bearer vm_" + "A" * 43, "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer", "Token abc"],
)
def test_a_bad_token_is_refused_with_401_even_for_reads(client, reference, header):
    response = client.get("/api/v1/goals/1", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "not valid" in response.json()["detail"]


def test_an_inactive_users_token_is_refused(client, editor):
    header = bearer(editor)
    editor.is_active = False
    editor.save()
    assert client.get("/api/v1/goals/1", **header).status_code == 401


def test_the_last_use_is_noted(client, editor):
    client.get("/api/v1/goals/1", **bearer(editor))
    assert ApiToken.objects.get().last_used_at is not None


def test_bad_tokens_from_one_address_are_throttled(client, editor):
    good = bearer(editor)
    for _ in range(BAD_TOKEN_LIMIT):
        assert client.get("/api/v1/goals/1", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    response = client.get("/api/v1/goals/1", HTTP_AUTHORIZATION="Bearer wrong")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    # while throttled no token from that address is checked, a good one neither
    assert client.get("/api/v1/goals/1", **good).status_code == 429
    # reads without a token go on; another address is not affected
    assert client.get("/api/v1/goals/1").status_code == 200
    assert client.get("/api/v1/goals/1", REMOTE_ADDR="10.0.0.9", **good).status_code == 200
