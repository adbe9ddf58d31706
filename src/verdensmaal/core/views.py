from functools import cache
from pathlib import Path

import markdown
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Goal


@require_safe
def home(request):
    return render(
        request,
        "core/home.html",
        {
            "goals": Goal.objects.all(),
            "municipality_count": Area.objects.filter(kind=Area.Kind.MUNICIPALITY).count(),
        },
    )


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


@cache
def _methods_html() -> str:
    text = (Path(__file__).parent / "docs" / "methods.md").read_text(encoding="utf-8")
    return markdown.markdown(text, extensions=["tables", "toc", "sane_lists"])


@require_safe
def methods(request):
    """How progress is measured: docs/methods.md, the same text as in the repository."""
    return render(request, "core/methods.html", {"body": mark_safe(_methods_html())})
