"""Writes of API tokens: made and revoked by their owner, audit-logged; the secret itself is
never logged or stored."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verdensmaal.audit.services import audited_create, log_action

from . import audit_actions, tokens
from .models import ApiToken
from .selectors import active_token_count

MAX_ACTIVE_TOKENS = 10  # per user; a user who needs more revokes one they no longer use
LAST_USED_PRECISION = timedelta(minutes=1)  # last_used_at is written at most this often


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def token_create(*, actor, name: str) -> NewToken:
    """A new token for the actor; the secret is returned once."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied
    with transaction.atomic():
        if active_token_count(actor) >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                _("You have %(count)s active tokens, the most allowed: revoke one first.")
                % {"count": MAX_ACTIVE_TOKENS}
            )
        secret = tokens.new_secret()
        token = audited_create(
            actor=actor,
            obj=ApiToken(
                user=actor,
                name=name.strip(),
                shown_part=tokens.shown_part(secret),
                secret_hash=tokens.secret_hash(secret),
            ),
            action=audit_actions.TOKEN_CREATED,
            changes={"name": [None, name.strip()]},
            organisation=actor.organisation,
        )
    return NewToken(token, secret)


def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens; from now on it authenticates nothing."""
    if not actor.is_authenticated or token.user_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        current = ApiToken.objects.select_for_update().get(pk=token.pk)
        if current.revoked_at is not None:
            return current
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        log_action(
            actor=actor,
            action=audit_actions.TOKEN_REVOKED,
            obj=current,
            organisation=actor.organisation,
            changes={"revoked_at": [None, current.revoked_at.isoformat()]},
        )
    return current


def token_used(token: ApiToken) -> None:
    """Note when a token was last used: bookkeeping, not audited, at most once a minute."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
