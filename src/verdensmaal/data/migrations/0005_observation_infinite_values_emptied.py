"""Values stored as infinity before imports refused numbers a stored value cannot hold.

Until then ``1e400`` in an imported file was saved as infinity, which no page, chart or export
can show (JSON has no infinity) and no statistic means. Each such value is kept as an earlier
value (an ObservationRevision, as when an import replaces a value) and the observation is left
without a value, by one entry in the import log that says why. Nothing is deleted; a database
without infinities is not changed.
"""

from django.db import migrations
from django.utils import timezone

INFINITIES = [float("inf"), float("-inf")]
SOURCE = "Values stored as infinity emptied (migration data 0005; the old values are kept)"


def empty_infinite_values(apps, schema_editor):
    Observation = apps.get_model("data", "Observation")
    ObservationRevision = apps.get_model("data", "ObservationRevision")
    DataImport = apps.get_model("data", "DataImport")
    infinite = list(Observation.objects.filter(value__in=INFINITIES))
    if not infinite:
        return
    now = timezone.now()
    entry = DataImport.objects.create(
        source_name=SOURCE,
        format="migration",
        status="applied",
        rows_total=len(infinite),
        rows_updated=len(infinite),
    )
    ObservationRevision.objects.bulk_create(
        ObservationRevision(
            observation=observation,
            value=observation.value,
            unit=observation.unit,
            flags=observation.flags,
            data_import_id=observation.data_import_id,
            valid_from=observation.updated_at,
            replaced_at=now,
            replaced_by=entry,
        )
        for observation in infinite
    )
    Observation.objects.filter(pk__in=[observation.pk for observation in infinite]).update(
        value=None, data_import=entry, updated_at=now
    )


class Migration(migrations.Migration):
    dependencies = [("data", "0004_observation_headline_index")]

    operations = [migrations.RunPython(empty_infinite_values, migrations.RunPython.noop)]
