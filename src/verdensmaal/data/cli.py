"""Helpers shared by the data commands."""

from django.core.management.base import BaseCommand


def report_errors(command: BaseCommand, errors, limit: int = 50) -> None:
    for error in errors[:limit]:
        where = ", ".join(
            part for part in (f"row {error.row}" if error.row else "", error.column or "") if part
        )
        command.stderr.write(f"  {where or 'file'}: {error.render()}")
    if len(errors) > limit:
        command.stderr.write(f"  ... and {len(errors) - limit} more")
