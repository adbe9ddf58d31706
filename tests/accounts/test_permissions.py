"""Writes are refused to those who may not make them, and nothing changes when they are."""

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from verdensmaal.accounts.models import Organisation
from verdensmaal.audit.models import AuditEntry
from verdensmaal.catalogue.models import Target

# Forms that anonymous visitors are meant to send: logging in, asking for a password reset link
# (which changes nothing by itself), logging out and choosing a language (a cookie).
ANONYMOUS_FORMS = {"login", "logout", "password_reset", "password_reset_confirm", "set_language"}
SAMPLE_ARGUMENTS = {"pk": "1", "code": "630", "number": "13", "uidb64": "MQ", "token": "x-y"}


def _urls(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("admin/"):
                continue  # the Django admin has its own login; tested below
            yield from _urls(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name not in ANONYMOUS_FORMS:
            yield prefix + str(pattern.pattern)


def _fill(route: str) -> str:
    for name, value in SAMPLE_ARGUMENTS.items():
        for converter in ("int", "str", "slug", ""):
            placeholder = f"<{converter}:{name}>" if converter else f"<{name}>"
            route = route.replace(placeholder, value)
    return "/" + route


def _snapshot():
    return (
        list(Organisation.objects.order_by("pk").values()),
        list(Target.objects.order_by("pk").values_list("title_da", flat=True)),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("route", sorted(set(_urls())))
def test_anonymous_post_to_any_url_is_refused(client, vejle, route):
    url = _fill(route)
    before = _snapshot()
    response = client.post(url, {"name": "Hacked", "title_da": "Hacked", "city": "Hacked"})
    refusals = {302, 403, 404, 405} | ({401} if url.startswith("/api/v1/") else set())  # no token
    assert response.status_code in refusals, url
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/"), url
    assert _snapshot() == before


def test_anonymous_post_to_the_admin_is_refused(client, vejle):
    before = _snapshot()
    response = client.post(f"/admin/accounts/organisation/{vejle.pk}/change/", {"name": "Hacked"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _snapshot() == before


def test_editor_edits_own_organisation_and_the_change_is_logged(client, editor, vejle):
    client.force_login(editor)
    response = client.post(
        f"/accounts/organisations/{vejle.pk}/edit/",
        {"street": "Skolegade 1", "postcode": "7100", "city": "Vejle", "cvr": "29189900",
         "ean": "5798000000018", "email": "", "website": ""},
    )  # fmt: skip
    assert response.status_code == 302
    vejle.refresh_from_db()
    assert (vejle.street, vejle.city) == ("Skolegade 1", "Vejle")
    entry = AuditEntry.objects.filter(action="accounts.organisation.updated").get()
    assert entry.actor == editor
    assert entry.organisation == vejle
    assert entry.changes["city"] == ["", "Vejle"]
    page = client.get(f"/accounts/organisations/{vejle.pk}/").content.decode()
    assert "Organisation ændret" in page


def test_editor_cannot_change_another_organisation(client, editor, herning):
    client.force_login(editor)
    before = _snapshot()
    response = client.post(
        f"/accounts/organisations/{herning.pk}/edit/", {"city": "Hacked", "cvr": "29189919"}
    )
    assert response.status_code == 403
    assert _snapshot() == before
    assert client.get(f"/accounts/organisations/{herning.pk}/edit/").status_code == 403


def test_participant_cannot_edit_even_own_organisation(client, participant, herning):
    client.force_login(participant)
    response = client.post(f"/accounts/organisations/{herning.pk}/edit/", {"city": "Hacked"})
    assert response.status_code == 403
    herning.refresh_from_db()
    assert herning.city == ""


def test_editor_cannot_translate_targets(client, editor):
    before = Target.objects.get(code="13.1").title_da
    client.force_login(editor)
    response = client.post("/goals/targets/13.1/translation/", {"title_da": "Hacked"})
    assert response.status_code == 403
    assert Target.objects.get(code="13.1").title_da == before


def test_secretariat_may_edit_any_organisation(client, secretariat, herning):
    client.force_login(secretariat)
    response = client.post(
        f"/accounts/organisations/{herning.pk}/edit/",
        {"city": "Herning", "postcode": "7400", "cvr": "29189919"},
    )
    assert response.status_code == 302
    herning.refresh_from_db()
    assert herning.city == "Herning"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cvr", "29189901", "29189901 er ikke et gyldigt CVR-nummer."),
        ("cvr", "1234", "Et CVR-nummer har 8 cifre og begynder ikke med 0."),
        ("ean", "5798000000019", "kontrolcifferet er forkert"),
        ("postcode", "710", "Et dansk postnummer har 4 cifre."),
        ("website", "javascript:alert(1)", "Indtast en gyldig URL."),
    ],
)
def test_malformed_form_gives_form_errors_and_changes_nothing(
    client, editor, vejle, field, value, message
):
    client.force_login(editor)
    before = _snapshot()
    data = {"cvr": "29189900", "ean": "5798000000018", "postcode": "7100", field: value}
    response = client.post(f"/accounts/organisations/{vejle.pk}/edit/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _snapshot() == before


def test_forged_request_without_csrf_token_is_refused(editor, vejle):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(f"/accounts/organisations/{vejle.pk}/edit/", {"city": "Forged"})
    assert response.status_code == 403
    assert "Formularen er udløbet" in response.content.decode()
    vejle.refresh_from_db()
    assert vejle.city == ""


def test_login_and_logout(client, editor):
    response = client.post(
        "/accounts/login/", {"username": "editor", "password": "secret-password-1"}
    )
    assert response.status_code == 302
    assert "Log ud" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert "Log ind" in client.get("/").content.decode()


def test_wrong_password_is_a_form_error(client, editor):
    response = client.post("/accounts/login/", {"username": "editor", "password": "wrong"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_password_reset_sends_a_working_link(client, editor, mailoutbox):
    client.post("/accounts/password-reset/", {"email": "editor@example.org"})
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    link = next(line for line in body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-long-password-7", "new_password2": "a-new-long-password-7"},
    )
    assert response.status_code == 302
    # django-axes checks every login against its request: the test client's login needs one
    assert client.login(request=HttpRequest(), username="editor", password="a-new-long-password-7")


def test_back_office_changes_are_audit_logged(client, secretariat, vejle):
    client.force_login(secretariat)
    url = f"/admin/accounts/organisation/{vejle.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(city="Vejle", area=vejle.area_id)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.filter(action="admin.accounts.organisation.changed").get()
    assert entry.actor == secretariat and entry.organisation == vejle
    assert entry.label == "Ændret i administrationen"


def test_participants_cannot_open_the_back_office(client, participant):
    client.force_login(participant)
    assert client.get("/admin/").status_code == 302
