"""The export writers: pure functions over row dicts, giving the file in pieces."""

import csv
import io
import json

from verdensmaal.data.exports import breakdown_columns, to_csv


def rows(count: int):
    for number in range(count):
        yield {
            "indicator": "A",
            "area": "630",
            "period": str(2000 + number % 20),
            "breakdown": f"sex={'FM'[number % 2]}" if number % 3 else "",
            "value": number / 10 if number % 7 else None,
            "unit": "pct",
            "flags": "suppressed" if not number % 7 else "",
        }


def test_csv_comes_in_pieces_that_make_one_file():
    pieces = list(to_csv(rows(12_001), ["", "sex=F", "sex=M"]))
    assert len(pieces) == 3  # 5,000 rows a piece, then the rest
    table = list(csv.reader(io.StringIO(b"".join(pieces).decode())))
    assert table[0] == ["indicator", "area", "period", "sex", "value", "unit", "flags"]
    assert len(table) == 12_002
    assert table[2] == ["A", "630", "2001", "M", "0.1", "pct", ""]
    assert table[1] == ["A", "630", "2000", "", "", "pct", "suppressed"]  # missing is not zero


def test_breakdown_columns_come_from_the_keys():
    assert breakdown_columns(["", "sex=F", "age=15-24;sex=M"]) == ["age", "sex"]
    assert breakdown_columns([""]) == []


def refuse_constant(name):
    raise AssertionError(f"{name} is not JSON")


def test_stored_infinities_never_reach_an_export_as_non_json(reference, client, tmp_path):
    """A database from before imports refused 1e400 may hold infinities: the exports write no
    number for them (JSON null, an empty CSV cell), never ``Infinity``, which is not JSON."""
    from django.core.management import call_command
    from django.utils import timezone

    from verdensmaal.areas.models import Area
    from verdensmaal.catalogue.models import Indicator
    from verdensmaal.data.models import Observation

    indicator = Indicator.objects.get(code="DK-IFOR-LOWINC60")
    vejle = Area.objects.get(code="630")
    Observation.objects.bulk_create(
        Observation(indicator=indicator, area=vejle, period=period, value=value,
                    updated_at=timezone.now())
        for period, value in (("2022", float("inf")), ("2023", float("-inf")), ("2024", 1.5))
    )  # fmt: skip
    page = client.get("/data/export/", {"indicator": indicator.code, "format": "json"})
    values = [
        row["value"]
        for row in json.loads(page.content, parse_constant=refuse_constant)["observations"]
    ]
    assert values == [None, None, 1.5]
    out = tmp_path / "out.json"
    call_command("export", "--indicator", indicator.code, "--format", "json", "--output", str(out))
    assert json.loads(out.read_bytes(), parse_constant=refuse_constant) == json.loads(page.content)
    table = list(csv.reader(io.StringIO(b"".join(client.get(
        "/data/export/", {"indicator": indicator.code, "format": "csv"}
    ).streaming_content).decode())))  # fmt: skip
    assert [row[3] for row in table[1:]] == ["", "", "1.5"]


def test_the_migration_empties_stored_infinities_and_keeps_them_as_earlier_values(reference):
    import importlib

    from django.apps import apps
    from django.utils import timezone

    from verdensmaal.areas.models import Area
    from verdensmaal.catalogue.models import Indicator
    from verdensmaal.data.models import DataImport, Observation, ObservationRevision

    migration = importlib.import_module(
        "verdensmaal.data.migrations.0005_observation_infinite_values_emptied"
    )
    indicator = Indicator.objects.get(code="DK-IFOR-LOWINC60")
    vejle = Area.objects.get(code="630")
    before = DataImport.objects.create(source_name="old.csv", format="csv", status="applied")
    Observation.objects.bulk_create(
        Observation(indicator=indicator, area=vejle, period=period, value=value,
                    data_import=before, updated_at=timezone.now())
        for period, value in (("2022", float("inf")), ("2023", float("-inf")), ("2024", 1.5))
    )  # fmt: skip
    migration.empty_infinite_values(apps, None)
    values = dict(Observation.objects.values_list("period", "value"))
    assert values == {"2022": None, "2023": None, "2024": 1.5}
    kept = sorted(ObservationRevision.objects.values_list("value", "data_import", "replaced_by"))
    entry = DataImport.objects.get(format="migration")
    assert kept == [(float("-inf"), before.pk, entry.pk), (float("inf"), before.pk, entry.pk)]
    assert entry.rows_updated == 2
    migration.empty_infinite_values(apps, None)  # again: nothing left to do
    assert DataImport.objects.filter(format="migration").count() == 1
