from functools import cache
from pathlib import Path

import markdown
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from verdensmaal.areas.selectors import municipality_count
from verdensmaal.catalogue.selectors import goals


@require_safe
def home(request):
    return render(
        request,
        "portal/home.html",
        {"goals": goals(), "municipality_count": municipality_count()},
    )


@cache
def _methods_html() -> str:
    text = (Path(__file__).parent / "docs" / "methods.md").read_text(encoding="utf-8")
    return markdown.markdown(text, extensions=["tables", "toc", "sane_lists"])


@require_safe
def methods(request):
    """How progress is measured: docs/methods.md, the same text as in the repository."""
    return render(request, "portal/methods.html", {"body": mark_safe(_methods_html())})
