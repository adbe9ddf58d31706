"""Uploaded import files, kept by the SHA-256 of their content: where they are, and pruning
the ones no applied import came from."""

import hashlib
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction

from verdensmaal.audit.services import log_action

from . import audit_actions
from .models import DataImport


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _uploads() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_path(digest: str) -> Path:
    """Where an uploaded file is kept, by the SHA-256 of its content."""
    return _uploads() / digest


def uploads_prune(*, older_than: timedelta) -> int:
    """Delete the uploaded files no applied import came from, once older than ``older_than``
    (by then the session that previewed them has expired). The files of applied imports are
    kept: they are where the saved values came from."""
    kept = set(
        DataImport.objects.filter(status=DataImport.Status.APPLIED).values_list(
            "content_hash", flat=True
        )
    )
    cutoff = time.time() - older_than.total_seconds()
    unused = [
        path
        for path in _uploads().iterdir()
        if path.is_file() and path.name not in kept and path.stat().st_mtime < cutoff
    ]
    if unused:
        with transaction.atomic():
            log_action(
                actor=None,
                action=audit_actions.UPLOADS_PRUNED,
                changes={"removed": len(unused), "files": [path.name for path in unused][:100]},
            )
        for path in unused:
            path.unlink(missing_ok=True)
    return len(unused)
