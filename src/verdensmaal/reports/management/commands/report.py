"""verdensmaal report: the local review report of one municipality, or of every member."""

from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from tqdm import tqdm

from verdensmaal.reports.report import (
    FORMATS,
    LANGUAGES,
    ReportError,
    check_year,
    municipality_by_code,
    render_html,
    render_pdf,
    report_content,
    report_filename,
    secretariat_reader,
)
from verdensmaal.reports.selectors import member_municipalities


class Command(BaseCommand):
    help = (
        "Write the local review report of a municipality (PDF or HTML, Danish or English), or "
        "with --all one for every member municipality. The public version by default: only what "
        "the municipality has published."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--municipality", metavar="CODE", help="the municipality's code, e.g. 630"
        )
        which.add_argument(
            "--all", action="store_true", help="every member municipality of this season"
        )
        parser.add_argument("--year", type=int, help="the report's year (default: this year)")
        parser.add_argument("--lang", choices=LANGUAGES, default="da")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument(
            "--output",
            type=Path,
            help="a file, or a directory for files named by code, year and language "
            "(default: the current directory)",
        )
        parser.add_argument(
            "--drafts",
            action="store_true",
            help="the editors' version: drafts and unpublished parts too, marked as such",
        )

    def handle(self, *args, municipality, all, year, lang, format, output, drafts, **options):
        year = timezone.localdate().year if year is None else year
        try:
            with translation.override("en"):  # the command line speaks English
                check_year(year)
                municipalities = (
                    member_municipalities() if all else [municipality_by_code(municipality)]
                )
        except ReportError as error:
            raise CommandError(str(error)) from None
        if not municipalities:
            raise CommandError("No municipality is a member of the network this season.")
        if all and output is not None and output.exists() and not output.is_dir():
            raise CommandError(f"{output} is a file: with --all, give a directory")
        reader = secretariat_reader() if drafts else AnonymousUser()
        written, without_framework = [], []
        bar = tqdm(
            municipalities,
            desc="reports",
            unit="report",
            disable=options["verbosity"] < 1 or not all,
        )
        for area in bar:
            bar.set_postfix_str(str(area))
            path = self._path(output, area, year=year, language=lang, file_format=format, many=all)
            report = report_content(area, year=year, language=lang, reader=reader)
            if format == "pdf":
                path.write_bytes(render_pdf(report))
            else:
                path.write_text(render_html(report), encoding="utf-8")
            written.append(path)
            if report.framework is None:
                without_framework.append(str(area))
        bar.close()
        if without_framework:
            self.stderr.write(
                f"No framework for {year} to report on: {', '.join(without_framework)}. "
                "The report says there is none yet."
            )
        if options["verbosity"] >= 1:
            for path in written:
                self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))

    def _path(self, output, area, *, year, language, file_format, many) -> Path:
        """The file to write: ``output`` itself, or a file named by code, year and language in
        the directory ``output`` (made when missing for --all) or in the current directory."""
        name = report_filename(area, year=year, language=language, file_format=file_format)
        if output is None:
            return Path(name)
        if many or output.is_dir():
            output.mkdir(parents=True, exist_ok=True)
            return output / name
        if not output.parent.is_dir():
            raise CommandError(f"{output.parent} is not a directory")
        return output
