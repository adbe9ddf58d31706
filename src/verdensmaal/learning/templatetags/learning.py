"""Filters for the learning pages: changes with their sign and measured values, in the active
language's number format. (What this app adds to other apps' pages is in ``page_parts``.)"""

from django import template
from django.utils import translation

from verdensmaal.core.numbers import decimals_for, format_number

register = template.Library()


@register.filter
def signed(value) -> str:
    """A change with its sign (+ for better), three significant digits, in the active
    language's number format; – for none."""
    if value is None or value != value:
        return "–"
    text = format_number(value, decimals_for([abs(value)]), translation.get_language())
    return f"+{text}" if value > 0 else text


@register.filter
def number(value) -> str:
    """A measured value, three significant digits, in the active language's format."""
    if value is None or value != value:
        return "–"
    return format_number(value, decimals_for([abs(value)]), translation.get_language())
