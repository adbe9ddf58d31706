"""The background jobs of this app, registered with the queue when the app is ready."""

from . import jobs, services


def _screen(job, progress) -> None:
    services.document_screen(document_id=job.payload["document"], progress=progress)


def _screen_failed(job, message: str) -> None:
    services.document_screening_failed(document_id=job.payload["document"])


jobs.register(services.SCREEN_JOB, _screen, failed=_screen_failed)
