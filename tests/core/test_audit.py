import pytest
from django.db import transaction

from verdensmaal.accounts.services import organisation_update
from verdensmaal.audit.models import AuditEntry
from verdensmaal.audit.services import log_action


def test_an_entry_outside_the_changing_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError):
        log_action(actor=None, action="accounts.organisation.updated")


def test_a_failed_change_leaves_no_entry(secretariat, vejle):
    count = AuditEntry.objects.count()
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017
        organisation_update(actor=secretariat, organisation=vejle, city="Vejle")
        raise Exception("the request failed after the change")
    vejle.refresh_from_db()
    assert vejle.city == ""
    assert AuditEntry.objects.count() == count


def test_an_unchanged_save_writes_no_entry(secretariat, vejle):
    count = AuditEntry.objects.count()
    organisation_update(actor=secretariat, organisation=vejle, city="")
    assert AuditEntry.objects.count() == count


def test_entries_keep_old_and_new_values_and_label_in_the_reader_language(secretariat, vejle):
    from django.utils import translation

    organisation_update(actor=secretariat, organisation=vejle, city="Vejle")
    entry = AuditEntry.objects.filter(action="accounts.organisation.updated").get()
    assert entry.changes == {"city": ["", "Vejle"]}
    with translation.override("en"):
        assert entry.label == "Organisation updated"
    with translation.override("da"):
        assert entry.label == "Organisation ændret"


def test_the_back_office_logs_no_password_hash(client, secretariat, vejle):
    from verdensmaal.accounts.models import User
    from verdensmaal.accounts.services import user_create

    editor = user_create(
        actor=secretariat,
        username="fjernes",
        email="fjernes@example.org",
        password="secret-password-2",
        role="editor",
        organisation=vejle,
    )
    client.force_login(secretariat)
    response = client.post(f"/admin/accounts/user/{editor.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not User.objects.filter(pk=editor.pk).exists()
    entry = AuditEntry.objects.get(action="admin.accounts.user.deleted")
    assert entry.changes["username"] == ["fjernes", None]
    assert "password" not in entry.changes
