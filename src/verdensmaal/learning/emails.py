"""The learning app's e-mail: the digest of revision notices, in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .selectors import described

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    return getattr(settings, "VERDENSMAAL_SITE_URL", DEFAULT_SITE_URL).rstrip("/")


def revision_digest_message(user, notices) -> EmailMessage:
    """What revised data changed in the user's municipality's progress, notice by notice."""
    language = user.language if user.language in ("da", "en") else "da"
    with translation.override(language):
        context = {
            "user": user,
            "organisation": user.organisation,
            "notices": described(notices),
            "notices_url": site_url() + reverse("learning:notices"),
        }
        subject = render_to_string("learning/email/revision_digest_subject.txt", context).strip()
        body = render_to_string("learning/email/revision_digest_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])
