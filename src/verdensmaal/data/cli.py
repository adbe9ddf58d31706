"""Helpers shared by the data commands."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


def error_text(error) -> str:
    """A parser's or the planner's error in the active language."""
    return _(error.message) % error.params if error.params else _(error.message)


def report_errors(command: BaseCommand, errors, limit: int = 50) -> None:
    for error in errors[:limit]:
        row = _("row %(row)s") % {"row": error.row} if error.row else ""
        where = ", ".join(part for part in (row, error.column or "") if part)
        command.stderr.write(f"  {where or _('the file')}: {error_text(error)}")
    if len(errors) > limit:
        command.stderr.write(_("  ... and %(count)s more") % {"count": len(errors) - limit})
