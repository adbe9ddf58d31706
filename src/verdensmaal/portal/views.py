import re
from datetime import date
from functools import cache
from pathlib import Path

import markdown
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from markdown.extensions.toc import slugify_unicode

from verdensmaal.areas.selectors import municipality_count
from verdensmaal.audit.pages import shared_page
from verdensmaal.catalogue.selectors import goals
from verdensmaal.core.permissions import can_edit_organisation, is_secretariat
from verdensmaal.data import selectors as data_selectors
from verdensmaal.frameworks.selectors import frameworks_of_area
from verdensmaal.network import selectors as network_selectors

MAX_ROWS = 10  # of each list on the overview


@require_safe
@shared_page
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


# The accessibility statement: when it was prepared and last reviewed (review it at least once a
# year, and when the site changes in ways that matter; docs/accessibility.md says how).
ACCESSIBILITY_STATEMENT_PREPARED = date(2026, 11, 30)
ACCESSIBILITY_STATEMENT_REVIEWED = date(2026, 11, 30)
# Where Digitaliseringsstyrelsen tells the public how to complain about inaccessible content.
ACCESSIBILITY_COMPLAINTS_URL = (
    "https://digst.dk/digital-inklusion/webtilgaengelighed/oplever-du-ikke-tilgaengeligt-indhold/"
)
# The Danish bookkeeping act (bogføringsloven) keeps accounting records for five years.
BOOKKEEPING_YEARS = 5


@require_safe
def accessibility(request):
    """The accessibility statement, in the form of Digitaliseringsstyrelsen's statements under the
    web accessibility act (EU directive 2016/2102; EN 301 549, WCAG 2.1 AA)."""
    return render(
        request,
        "portal/accessibility.html",
        {
            "site": request.build_absolute_uri("/"),
            "email": settings.DEFAULT_FROM_EMAIL,
            "prepared": ACCESSIBILITY_STATEMENT_PREPARED,
            "reviewed": ACCESSIBILITY_STATEMENT_REVIEWED,
            "complaint_url": ACCESSIBILITY_COMPLAINTS_URL,
        },
    )


@require_safe
def privacy(request):
    """What personal data the network keeps, why, for how long, who sees it, and how to get it
    exported or erased (``network.services.personal_data``)."""
    return render(
        request,
        "portal/privacy.html",
        {
            "email": settings.DEFAULT_FROM_EMAIL,
            "session_days": settings.SESSION_COOKIE_AGE // 86400,
            "bookkeeping_years": BOOKKEEPING_YEARS,
        },
    )
