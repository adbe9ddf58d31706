from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from verdensmaal.frameworks.evidence import segments
from verdensmaal.frameworks.selectors import frameworks_of_area

register = template.Library()


@register.filter
def plain(value) -> str:
    """A number as written by hand: no trailing zeros, the active language's separators."""
    if value is None or value == "":
        return ""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    number = number.normalize()
    if number.as_tuple().exponent > 0:
        number = number.quantize(Decimal(1))
    return formats.number_format(number, use_l10n=True, force_grouping=True)


@register.simple_tag(takes_context=True)
def newest_framework(context, area):
    """The newest framework of ``area`` that the visitor may see, or None."""
    return frameworks_of_area(context["request"].user, area).first()


@register.filter
def marked(text: str, evidence) -> str:
    """The text with the screener's evidence words in ``<mark>``: each names its goals (a class
    per goal for its colour, and a title with the goals and targets)."""
    parts = []
    for segment in segments(text or "", evidence or []):
        if not segment.marked:
            parts.append(conditional_escape(segment.text))
            continue
        title = ", ".join(
            [_("Goal %(number)s") % {"number": goal} for goal in segment.goals]
            + [_("target %(code)s") % {"code": code} for code in segment.targets]
        )
        parts.append(
            format_html(
                '<mark class="{}" title="{}">{}</mark>',
                " ".join(f"g{goal}" for goal in segment.goals),
                title,
                segment.text,
            )
        )
    # Every part is escaped above (format_html and conditional_escape).
    return mark_safe("".join(str(part) for part in parts))
