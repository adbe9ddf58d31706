from django import template

from verdensmaal.measurement.vocabulary import colour_label as _colour_label

register = template.Library()


@register.filter
def colour_label(colour: str) -> str:
    """An SDSN dashboard colour in words."""
    return _colour_label(colour)
