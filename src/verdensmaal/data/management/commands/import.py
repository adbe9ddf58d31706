import contextlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from verdensmaal.data.cli import report_errors
from verdensmaal.data.parsers import ImportValidationError
from verdensmaal.data.services import (
    FORMATS,
    ImportConflictError,
    detect_format,
    import_apply,
    import_plan,
    import_refused_log,
    parse_file,
)
from verdensmaal.data.uploads import content_hash


class Command(BaseCommand):
    help = "Import observations from a file (CSV, Excel .xlsx, JSON-stat or Open SDG CSV)."
    # The system checks load every template tag library and URL pattern (a second on a small
    # machine) and check nothing an import uses; `verdensmaal check` runs them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, help="default: from the file name")
        parser.add_argument(
            "--indicator",
            help="indicator code: for files without that column, JSON-stat and Open SDG files",
        )
        parser.add_argument("--area", help="area code for Open SDG files (default 000, Denmark)")
        parser.add_argument("--dry-run", action="store_true", help="check and show, save nothing")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help=f"language of the messages (default {settings.LANGUAGE_CODE})",
        )

    def handle(self, *args, language, **options):
        with translation.override(language):
            self._import(**options)

    def _import(self, *, file, format, indicator, area, dry_run, **options):
        if not file.is_file():
            raise CommandError(_("%(file)s is not a file.") % {"file": file})
        format = format or detect_format(file.name)
        if format is None:
            raise CommandError(_("Give the format with --format."))
        with _progress_bar(options["verbosity"]) as bar:
            content = file.read_bytes()
            bar.set_postfix_str("parsing")
            try:
                rows = parse_file(content, format=format, indicator=indicator, area=area)
            except ImportValidationError as error:
                bar.close()
                self._refuse(error.errors, file=file, format=format)
            bar.update()
            bar.set_postfix_str("comparing")
            plan = import_plan(actor=None, rows=rows)
            rows_total = len(rows)
            del rows  # the plan has what is saved: a million parsed rows need not wait for it
            bar.update()
            if not plan.ok:
                bar.close()
                self._refuse(plan.errors, file=file, format=format, rows_total=rows_total)
            if not dry_run:
                bar.set_postfix_str("saving")
                try:
                    import_apply(
                        actor=None, plan=plan, source_name=file.name, format=format,
                        content_hash=content_hash(content),
                    )  # fmt: skip
                except ImportConflictError:
                    bar.close()
                    raise CommandError(
                        _("The stored data changed while the file was checked. Nothing was "
                          "saved: run the import again.")
                    ) from None  # fmt: skip
            bar.update()
        counts = {"rows": plan.rows_total, "new": len(plan.new), "changed": len(plan.changed),
                  "unchanged": plan.unchanged}  # fmt: skip
        if dry_run:
            summary = _(
                "Checked, nothing saved (--dry-run). Rows: %(rows)s; new: %(new)s, changed: "
                "%(changed)s, unchanged: %(unchanged)s."
            )
        else:
            summary = _(
                "Imported. Rows: %(rows)s; new: %(new)s, changed: %(changed)s, unchanged: "
                "%(unchanged)s."
            )
        self.stdout.write(self.style.SUCCESS(summary % counts))

    def _refuse(self, errors, *, file, format, rows_total=0):
        self.stderr.write(
            _("Refused: %(count)s error(s); nothing was saved.") % {"count": len(errors)}
        )
        report_errors(self, errors)
        import_refused_log(
            actor=None, errors=errors, source_name=file.name, format=format, rows_total=rows_total
        )
        raise CommandError(_("The file has errors."))


class _NoBar(contextlib.nullcontext):
    """What the progress bar is told when none is shown."""

    def __enter__(self):
        return self

    def set_postfix_str(self, text):
        pass

    def update(self):
        pass

    def close(self):
        pass


def _progress_bar(verbosity: int):
    """A bar of the three steps; tqdm (0.05 s to import) only when the bar is shown."""
    if verbosity < 1:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=3, desc="import", unit="step")
