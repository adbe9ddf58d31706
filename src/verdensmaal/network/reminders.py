"""The reminders of apps above this one (the revision digest of ``learning``), registered at
start-up by name and the dotted path of their sending function.

A path, not the function: registering then imports neither the sending app's services nor the
network's own (its e-mails, calendar files and selectors), which every command would otherwise
load before it starts; the functions are imported when the reminders run
(``services.followup.reminders_send``). ``send(now=..., remind=...)`` returns how many it sent,
each through ``remind(key, message)`` so that none is ever sent twice.
"""

from collections.abc import Callable

from django.utils.module_loading import import_string

_REMINDERS: dict[str, str] = {}


def reminders_register(name: str, send: str) -> None:
    """Send the reminders of ``name`` with the function at the dotted path ``send``; registering
    a name again replaces it (``ready()`` may run twice)."""
    _REMINDERS[name] = send


def registered_reminders() -> dict[str, Callable[..., int]]:
    """The registered sending functions by name, in the order they were first registered."""
    return {name: import_string(path) for name, path in _REMINDERS.items()}
