"""An id of the product as deployed: its code, templates, translations and stylesheet.

A deploy that changes any of them retires every stored page (``ops.middleware``) and every
kept result (``audit.results``): both have the id in their keys.
"""

import hashlib
from functools import cache as once
from pathlib import Path

from django.conf import settings


@once
def build() -> tuple[str, float]:
    """An id of the code, templates, translations and stylesheet as deployed, and when they
    last changed: a deploy that changes any of them retires every stored page."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(repr(settings.VERDENSMAAL_DEMO).encode())
    newest = 0.0
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
        newest = max(newest, stat.st_mtime)
    return digest.hexdigest()[:16], newest
