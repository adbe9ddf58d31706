"""A database-backed queue of background jobs, run by ``verdensmaal worker``: no new server.

A job is a row (``models.Job``): a kind, a JSON payload, a status, progress, attempts. An app
registers the kinds it runs (:func:`register`) with a function that does the work and, optionally,
one that records a final failure on the app's own objects.

Claiming. A worker takes the oldest ready job in one short transaction. On PostgreSQL the row is
read with ``SELECT ... FOR UPDATE SKIP LOCKED``, so workers neither wait for each other nor take the
same job; SQLite has no row locks, but the settings open every transaction IMMEDIATE (the write lock
is taken at BEGIN), so claims are serialised. On both, the claim itself is a conditional UPDATE
(the row is still queued), so a job is claimed at most once whatever the database does.

Running. The work function gets the job and a :class:`Progress` callback, which writes the
progress (at most once a second, and always the last step) and with it the job's heartbeat.
A work function that raises is tried again after ``RETRY_DELAY`` times the attempts so far, up to
``job.max_attempts`` in all; then the job fails with the error's message and the kind's failure
function runs in the same transaction. A worker that dies in the middle of a job (killed, out of
memory, the machine restarted) leaves the job running with a heartbeat that grows old: after
``STALE_AFTER`` the next claim takes it back, counting the attempt it was.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from .models import Job

logger = logging.getLogger(__name__)

# A failed attempt is tried again after this delay times the number of attempts so far.
RETRY_DELAY = timedelta(seconds=30)
# A running job whose heartbeat is older than this was left by a worker that died: long enough
# for the slowest step between two progress reports (a batch of embeddings, a PDF extraction)
# on a busy machine, short enough that a document does not wait an hour.
STALE_AFTER = timedelta(minutes=10)
# Progress is written at most this often (seconds); the last step is always written.
PROGRESS_INTERVAL = 1.0
# The error text kept on a job, at most.
MAX_ERROR_CHARACTERS = 2000

WORKER_STOPPED = "The worker stopped while running this job."


@dataclass(frozen=True)
class Kind:
    run: Callable[[Job, Progress], None]
    failed: Callable[[Job, str], None] | None = None


_KINDS: dict[str, Kind] = {}


def register(
    kind: str,
    run: Callable[[Job, Progress], None],
    *,
    failed: Callable[[Job, str], None] | None = None,
) -> None:
    """Let the worker run jobs of ``kind`` with ``run(job, progress)``; ``failed(job, message)``
    runs, in the transaction that fails the job, when it has failed for the last time."""
    _KINDS[kind] = Kind(run, failed)


def registered(kind: str) -> bool:
    return kind in _KINDS


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue(kind: str, payload: dict, *, total: int = 0) -> Job:
    """Queue a job; call it inside the transaction that makes the job necessary, so that a job
    exists exactly when the change that asks for it was saved."""
    if kind not in _KINDS:
        raise ValueError(f"no job kind {kind!r} is registered")
    return Job.objects.create(kind=kind, payload=payload, progress_total=total)


class Progress:
    """``progress(done, total)``: record how far a job has come; True when it was written."""

    def __init__(self, job: Job, *, interval: float | None = None):
        self.job = job
        self.interval = PROGRESS_INTERVAL if interval is None else interval
        self._last = float("-inf")

    def __call__(self, done: int, total: int) -> bool:
        now = time.monotonic()
        if done < total and now - self._last < self.interval:
            return False
        self._last = now
        Job.objects.filter(pk=self.job.pk).update(
            progress_done=min(done, total), progress_total=total, heartbeat_at=timezone.now()
        )
        return True


def _error_text(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".strip()
    return text[:MAX_ERROR_CHARACTERS]


def _attempt_failed(job: Job, message: str, now: datetime) -> None:
    """Queue the job again after a delay, or fail it when its attempts are used up (inside the
    transaction that holds its row)."""
    if job.attempts < job.max_attempts:
        job.status = Job.Status.QUEUED
        job.run_after = now + RETRY_DELAY * max(job.attempts, 1)
        job.error = message
        job.save(update_fields=["status", "run_after", "error", "updated_at"])
        return
    _fail(job, message, now)


def _fail(job: Job, message: str, now: datetime) -> None:
    job.status = Job.Status.FAILED
    job.finished_at = now
    job.error = message
    job.save(update_fields=["status", "finished_at", "error", "updated_at"])
    kind = _KINDS.get(job.kind)
    if kind is not None and kind.failed is not None:
        kind.failed(job, message)


def _recover_stale(now: datetime) -> int:
    """Take back the jobs of workers that died: queue them again, or fail them."""
    stale = list(
        Job.objects.select_for_update(skip_locked=True)
        .filter(status=Job.Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
        .order_by("pk")
    )
    for job in stale:
        logger.warning("Job %s: its worker %s stopped; taken back", job.pk, job.worker)
        _attempt_failed(job, WORKER_STOPPED, now)
    return len(stale)


def claim(worker: str, *, now: datetime | None = None) -> Job | None:
    """The oldest ready job, now running for ``worker``; None when there is none."""
    now = now or timezone.now()
    with transaction.atomic():
        _recover_stale(now)
        candidate = (
            Job.objects.select_for_update(skip_locked=True)
            .filter(status=Job.Status.QUEUED, run_after__lte=now)
            .order_by("run_after", "pk")
            .first()
        )
        if candidate is None:
            return None
        claimed = Job.objects.filter(pk=candidate.pk, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING,
            attempts=candidate.attempts + 1,
            started_at=now,
            heartbeat_at=now,
            worker=worker,
            updated_at=now,
        )
        if claimed != 1:
            return None
    candidate.refresh_from_db()
    return candidate


def run(job: Job, worker: str) -> Job:
    """Run a claimed job to its end: done, queued again or failed."""
    kind = _KINDS.get(job.kind)
    started = time.monotonic()
    try:
        if kind is None:
            raise LookupError(f"no job kind {job.kind!r} is registered")
        kind.run(job, Progress(job))
    except Exception as error:
        logger.exception("Job %s (%s) failed on attempt %s", job.pk, job.kind, job.attempts)
        with transaction.atomic():
            current = (
                Job.objects.select_for_update().filter(pk=job.pk, worker=worker).order_by().first()
            )
            if current is not None and current.status == Job.Status.RUNNING:
                if kind is None:
                    _fail(current, _error_text(error), timezone.now())
                else:
                    _attempt_failed(current, _error_text(error), timezone.now())
    else:
        now = timezone.now()
        Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=worker).update(
            status=Job.Status.DONE, finished_at=now, heartbeat_at=now, error="", updated_at=now
        )
        logger.info("Job %s (%s) done in %.1f s", job.pk, job.kind, time.monotonic() - started)
    job.refresh_from_db()
    return job


def run_one(worker: str | None = None) -> Job | None:
    """Claim and run the next ready job; None when none is ready."""
    worker = worker or worker_name()
    job = claim(worker)
    return run(job, worker) if job is not None else None


def run_pending(worker: str | None = None, *, limit: int | None = None) -> list[Job]:
    """Run the jobs that are ready now, one after the other (a job queued again for later waits
    for its time); returns them as they ended."""
    finished = []
    while limit is None or len(finished) < limit:
        job = run_one(worker)
        if job is None:
            break
        finished.append(job)
    return finished


def waiting_before(job: Job) -> int:
    """How many ready jobs are ahead of ``job`` in the queue."""
    return Job.objects.filter(
        status=Job.Status.QUEUED, run_after__lte=timezone.now(), pk__lt=job.pk
    ).count()
