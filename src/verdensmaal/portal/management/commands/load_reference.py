import yaml
from django.core.management.base import BaseCommand

from verdensmaal.areas.services import areas_load
from verdensmaal.audit.services import content_version_bump
from verdensmaal.catalogue.services import indicator_catalogue_load, sdg_framework_load
from verdensmaal.core import reference
from verdensmaal.dashboards.services import similarity_defaults_load


class Command(BaseCommand):
    help = "Load the SDG framework and Denmark's areas from the committed reference files."

    def handle(self, *args, **options):
        sdg = sdg_framework_load(reference.load("sdg"))
        areas = areas_load(reference.load("areas"))
        catalogue = (reference.REFERENCE_DIR / "indicators.yaml").read_text(encoding="utf-8")
        indicators = indicator_catalogue_load(yaml.safe_load(catalogue))
        similarity = similarity_defaults_load()
        # Some of these writes are not logged (they load files, not users' edits): a new
        # content version retires the stored pages and results all the same (audit.results).
        content_version_bump()
        self.stdout.write(
            self.style.SUCCESS(
                f"SDG framework: {sdg['goals']} goals, {sdg['targets']} targets, "
                f"{sdg['indicators']} global indicators. Areas: {areas['country']} country, "
                f"{areas['region']} regions, {areas['municipality']} municipalities. "
                f"Indicator catalogue: {indicators} indicators, {similarity} of them deciding "
                "which municipalities are similar."
            )
        )
