"""Why a document could not be screened, in the reader's language."""

from django.utils.translation import gettext as _

from verdensmaal.screening import DocumentError

# The error code of a document the worker could not screen after all its attempts.
SCREENING_FAILED = "screening_failed"


def document_error_message(code: str) -> str:
    """The message for a document's error code: the screener's own (its English message is the
    catalogue's key, its Danish translation the screener's ``message_da``), or ours."""
    for error in (DocumentError, *DocumentError.__subclasses__()):
        if error.code == code:
            return _(error.message)
    if code == SCREENING_FAILED:
        return _(
            "The screening stopped with an error several times. Try again later, or tell the "
            "secretariat."
        )
    return _("The document could not be screened.")
