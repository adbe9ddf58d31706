"""Reads of API tokens."""

from django.db.models import QuerySet

from . import tokens
from .models import ApiToken


def tokens_of(user) -> QuerySet[ApiToken]:
    """A user's tokens, the active ones first, the newest first."""
    return ApiToken.objects.filter(user=user).order_by("-revoked_at", "-created_at", "-pk")


def active_token_count(user) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()


def token_for_secret(secret: str) -> ApiToken | None:
    """The active token with this secret whose user may log in; None for anything else."""
    if not tokens.well_formed(secret):
        return None
    token = (
        ApiToken.objects.select_related("user__organisation")
        .filter(secret_hash=tokens.secret_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token
