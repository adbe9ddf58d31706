"""Screened documents, and the database-backed queue of background jobs that screens them.

A :class:`Document` is a strategy, policy or other text an organisation screens for the SDGs:
pasted text or an uploaded file (kept under MEDIA_ROOT), its status and progress while the worker
screens it, and the screener's result as JSON. A :class:`Job` is one piece of background work of
any kind, run by ``verdensmaal worker`` (see ``jobs.py``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verdensmaal.core.models import BaseModel, Shared

# A job that raises is tried again this many times in all before it fails for good.
MAX_ATTEMPTS = 3


class Job(BaseModel):
    """Background work: claimed by one worker at a time, retried a bounded number of times."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=100)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("of"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("attempts at most"), default=MAX_ATTEMPTS)
    run_after = models.DateTimeField(_("not before"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "run_after"], name="job_ready")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total"))
                | models.Q(progress_total=0),
                name="job_progress_within_total",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


def _document_path(document, filename: str) -> str:
    # A folder of its own per upload: two files of the same name never meet.
    return f"documents/{document.organisation_id}/{uuid.uuid4().hex}/{filename}"


class Document(Shared, BaseModel):
    """A text screened for the SDGs: pasted, or an uploaded PDF, Word, HTML or text file."""

    class Source(models.TextChoices):
        TEXT = "text", _("Pasted text")
        FILE = "file", _("Uploaded file")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be screened")
        SCREENING = "screening", _("Being screened")
        DONE = "done", _("Screened")
        FAILED = "failed", _("Could not be screened")

    class Language(models.TextChoices):
        DETECT = "", _("Detect it")
        DANISH = "da", _("Danish")
        ENGLISH = "en", _("English")

    class Method(models.TextChoices):
        TERMS = "terms", _("Words only")
        FULL = "auto", _("Words, and meaning where the words leave doubt")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="screened_documents",
    )
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), null=True, blank=True)
    file_type = models.CharField(_("file type"), max_length=10, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, blank=True, default=""
    )
    strategy = models.ForeignKey(
        "frameworks.Strategy",
        verbose_name=_("strategy of the framework"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("passages screened"), default=0)
    progress_total = models.PositiveIntegerField(_("passages"), default=0)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, blank=True)
    # The passages read at upload, kept until the worker has screened them (so that a file is
    # read once); after that the result holds them.
    passages = models.JSONField(_("passages read"), null=True, blank=True, editable=False)
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)
    goals = models.JSONField(_("goals found"), default=list, blank=True, editable=False)
    targets = models.JSONField(_("targets addressed"), default=list, blank=True, editable=False)
    error_code = models.CharField(_("error"), max_length=40, blank=True)
    job = models.ForeignKey(
        Job,
        verbose_name=_("background job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    screened_at = models.DateTimeField(_("screened"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("screened document")
        verbose_name_plural = _("screened documents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total"))
                | models.Q(progress_total=0),
                name="document_progress_within_total",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.SCREENING)

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return round(100 * self.progress_done / self.progress_total)
