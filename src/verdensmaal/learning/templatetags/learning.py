"""Template tags the learning app lends other pages: its part of a meeting's page (observations
and cases), without the meeting's app knowing this one."""

from django import template
from django.utils import translation

from verdensmaal.core.numbers import decimals_for, format_number
from verdensmaal.core.permissions import can_edit_organisation

from .. import selectors

register = template.Library()


@register.inclusion_tag("learning/_meeting_learning.html", takes_context=True)
def meeting_learning(context, meeting):
    """A field visit's observations and the cases linked to the meeting (for a field visit, the
    host's cases too), as the visitor may read them; the button to record an observation."""
    user = context["request"].user
    is_visit = meeting.is_field_visit
    return {
        "meeting": meeting,
        "is_visit": is_visit,
        "observations": list(selectors.readable_observations(user, meeting)) if is_visit else [],
        "cases": selectors.cases_for_meeting(user, meeting),
        "can_observe": is_visit and selectors.can_observe(user, meeting),
        "may_observe_now": is_visit and selectors.may_observe_now(user, meeting),
        "user": user,
        "is_secretariat": getattr(user, "is_secretariat", False),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }


@register.inclusion_tag("learning/_action_case.html", takes_context=True)
def action_case(context, action):
    """On an action's page: its case, or for its editors the way to tell it as one."""
    user = context["request"].user
    cases = selectors.cases_of_action(user, action)
    return {
        "action": action,
        "case": cases[0] if cases else None,
        "can_edit": can_edit_organisation(user, action.framework.organisation),
    }


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
