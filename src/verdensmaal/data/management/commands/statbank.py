from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Indicator
from verdensmaal.data.cli import report_errors
from verdensmaal.data.parsers import ImportValidationError
from verdensmaal.data.services import demo_observations_remove, import_apply, import_plan
from verdensmaal.data.statbank import StatBankClient, StatBankError


def _filters(pairs: list[str]) -> dict[str, list[str]]:
    filters = {}
    for pair in pairs:
        name, sep, values = pair.partition("=")
        if not sep or not name or not values:
            raise CommandError(f"--filter takes VARIABLE=value1,value2, not {pair!r}")
        filters[name] = values.split(",")
    return filters


class Command(BaseCommand):
    help = (
        "Fetch data from Statistics Denmark's StatBank (api.statbank.dk) into an indicator, "
        "replacing that indicator's demo data. Needs the network."
    )

    def add_arguments(self, parser):
        parser.add_argument("table", nargs="?", help="StatBank table, e.g. FOLK1A")
        parser.add_argument("--indicator", help="the catalogue indicator the values belong to")
        parser.add_argument("--filter", action="append", default=[], metavar="VAR=v1,v2")
        parser.add_argument(
            "--catalogue",
            action="store_true",
            help="fetch every verified StatBank indicator of the catalogue that is not derived",
        )

    def handle(self, *args, table, indicator, filter, catalogue, **options):
        if catalogue:
            jobs = [
                (i.source_table, i, i.source_filters, i.source_area_variable or "OMRÅDE")
                for i in Indicator.objects.filter(source_kind="statbank", verified=True)
                if not i.source_details.get("derived")
            ]
        else:
            if not (table and indicator):
                raise CommandError("Give a TABLE and --indicator, or --catalogue")
            found = Indicator.objects.filter(code=indicator).first()
            if found is None:
                raise CommandError(f"unknown indicator {indicator}")
            jobs = [(table, found, _filters(filter), found.source_area_variable or "OMRÅDE")]
        known_areas = set(Area.objects.values_list("code", flat=True))
        failures = 0
        with StatBankClient() as client:
            for table_id, target, filters, area_variable in tqdm(
                jobs, desc="StatBank", unit="table"
            ):
                try:
                    rows = client.fetch(
                        table_id,
                        {**filters, area_variable: ["*"]},
                        indicator=target.code,
                        area_variable=area_variable,
                        unit=target.unit_code,
                        known_areas=known_areas,
                    )
                except StatBankError as error:
                    failures += 1
                    self.stderr.write(f"{table_id} ({target.code}): {error}")
                    continue
                except ImportValidationError as error:
                    failures += 1
                    self.stderr.write(f"{table_id} ({target.code}): the response did not parse")
                    report_errors(self, error.errors)
                    continue
                with transaction.atomic():
                    removed = demo_observations_remove(indicators=[target])
                    plan = import_plan(actor=None, rows=rows)
                    if not plan.ok:
                        transaction.set_rollback(True)
                        failures += 1
                        self.stderr.write(f"{table_id} ({target.code}): refused")
                        report_errors(self, plan.errors)
                        continue
                    import_apply(
                        actor=None, plan=plan, source_name=f"StatBank {table_id}", format="statbank"
                    )
                self.stdout.write(
                    f"{target.code} from {table_id}: {len(plan.new)} new, {len(plan.changed)} "
                    f"changed, {plan.unchanged} unchanged; {removed} demo values removed."
                )
        if failures:
            raise CommandError(f"{failures} of {len(jobs)} table(s) failed; the others were saved")
