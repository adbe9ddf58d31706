import re
from functools import cache
from pathlib import Path

import markdown
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from markdown.extensions.toc import slugify_unicode

from verdensmaal.areas.selectors import municipality_count
from verdensmaal.catalogue.selectors import goals
from verdensmaal.core.permissions import can_edit_organisation, is_secretariat
from verdensmaal.data import selectors as data_selectors
from verdensmaal.frameworks.selectors import frameworks_of_area
from verdensmaal.network import selectors as network_selectors

MAX_ROWS = 10  # of each list on the overview


@require_safe
def home(request):
    return render(
        request,
        "portal/home.html",
        {"goals": goals(), "municipality_count": municipality_count()},
    )


# docs/methods.md holds the Danish text, then this line, then the English text.
ENGLISH_MARKER = "<!-- english -->"
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@cache
def _methods_html(language: str) -> str:
    """The half of docs/methods.md in ``language`` ("da" or "en") as HTML, without the file's
    comments (notes for its editors)."""
    text = (Path(__file__).parent / "docs" / "methods.md").read_text(encoding="utf-8")
    danish, english = text.split(ENGLISH_MARKER)
    half = english if language == "en" else danish
    return markdown.markdown(
        _COMMENT.sub("", half),
        extensions=["tables", "toc", "sane_lists", "attr_list"],
        extension_configs={"toc": {"toc_depth": "2-2", "slugify": slugify_unicode}},
    )


@require_safe
def methods(request):
    """How progress is measured: docs/methods.md, the same text as in the repository, in the
    reader's language."""
    language = "en" if get_language() == "en" else "da"
    return render(request, "portal/methods.html", {"body": mark_safe(_methods_html(language))})


@require_safe
@login_required
def overview(request):
    """Where a user lands after logging in: what their role has to do and follow."""
    user = request.user
    context = {"is_secretariat": is_secretariat(user)}
    if is_secretariat(user):
        context.update(
            tasks=network_selectors.open_tasks()[:MAX_ROWS],
            enquiries=network_selectors.unhandled_enquiries(),
            unpaid=network_selectors.invoices("issued"),
        )
    organisation = getattr(user, "organisation", None)
    if organisation is not None and organisation.area_id:
        context.update(
            municipality=organisation.area,
            frameworks=frameworks_of_area(user, organisation.area),
            imports=data_selectors.visible_imports(user).order_by("-created_at")[:MAX_ROWS],
            can_edit=can_edit_organisation(user, organisation),
        )
    participant = network_selectors.participant_for(user)
    if participant is not None:
        context.update(
            participant=participant,
            meetings=network_selectors.upcoming_meeting_registrations(participant),
            seasons=participant.season_registrations.select_related("membership__season"),
        )
    return render(request, "portal/overview.html", context)
