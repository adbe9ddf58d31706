"""The background jobs of this app, registered with the queue when the app is ready.

Registering imports the queue alone: the screening (``services``, and the screener and the
frameworks' services under it) is imported when a job runs, not before every command."""

from . import jobs

SCREEN_JOB = "documents.screen"


def _screen(job, progress) -> None:
    from . import services

    services.document_screen(document_id=job.payload["document"], progress=progress)


def _screen_failed(job, message: str) -> None:
    from . import services

    services.document_screening_failed(document_id=job.payload["document"])


jobs.register(SCREEN_JOB, _screen, failed=_screen_failed)
