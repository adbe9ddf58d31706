from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from verdensmaal.data.cli import report_errors
from verdensmaal.data.parsers import ImportValidationError
from verdensmaal.data.services import (
    FORMATS,
    content_hash,
    detect_format,
    import_apply,
    import_plan,
    import_refused_log,
    parse_file,
)


class Command(BaseCommand):
    help = "Import observations from a file (CSV, Excel .xlsx, JSON-stat or Open SDG CSV)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, help="default: from the file name")
        parser.add_argument("--indicator", help="indicator code, for files without that column")
        parser.add_argument("--area", help="area code for Open SDG files (default 000, Denmark)")
        parser.add_argument("--dry-run", action="store_true", help="check and show, save nothing")

    def handle(self, *args, file, format, indicator, area, dry_run, **options):
        if not file.is_file():
            raise CommandError(f"{file} is not a file")
        format = format or detect_format(file.name)
        if format is None:
            raise CommandError("Give the format with --format")
        with tqdm(total=3, desc="import", unit="step", disable=options["verbosity"] < 1) as bar:
            content = file.read_bytes()
            bar.set_postfix_str("parsing")
            try:
                rows = parse_file(content, format=format, indicator=indicator, area=area)
            except ImportValidationError as error:
                bar.close()
                self.stderr.write(f"Refused: {len(error.errors)} error(s); nothing was saved.")
                report_errors(self, error.errors)
                import_refused_log(
                    actor=None, errors=error.errors, source_name=file.name, format=format
                )
                raise CommandError("the file has errors") from None
            bar.update()
            bar.set_postfix_str("comparing")
            plan = import_plan(actor=None, rows=rows)
            bar.update()
            if not plan.ok:
                bar.close()
                self.stderr.write(f"Refused: {len(plan.errors)} error(s); nothing was saved.")
                report_errors(self, plan.errors)
                import_refused_log(
                    actor=None, errors=plan.errors, source_name=file.name, format=format,
                    rows_total=len(rows),
                )  # fmt: skip
                raise CommandError("the file has errors")
            if not dry_run:
                bar.set_postfix_str("saving")
                import_apply(
                    actor=None, plan=plan, source_name=file.name, format=format,
                    content_hash=content_hash(content),
                )  # fmt: skip
            bar.update()
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {plan.rows_total} rows: {len(plan.new)} new, {len(plan.changed)} changed, "
                f"{plan.unchanged} unchanged."
            )
        )
