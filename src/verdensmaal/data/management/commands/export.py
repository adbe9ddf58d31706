import sys
from contextlib import nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Indicator
from verdensmaal.data.exports import MAX_ROWS, WRITERS
from verdensmaal.data.selectors import breakdowns, observations, selection


class Command(BaseCommand):
    help = "Export observations of indicators x areas x periods as CSV, Excel or JSON."

    def add_arguments(self, parser):
        parser.add_argument("--indicator", action="append", required=True, help="repeatable")
        parser.add_argument("--area", action="append", help="area codes (default: all)")
        parser.add_argument(
            "--from", dest="period_from", default="", help="first period, e.g. 2015"
        )
        parser.add_argument("--to", dest="period_to", default="", help="last period, e.g. 2024")
        parser.add_argument("--format", choices=sorted(WRITERS), default="csv")
        parser.add_argument("--output", type=Path, help="default: standard output")

    def handle(self, *args, indicator, area, period_from, period_to, format, output, **options):
        indicators = list(Indicator.objects.filter(code__in=indicator))
        if unknown := set(indicator) - {i.code for i in indicators}:
            raise CommandError(f"unknown indicator(s): {', '.join(sorted(unknown))}")
        areas = None
        if area:
            areas = list(Area.objects.filter(code__in=area))
            if unknown := set(area) - {a.code for a in areas}:
                raise CommandError(f"unknown area(s): {', '.join(sorted(unknown))}")
        if format == "opensdg" and len(indicators) != 1:
            raise CommandError("an Open SDG data file holds one indicator: give one --indicator")
        write, _content_type = WRITERS[format]
        chosen = selection(
            indicators=indicators, areas=areas, period_from=period_from, period_to=period_to
        )
        if format in MAX_ROWS and (count := chosen.count()) > MAX_ROWS[format]:
            raise CommandError(
                f"{count:,} values are more than a {format} file holds here ({MAX_ROWS[format]:,})"
                ": narrow the selection or export as CSV"
            )
        chunks = write(observations(chosen), breakdowns(chosen))
        with output.open("wb") if output else nullcontext(sys.stdout.buffer) as out:
            for chunk in chunks:
                out.write(chunk)
