"""Writes of the screened documents: one function per use case, permission-checked and
audit-logged. An editor screens for their own organisation, the secretariat for all.

A document is read (and every broken file refused, with nothing saved) in the request that adds
it. A short pasted text (``SCREEN_IN_REQUEST_MAX_WORDS``) is then screened in the same request on
its words alone, which takes a few hundredths of a second; everything else is queued for the
background worker (``jobs.py``), which screens with the embedding model where the words leave doubt
and records its progress passage by passage (docs/benchmarks.md, "Strategy screening in the
product").
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from verdensmaal.audit.services import audited_update, diff, locked, log_action
from verdensmaal.core.models import Sharing
from verdensmaal.core.permissions import ensure_can_edit_organisation
from verdensmaal.frameworks import services as framework_services
from verdensmaal.screening import (
    DocumentError,
    EmptyDocument,
    Passage,
    TooLarge,
    extract,
    passages,
    screen,
    split_text,
)
from verdensmaal.screening.documents import MAX_UPLOAD_BYTES, kind_of

from . import audit_actions, jobs, results
from .errors import SCREENING_FAILED, document_error_message
from .models import Document, Job
from .tasks import SCREEN_JOB

# Pasted text up to this many words is screened in the request, on its words (about 0.03 s for
# 200 words); longer text and every file go to the worker, which also uses the embedding model.
SCREEN_IN_REQUEST_MAX_WORDS = 300
# Pasted text longer than this is refused (about 80,000 words, a long report); a longer document
# is uploaded as a file.
MAX_TEXT_CHARACTERS = 500_000
# The worker's screening: the embedding model where the words leave doubt.
WORKER_EMBED = "auto"
IN_REQUEST_EMBED = "never"

DOCUMENT_FIELDS = ("title", "sharing", "language")


def _refused(field: str, error: DocumentError) -> ValidationError:
    message = document_error_message(error.code)
    return ValidationError({field: ValidationError(message, code=error.code)})


def _read_upload(upload) -> tuple[bytes, str, list]:
    """The file's bytes, kind and passages; a broken file is refused with the screener's reason."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise _refused("file", TooLarge())
    data = upload.read()
    try:
        found = passages(extract(data, upload.name))
        kind = kind_of(data, upload.name)
    except DocumentError as error:
        raise _refused("file", error) from None
    if not found:
        raise _refused("file", EmptyDocument())
    return data, kind, found


def _default_title(found, filename: str) -> str:
    """The file's name, else the text's first heading, else its first words."""
    if filename:
        return filename.rsplit(".", 1)[0][:200]
    if found[0].headings:
        return found[0].headings[0][:200]
    words = found[0].text.split()
    return " ".join(words[:10])[:200] + (" …" if len(words) > 10 else "")


def _check_strategy(strategy, organisation) -> None:
    if strategy is not None and strategy.framework.organisation_id != organisation.pk:
        raise ValidationError(
            {"strategy": _("Choose a strategy of the organisation's own framework.")}
        )


def document_create(
    *,
    actor,
    organisation,
    title: str = "",
    text: str = "",
    upload=None,
    language: str = "",
    strategy=None,
    sharing: str = Sharing.NETWORK,
) -> Document:
    """Add a document and screen it (a short text at once, the rest in the background).
    A file that cannot be read is refused with its reason and nothing is saved."""
    ensure_can_edit_organisation(actor, organisation)
    text = text.strip()
    if text and upload:
        raise ValidationError(_("Paste a text or choose a file, not both."))
    if not text and not upload:
        raise ValidationError(_("Choose a file or paste a text to screen."))
    if len(text) > MAX_TEXT_CHARACTERS:
        raise ValidationError(
            {
                "text": _(
                    "The text is longer than %(count)s characters: upload it as a file instead."
                )
                % {"count": f"{MAX_TEXT_CHARACTERS:,}".replace(",", ".")}
            }
        )
    _check_strategy(strategy, organisation)
    if upload is not None:
        data, kind, found = _read_upload(upload)
    else:
        data, kind, found = b"", "", split_text(text)
        if not found:
            raise _refused("text", EmptyDocument())
    words = sum(len(passage.text.split()) for passage in found)
    in_request = upload is None and words <= SCREEN_IN_REQUEST_MAX_WORDS
    document = Document(
        organisation=organisation,
        title=title.strip() or _default_title(found, upload.name if upload else ""),
        source=Document.Source.FILE if upload else Document.Source.TEXT,
        text=text,
        filename=upload.name[:255] if upload else "",
        file_size=len(data) if upload else None,
        file_type=kind,
        language=language,
        strategy=strategy,
        sharing=sharing,
        progress_total=len(found),
        passages=None if in_request else _stored_passages(found),
        method=Document.Method.TERMS if in_request else Document.Method.FULL,
        created_by=actor if actor.is_authenticated else None,
    )
    if upload is not None:
        document.file.save(upload.name, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.full_clean()
            document.save()
            log_action(
                actor=actor,
                action=audit_actions.DOCUMENT_CREATED,
                obj=document,
                organisation=organisation,
                changes=diff(
                    {},
                    {
                        "title": document.title,
                        "source": document.source,
                        "filename": document.filename,
                        "organisation": organisation,
                        "strategy": strategy,
                        "sharing": document.sharing,
                        "progress_total": len(found),
                    },
                ),
            )
            if in_request:
                result = screen(found, lang=language or None, embed=IN_REQUEST_EMBED)
                _store_result(document, result.to_dict(), Document.Method.TERMS)
            else:
                _queue(document)
    except BaseException:
        if document.file:
            document.file.delete(save=False)
        raise
    return document


def _queue(document: Document) -> None:
    document.job = jobs.enqueue(
        SCREEN_JOB, {"document": document.pk}, total=document.progress_total
    )
    document.status = Document.Status.QUEUED
    Document.objects.filter(pk=document.pk).update(
        job=document.job, status=document.status, updated_at=timezone.now()
    )


def _store_result(document: Document, result: dict, method: str) -> None:
    """Save a finished screening on the document and log it (inside a transaction)."""
    now = timezone.now()
    document.result = result
    document.passages = None
    document.goals = results.document_goals(result)
    document.targets = sorted(results.document_targets(result))
    document.status = Document.Status.DONE
    document.method = method
    document.progress_done = document.progress_total = len(result["passages"])
    document.error_code = ""
    document.screened_at = now
    Document.objects.filter(pk=document.pk).update(
        result=document.result,
        passages=None,
        goals=document.goals,
        targets=document.targets,
        status=document.status,
        method=method,
        progress_done=document.progress_done,
        progress_total=document.progress_total,
        error_code="",
        screened_at=now,
        updated_at=now,
    )
    log_action(
        actor=None,
        action=audit_actions.DOCUMENT_SCREENED,
        obj=document,
        organisation=document.organisation,
        changes={"goals": [None, ", ".join(map(str, document.goals))]},
    )


def _stored_passages(found) -> list[dict]:
    return [{"text": p.text, "headings": list(p.headings), "page": p.page} for p in found]


def _document_passages(document: Document) -> list[Passage]:
    """The passages to screen: those read at upload, else those of the last result, else the
    file or text read again."""
    stored = document.passages or (document.result or {}).get("passages")
    if stored:
        return [Passage(p["text"], tuple(p["headings"]), p["page"]) for p in stored]
    if document.source == Document.Source.FILE:
        with document.file.open("rb") as upload:
            data = upload.read()
        return passages(extract(data, document.filename or document.file.name))
    return split_text(document.text)


def document_screen(*, document_id: int, progress=None) -> Document | None:
    """Screen a queued document (the worker's job): extract, screen with the embedding model where
    the words leave doubt, record the progress as it goes, store the result. A document removed
    in the meantime is skipped; one that can no longer be read fails with the screener's reason."""
    document = Document.objects.select_related("organisation").filter(pk=document_id).first()
    if document is None:
        return None
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.SCREENING, progress_done=0, updated_at=timezone.now()
    )
    try:
        found = _document_passages(document)
    except DocumentError as error:
        with transaction.atomic():
            _record_failure(document, error.code)
        return document

    def report(done: int, total: int) -> None:
        if progress is None or progress(done, total):
            Document.objects.filter(pk=document.pk).update(
                progress_done=min(done, total), progress_total=total
            )

    try:
        result = screen(found, lang=document.language or None, embed=WORKER_EMBED, progress=report)
    except Exception:
        # The job is tried again (or fails for good, see ``document_screening_failed``): until
        # then the document waits.
        Document.objects.filter(pk=document.pk, status=Document.Status.SCREENING).update(
            status=Document.Status.QUEUED, progress_done=0
        )
        raise
    with transaction.atomic():
        if locked(Document, document.pk) is not None:
            _store_result(document, result.to_dict(), Document.Method.FULL)
    return document


def _record_failure(document: Document, code: str) -> None:
    """Mark the document as not screened, with the reason (inside a transaction)."""
    if locked(Document, document.pk) is None:
        return
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.FAILED, error_code=code, updated_at=timezone.now()
    )
    document.status, document.error_code = Document.Status.FAILED, code
    log_action(
        actor=None,
        action=audit_actions.DOCUMENT_FAILED,
        obj=document,
        organisation=document.organisation,
        changes={"error_code": [None, code]},
    )


def document_screening_failed(*, document_id: int) -> None:
    """The worker gave up on the document's job: tell its readers (inside the job's transaction)."""
    document = Document.objects.select_related("organisation").filter(pk=document_id).first()
    if document is not None:
        _record_failure(document, SCREENING_FAILED)


def document_rescreen(*, actor, document: Document) -> Document:
    """Screen the document again in the background, with the embedding model where the words
    leave doubt (a short text was first screened on its words alone)."""
    with transaction.atomic():
        current = locked(Document, document.pk)
        if current is None:
            raise ValidationError(_("The document has been removed."))
        ensure_can_edit_organisation(actor, current.organisation)
        if current.in_progress:
            raise ValidationError(_("The document is being screened already."))
        current.method = Document.Method.FULL
        current.error_code = ""
        current.progress_done = 0
        Document.objects.filter(pk=current.pk).update(
            method=current.method, error_code="", progress_done=0
        )
        _queue(current)
        log_action(
            actor=actor,
            action=audit_actions.DOCUMENT_QUEUED,
            obj=current,
            organisation=current.organisation,
        )
    return current


def document_update(*, actor, document: Document, **values) -> Document:
    """Change a document's title, sharing level or language."""
    unknown = set(values) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)}")
    return audited_update(
        actor=actor,
        obj=document,
        values=values,
        action=audit_actions.DOCUMENT_UPDATED,
        check=lambda current: ensure_can_edit_organisation(actor, current.organisation),
        organisation=lambda current: current.organisation,
    )


def document_delete(*, actor, document: Document) -> None:
    """Remove a document and its file (the file once the removal is committed)."""
    with transaction.atomic():
        current = locked(Document, document.pk)
        if current is None:
            return
        ensure_can_edit_organisation(actor, current.organisation)
        log_action(
            actor=actor,
            action=audit_actions.DOCUMENT_DELETED,
            obj=current,
            organisation=current.organisation,
            changes={"deleted": [str(current), None]},
        )
        if current.job_id:
            Job.objects.filter(pk=current.job_id, status=Job.Status.QUEUED).update(
                status=Job.Status.DONE, finished_at=timezone.now()
            )
        stored = current.file
        current.delete()
        if stored:
            transaction.on_commit(lambda: stored.delete(save=False))


def document_link_strategy(
    *,
    actor,
    document: Document,
    strategy=None,
    framework=None,
    title_da: str = "",
    adopted_on=None,
) -> Document:
    """Link the document to a strategy of its organisation's framework: one that exists, or a new
    one in ``framework`` titled ``title_da``, which gets the document's file (or its pasted text as
    a text file) as its own."""
    if (strategy is None) == (framework is None):
        raise ValidationError(_("Choose a strategy, or a framework to add a new one to."))
    with transaction.atomic():
        current = locked(Document, document.pk)
        if current is None:
            raise ValidationError(_("The document has been removed."))
        ensure_can_edit_organisation(actor, current.organisation)
        if framework is not None:
            if framework.organisation_id != current.organisation_id:
                raise ValidationError(
                    {"framework": _("Choose a framework of the document's own organisation.")}
                )
            strategy = framework_services.strategy_create(
                actor=actor,
                framework=framework,
                title_da=title_da.strip() or current.title,
                document=_strategy_file(current),
                adopted_on=adopted_on,
                sharing=current.sharing,
            )
        _check_strategy(strategy, current.organisation)
        before = current.strategy
        current.strategy = strategy
        Document.objects.filter(pk=current.pk).update(strategy=strategy, updated_at=timezone.now())
        log_action(
            actor=actor,
            action=audit_actions.DOCUMENT_STRATEGY_LINKED,
            obj=current,
            organisation=current.organisation,
            changes=diff({"strategy": before}, {"strategy": strategy}),
        )
    return current


def _strategy_file(document: Document) -> File:
    if document.source == Document.Source.FILE and document.file:
        with document.file.open("rb") as stored:
            return ContentFile(stored.read(), name=document.filename or "strategy")
    name = slugify(document.title)[:80] or "strategy"
    return ContentFile(document.text.encode("utf-8"), name=f"{name}.txt")
