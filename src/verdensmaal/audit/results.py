"""Expensive reads kept in the shared cache under the content version, for logged-in pages.

The page cache (``ops.middleware``) serves visitors who are not logged in; a logged-in reader's
page is rendered for them every time (it has their name, their menu, a CSRF token in its forms).
Some of those pages cost more to compute than to render: the progress of a municipality's 17
goals (the engine over all its indicators' series, ``dashboards.selectors.goal_summary``), a
framework's overview (each local target's series assessed and drawn, and some thirty queries,
``frameworks.selectors.framework_overview``) and the similar municipalities on a profile (every
municipality's structural series, ``dashboards.selectors.similar_municipalities``). So the
*data* they show is kept here, never the rendered page, and each request renders it into its
own page (docs/benchmarks.md, "Capacity", has the measurements).

A result is kept under a key of:

* the build (``core.build``): a deploy that changes the code may change what the result
  is, or its shape;
* the content version (``audit.services.content_version``): every write in the product goes
  through ``audit.services.log_action``, which sets a new one, so a write that may change a
  result makes the next read compute it afresh, and nothing has to be deleted (the old entries
  expire after ``RESULT_TIMEOUT``). ``log_action`` sets it at the write and again at the commit,
  so a result computed from the old data in between is kept under a version that is already
  retired;
* the language (a result may hold translated words: status labels, a chart's legend) and the
  date (the progress methods and the charts count years up to today);
* everything else the caller names in ``parts``: the municipality, the method, the base year,
  and where the result depends on who reads it (the drafts and sharing levels of a framework),
  what of the reader it depends on, never less. The caller decides this; it is the one thing to
  get right when using :func:`kept`.

The cache is Django's "default" cache, which the worker processes share (files in the data
folder). A cache that fails never fails the page: the result is computed as without it.
"""

import hashlib
import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils import timezone, translation

from verdensmaal.core.build import build

from .services import content_version

logger = logging.getLogger(__name__)

RESULT_TIMEOUT = 24 * 3600  # seconds a result is kept (a new content version retires it sooner)

T = TypeVar("T")


def result_key(name: str, parts: tuple) -> str:
    """The cache key of the result ``name`` of ``parts`` under the current build, content
    version, language and date."""
    build_id, _built_at = build()
    token, _changed_at = content_version()
    described = repr((parts, translation.get_language(), timezone.localdate().isoformat()))
    return f"result:{name}:{build_id}:{token}:{hashlib.sha256(described.encode()).hexdigest()}"


def looked_up(name: str, parts: tuple) -> tuple[str | None, object]:
    """The key of ``parts`` and what the cache holds under it (None when nothing); a cache that
    fails gives (None, None), and the caller computes as without it."""
    try:
        key = result_key(name, parts)
        return key, cache.get(key)
    except Exception:
        logger.exception("the result cache could not be read: computing %s", name)
        return None, None


def store(key: str | None, value, name: str) -> None:
    """Keep ``value`` under ``key`` (from :func:`looked_up`); a cache that fails is logged."""
    if key is None:
        return
    try:
        cache.set(key, value, RESULT_TIMEOUT)
    except Exception:
        logger.exception("the result cache could not store %s", name)


def kept(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """The result of ``compute()``, from the cache when it is there for ``parts`` (plain values
    whose ``repr`` names them: ids, codes, strings, numbers, sorted tuples), else computed and
    stored. The result must pickle."""
    key, found = looked_up(name, parts)
    if found is not None:
        return found
    result = compute()
    store(key, result, name)
    return result
