"""The background worker: it claims a job, runs it to the end and records its progress on the way;
a job that crashes is tried again a bounded number of times and then fails with a message; a job
left running by a worker that died is taken back. The screening runs on its words here (fast); one
test loads the embedding model."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from verdensmaal.audit.models import AuditEntry
from verdensmaal.documents import jobs, services
from verdensmaal.documents.models import Document, Job

from .conftest import CLIMATE_PLAN, PDF_PAGES, make_pdf

LONG_TEXT = "\n\n".join([CLIMATE_PLAN] * 4)  # 16 passages, too long to screen in the request


@pytest.fixture
def terms_only(monkeypatch):
    """The worker screens on the words alone: no model in these tests."""
    monkeypatch.setattr(services, "WORKER_EMBED", "never")


@pytest.fixture
def queued(editor, vejle, terms_only):
    return services.document_create(
        actor=editor, organisation=vejle, title="Lang plan", text=LONG_TEXT
    )


def _ready_now():
    """Time passes: the jobs waiting to be tried again are due."""
    Job.objects.filter(status=Job.Status.QUEUED).update(run_after=timezone.now())


def test_the_worker_claims_and_finishes_a_job_and_records_progress(queued, monkeypatch, capsys):
    monkeypatch.setattr(jobs, "PROGRESS_INTERVAL", 0)  # write every step, to watch them all
    seen = []
    real_screen = services.screen

    def watching(found, **kwargs):
        report = kwargs["progress"]

        def progress(done, total):
            report(done, total)
            document = Document.objects.get(pk=queued.pk)
            job = Job.objects.get(pk=queued.job_id)
            seen.append((document.status, document.progress_done, job.status, job.progress_done))

        return real_screen(found, **{**kwargs, "progress": progress})

    monkeypatch.setattr(services, "screen", watching)
    call_command("worker", "--once")
    assert f"Job {queued.job_id} (documents.screen): done" in capsys.readouterr().out
    assert seen[0] == ("screening", 1, "running", 1)
    assert [step[1] for step in seen] == list(range(1, 17))
    assert all(step[0] == "screening" and step[2] == "running" for step in seen)
    document = Document.objects.get(pk=queued.pk)
    job = document.job
    assert document.status == "done" and document.method == "auto"
    assert document.progress_done == document.progress_total == 16
    assert len(document.result["passages"]) == 16 and document.goals == [7, 11, 12, 13]
    assert job.status == "done" and job.attempts == 1 and job.finished_at is not None
    assert job.progress_done == job.progress_total == 16
    assert AuditEntry.objects.filter(action="documents.document.screened").count() == 1


def test_the_page_shows_the_progress_while_the_worker_screens(queued, editor_client):
    Document.objects.filter(pk=queued.pk).update(status="screening", progress_done=5)
    page = editor_client.get(queued.get_absolute_url()).content.decode()
    assert '<progress value="5" max="16">' in page and "5 af 16 afsnit" in page
    assert "Screenes nu" in page


def test_a_crashed_job_is_retried_then_failed_with_a_message(queued, monkeypatch, editor_client):
    def crash(*args, **kwargs):
        raise RuntimeError("the screener fell over")

    monkeypatch.setattr(services, "screen", crash)
    [job] = jobs.run_pending()
    assert job.status == "queued" and job.attempts == 1
    assert job.error == "RuntimeError: the screener fell over"
    assert job.run_after > timezone.now()  # tried again after a delay, not at once
    assert Document.objects.get(pk=queued.pk).status == "queued"
    assert jobs.run_pending() == []  # not yet due

    _ready_now()
    [job] = jobs.run_pending()
    assert job.status == "queued" and job.attempts == 2
    _ready_now()
    [job] = jobs.run_pending()
    assert job.status == "failed" and job.attempts == 3 == job.max_attempts
    assert job.error == "RuntimeError: the screener fell over"
    _ready_now()
    assert jobs.run_pending() == []  # a failed job stays failed

    document = Document.objects.get(pk=queued.pk)
    assert document.status == "failed" and document.error_code == "screening_failed"
    assert AuditEntry.objects.filter(action="documents.document.failed").count() == 1
    page = editor_client.get(document.get_absolute_url()).content.decode()
    assert "Screeningen stoppede med en fejl flere gange" in page
    assert "Prøv igen" in page


def test_a_failed_document_can_be_screened_again(queued, monkeypatch, editor, editor_client):
    Document.objects.filter(pk=queued.pk).update(status="failed", error_code="screening_failed")
    response = editor_client.post(f"/screening/{queued.pk}/screen-again/")
    assert response.status_code == 302
    document = Document.objects.get(pk=queued.pk)
    assert document.status == "queued" and document.job_id != queued.job_id
    jobs.run_pending()
    assert Document.objects.get(pk=queued.pk).status == "done"


def test_a_job_left_running_by_a_dead_worker_is_taken_back(queued):
    claimed = jobs.claim("dead-host:1")
    assert claimed.pk == queued.job_id and claimed.status == "running"
    assert jobs.run_pending("other-host:2") == []  # its heartbeat is fresh: someone runs it
    Job.objects.filter(pk=claimed.pk).update(
        heartbeat_at=timezone.now() - jobs.STALE_AFTER - timedelta(minutes=1)
    )
    job = Job.objects.get(pk=claimed.pk)
    recovered = jobs.claim("other-host:2", now=job.heartbeat_at + jobs.STALE_AFTER * 2)
    assert recovered is None  # taken back, queued again after the retry delay
    job.refresh_from_db()
    assert job.status == "queued" and job.error == jobs.WORKER_STOPPED and job.attempts == 1
    _ready_now()
    [job] = jobs.run_pending("other-host:2")
    assert job.status == "done" and job.attempts == 2 and job.worker == "other-host:2"
    assert Document.objects.get(pk=queued.pk).status == "done"


def test_a_dead_workers_job_with_no_attempts_left_fails(queued):
    Job.objects.filter(pk=queued.job_id).update(
        status="running",
        attempts=jobs.Job._meta.get_field("max_attempts").default,
        heartbeat_at=timezone.now() - jobs.STALE_AFTER - timedelta(minutes=1),
    )
    assert jobs.run_pending() == []
    job = Job.objects.get(pk=queued.job_id)
    assert job.status == "failed" and job.error == jobs.WORKER_STOPPED
    assert Document.objects.get(pk=queued.pk).status == "failed"


def test_a_file_that_can_no_longer_be_read_fails_with_its_reason_at_once(editor, vejle, terms_only):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = services.document_create(
        actor=editor,
        organisation=vejle,
        upload=SimpleUploadedFile("plan.pdf", make_pdf(PDF_PAGES)),
    )
    # Read at upload, a file is not read again; one whose passages are gone is, and may fail.
    Document.objects.filter(pk=document.pk).update(passages=None)
    with open(document.file.path, "wb") as stored:
        stored.write(b"%PDF-1.4 nothing")
    [job] = jobs.run_pending()
    assert job.status == "done" and job.attempts == 1  # a broken file is not tried again
    document.refresh_from_db()
    assert document.status == "failed" and document.error_code in {"corrupt", "image_only_pdf"}


def test_an_uploaded_pdf_is_read_once_and_screened_page_by_page(
    editor, vejle, terms_only, monkeypatch
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = services.document_create(
        actor=editor, organisation=vejle, upload=SimpleUploadedFile("plan.pdf", make_pdf(PDF_PAGES))
    )
    assert [p["page"] for p in document.passages] == [1, 3]

    def read_again(*args, **kwargs):
        raise AssertionError("the file is read again")

    monkeypatch.setattr(services, "extract", read_again)
    jobs.run_pending()
    document.refresh_from_db()
    assert document.status == "done" and document.passages is None
    assert [(p["page"], p["goals"]) for p in document.result["passages"]] == [(1, [7]), (3, [12])]


def test_a_removed_document_is_not_screened(queued, editor):
    services.document_delete(actor=editor, document=queued)
    assert jobs.run_pending() == []
    assert Job.objects.get().status == "done"


def test_a_job_of_an_unknown_kind_fails_at_once(db):
    job = Job.objects.create(kind="nobody.knows")
    [job] = jobs.run_pending()
    assert job.status == "failed" and "nobody.knows" in job.error and job.attempts == 1


def test_the_worker_loop_runs_jobs_until_told_to_stop(queued, capsys):
    call_command("worker", "--max-jobs", "1", "--no-preload", "--sleep", "0")
    out = capsys.readouterr().out
    assert "waiting for jobs" in out and "stopped after 1 job(s)" in out
    assert Document.objects.get(pk=queued.pk).status == "done"


def test_an_empty_queue_is_said_so(db, capsys):
    call_command("worker", "--once")
    assert "No job was waiting." in capsys.readouterr().out


def test_the_worker_screens_with_the_embedding_model_where_the_words_leave_doubt(
    editor, vejle, no_network
):
    """The one test that loads the model (about 3 s): a passage without any goal word is
    compared in meaning with the goals' texts."""
    text = "\n\n".join(
        [
            "Vi vil sikre, at ældre borgere kan blive boende i eget hjem længst muligt, med "
            "hjælp til personlig pleje, genoptræning efter sygdom og besøg af en sygeplejerske.",
            CLIMATE_PLAN,
        ]
        * 3
    )
    document = services.document_create(actor=editor, organisation=vejle, text=text)
    jobs.run_pending()
    document.refresh_from_db()
    assert document.status == "done" and document.method == "auto"
    embedded = [p for p in document.result["passages"] if p["embedded"]]
    assert embedded and all(p["nearest"] or not p["goals"] for p in embedded)


@pytest.fixture
def no_network(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError(f"network use: {args!r}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def _claim_together(names: list[str]) -> list:
    """Each name claims in its own thread and connection, all released at once by a barrier;
    returns the claimed jobs' keys (None for a worker that got none)."""
    barrier = threading.Barrier(len(names))
    claimed, errors = [], []

    def worker(name):
        try:
            barrier.wait()
            job = jobs.claim(name)
            claimed.append(job.pk if job else None)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return claimed


@pytest.mark.postgres
def test_two_workers_claiming_at_once_never_take_the_same_job(transactional_db):
    """PostgreSQL: FOR UPDATE SKIP LOCKED, one thread and connection per worker, released
    together by a barrier. (SQLite serialises whole write transactions: nothing to race.)"""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks (SELECT ... FOR UPDATE SKIP LOCKED) are tested")
    jobs.register("tests.nothing", lambda job, progress: None)
    for _round in range(5):
        Job.objects.all().delete()
        created = [Job.objects.create(kind="tests.nothing") for _ in range(3)]
        claimed = _claim_together([f"w{i}" for i in range(4)])
        taken = [pk for pk in claimed if pk is not None]
        assert sorted(taken) == sorted(job.pk for job in created)  # each job once, one left over
        assert claimed.count(None) == 1
