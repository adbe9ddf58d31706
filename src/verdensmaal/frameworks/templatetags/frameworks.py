from decimal import Decimal

from django import template
from django.utils import formats

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
