"""Places on a page that apps above the page's own app fill, so that imports keep flowing one way.

A lower app's template names a place (``{% page_parts "frameworks.action" action=action %}``);
an app above it registers, in its ``AppConfig.ready()``, a template and a function that gives the
template its context. The page's app never imports the app that fills the place.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PagePart:
    template_name: str
    context: Callable[..., dict]  # (request, **the place's values) -> the template's context


_parts: dict[str, dict[str, PagePart]] = {}


def page_part_register(
    place: str, key: str, *, template_name: str, context: Callable[..., dict]
) -> None:
    """Fill ``place`` with ``template_name`` rendered with ``context(request, **values)``;
    registering the same ``key`` again replaces the part (``ready()`` may run twice)."""
    _parts.setdefault(place, {})[key] = PagePart(template_name, context)


def page_parts(place: str) -> list[PagePart]:
    """The parts registered for ``place``, in the order they were first registered."""
    return list(_parts.get(place, {}).values())
