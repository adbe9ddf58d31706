"""What this app adds to the pages of the apps below it, through their places
(core.extensions): a meeting's observations and cases, and an action's case. Registered in
``LearningConfig.ready()``; the meeting's and the action's apps do not know this one.

The selectors are imported when a part is shown, not when it is registered: registering runs
before every command, and most commands show no page."""

from verdensmaal.core.permissions import can_edit_organisation, is_secretariat


def meeting_learning(request, *, meeting) -> dict:
    """A field visit's observations and the cases linked to the meeting (for a field visit, the
    host's cases too), as the visitor may read them; the button to record an observation."""
    from . import selectors

    user = request.user
    is_visit = meeting.is_field_visit
    return {
        "meeting": meeting,
        "is_visit": is_visit,
        "observations": list(selectors.readable_observations(user, meeting)) if is_visit else [],
        "cases": selectors.cases_for_meeting(user, meeting),
        "can_observe": is_visit and selectors.can_observe(user, meeting),
        "may_observe_now": is_visit and selectors.may_observe_now(user, meeting),
        "user": user,
        "is_secretariat": is_secretariat(user),
    }


def action_case(request, *, action) -> dict:
    """On an action's page: its case, or for its editors the way to tell it as one."""
    from . import selectors

    user = request.user
    cases = selectors.cases_of_action(user, action)
    return {
        "action": action,
        "case": cases[0] if cases else None,
        "can_edit": can_edit_organisation(user, action.framework.organisation),
    }
