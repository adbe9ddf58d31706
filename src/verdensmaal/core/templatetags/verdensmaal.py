from decimal import Decimal

from django import template
from django.template.loader import get_template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from verdensmaal.core.extensions import page_parts as registered_parts
from verdensmaal.core.numbers import format_number

register = template.Library()


@register.simple_tag(takes_context=True)
def localised(context, obj, field):
    """The object's text in the active language, marked when it falls back to the other one."""
    text = obj.localised(field, context.get("LANGUAGE_CODE"))
    if not text.is_fallback or not text.text:
        return text.text
    label = (
        _("English text: no Danish translation yet") if text.language == "en" else _("Danish text")
    )
    return format_html(
        '<span lang="{}">{}</span> <span class="fallback" title="{}">{}</span>',
        text.language,
        text.text,
        label,
        text.language.upper(),
    )


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def money(amount) -> str:
    """An amount of kroner as the reader writes it: 10.000,00 kr. in Danish, DKK 10,000.00 in
    English (øre always shown; Decimal amounts are never rounded through floats)."""
    if amount is None or amount == "":
        return ""
    language = (translation.get_language() or "da").split("-")[0]
    text = format_number(Decimal(amount), 2, language)
    return f"DKK {text}" if language == "en" else f"{text} kr."


@register.simple_tag(takes_context=True)
def page_parts(context, place, **values):
    """What the apps above this page's app put in ``place`` (core.extensions), in order."""
    request = context.get("request")
    return mark_safe(  # the parts are rendered by the template engine, which escapes
        "".join(
            get_template(part.template_name).render(part.context(request, **values), request)
            for part in registered_parts(place)
        )
    )
