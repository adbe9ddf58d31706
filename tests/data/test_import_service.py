"""Imports through the product: validation against the catalogue, all-or-nothing, history."""

import pytest

from verdensmaal.areas.models import Area
from verdensmaal.audit.models import AuditEntry
from verdensmaal.catalogue.models import Indicator
from verdensmaal.data.models import DataImport, Flag, Observation, ObservationRevision
from verdensmaal.data.parsers import ImportValidationError
from verdensmaal.data.services import (
    ImportPermissionError,
    import_apply,
    import_plan,
    parse_file,
)

INDICATOR = "DK-IFOR-LOWINC60"


def run(content: bytes, *, actor=None, format="csv"):
    rows = parse_file(content, format=format)
    plan = import_plan(actor=actor, rows=rows)
    assert plan.ok, plan.errors
    return plan, import_apply(actor=actor, plan=plan, source_name="test.csv", format=format)


def state():
    return (
        sorted(Observation.objects.values_list("area__code", "period", "value", "flags")),
        ObservationRevision.objects.count(),
    )


GOOD = (
    "indikator;område;periode;værdi;flag\n"
    f"{INDICATOR};630;2023;12,5;\n"
    f"{INDICATOR};630;2024;12,1;provisional\n"
    f"{INDICATOR};083;2024;11,9;\n"
    f"{INDICATOR};000;2024;..;\n"
).encode()


def test_a_good_file_lands_whole(reference):
    plan, data_import = run(GOOD)
    assert (len(plan.new), len(plan.changed), plan.unchanged) == (4, 0, 0)
    assert data_import.rows_created == 4
    vejle = Observation.objects.get(area__code="630", period="2024")
    assert vejle.value == 12.1
    assert vejle.flag_names == ["provisional"]
    denmark = Observation.objects.get(area__code="000", period="2024")
    assert denmark.value is None and denmark.flags == Flag.SUPPRESSED  # ".." is not zero
    assert AuditEntry.objects.filter(action="data.import.applied").count() == 1


def test_running_the_same_import_again_changes_nothing(reference):
    run(GOOD)
    before = state()
    stamps = list(Observation.objects.order_by("pk").values_list("updated_at", "data_import_id"))
    plan, _data_import = run(GOOD)
    assert (len(plan.new), len(plan.changed), plan.unchanged) == (0, 0, 4)
    assert state() == before
    assert list(Observation.objects.order_by("pk").values_list("updated_at", "data_import_id")) == (
        stamps
    )


def test_a_changed_value_keeps_the_old_one_with_its_date(reference):
    _plan, first = run(GOOD)
    changed = GOOD.replace(b"630;2024;12,1", b"630;2024;12,3")
    plan, second = run(changed)
    assert (len(plan.new), len(plan.changed), plan.unchanged) == (0, 1, 3)
    observation = Observation.objects.get(area__code="630", period="2024")
    assert observation.value == 12.3
    assert observation.data_import == second
    revision = observation.revisions.get()
    assert revision.value == 12.1
    assert revision.flags == Flag.PROVISIONAL
    assert revision.data_import == first
    assert revision.replaced_by == second
    assert revision.valid_from <= revision.replaced_at


def test_a_file_with_one_bad_row_changes_nothing_and_reports_every_error(reference):
    run(GOOD)
    before = state()
    bad = (
        GOOD
        + (
            f"{INDICATOR};630;2025;tolv;\n"
            f"{INDICATOR};999;2025;1;\n"
            "DK-UNKNOWN;630;2025;1;\n"
            f"{INDICATOR};630;2025M13;1;\n"
        ).encode()
    )
    with pytest.raises(ImportValidationError) as caught:
        parse_file(bad, format="csv")
    rows = sorted(error.row for error in caught.value.errors)
    assert rows == [6, 7, 8, 9]
    assert state() == before


def test_unit_mismatch_and_foreign_areas_are_refused_row_by_row(reference, editor):
    content = (
        "indicator,area,period,value,unit\n"
        f"{INDICATOR},630,2024,12.0,percent\n"
        f"{INDICATOR},630,2023,12.0,persons\n"
        f"{INDICATOR},657,2024,10.0,percent\n"
    ).encode()
    plan = import_plan(actor=editor, rows=parse_file(content, format="csv"))
    assert {(e.row, e.code) for e in plan.errors} == {(3, "unit_mismatch"), (4, "area_not_yours")}
    assert not plan.new and Observation.objects.count() == 0


def test_an_editor_imports_for_their_own_municipality(reference, editor):
    content = f"indicator,area,period,value\n{INDICATOR},630,2024,12.0\n".encode()
    _plan, data_import = run(content, actor=editor)
    assert data_import.organisation == editor.organisation
    assert Observation.objects.get().area == Area.objects.get(code="630")


def test_a_participant_may_not_import(reference, participant):
    rows = parse_file(
        f"indicator,area,period,value\n{INDICATOR},657,2024,1\n".encode(), format="csv"
    )
    with pytest.raises(ImportPermissionError):
        import_plan(actor=participant, rows=rows)


def test_wide_excel_and_jsonstat_land_the_same_values(reference):
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indicator", "area", "2023", "2024"])
    sheet.append([INDICATOR, "630", 12.5, 12.1])
    buffer = BytesIO()
    workbook.save(buffer)
    run(buffer.getvalue(), format="xlsx")
    jsonstat = {
        "version": "2.0",
        "class": "dataset",
        "id": ["OMRÅDE", "Tid"],
        "size": [1, 2],
        "dimension": {
            "OMRÅDE": {"category": {"index": ["630"]}},
            "Tid": {"category": {"index": ["2023", "2024"]}},
        },
        "value": [12.5, 12.1],
    }
    import json

    plan = import_plan(
        actor=None,
        rows=parse_file(json.dumps(jsonstat).encode(), format="jsonstat", indicator=INDICATOR),
    )
    assert plan.ok and plan.unchanged == 2 and not plan.new


def test_demo_observations_cover_every_indicator_and_area(reference):
    from verdensmaal.data.demo import demo_observations_load

    total = demo_observations_load()
    assert total == Observation.objects.count()
    indicators = Indicator.objects.exclude(demo_min=None).count()
    assert Observation.objects.values("indicator").distinct().count() == indicators
    assert Observation.objects.values("area").distinct().count() == 104
    assert DataImport.objects.get().is_demo
    assert demo_observations_load() == total  # again: nothing new
    assert DataImport.objects.count() == 1


def test_rows_from_other_sources_are_checked_row_by_row_too(reference):
    """StatBank responses and generated rows skip the file parser: the plan checks them itself."""
    from decimal import Decimal

    from verdensmaal.data.parsers import ObservationRow

    def row(number, indicator=INDICATOR, area="630", period="2024", unit=None):
        return ObservationRow(number, indicator, area, period, Decimal(1), unit, (), frozenset())

    plan = import_plan(
        actor=None,
        rows=[row(1), row(2, area="999"), row(3, indicator="NOPE"), row(4, unit="kr"), row(5)],
    )
    assert [(e.row, e.code) for e in plan.errors] == [
        (2, "unknown_area"), (3, "unknown_indicator"), (4, "unit_mismatch"), (5, "duplicate_row"),
    ]  # fmt: skip
    assert not plan.new


def test_a_large_revision_keeps_every_old_value(reference):
    """More changed values than one query batch, among unchanged and new ones."""
    areas = list(Area.objects.values_list("code", flat=True))
    years = range(1900, 2020)

    def content(bump: float) -> bytes:
        lines = ["indicator,area,period,value"]
        for number, (area, year) in enumerate((a, y) for a in areas for y in years):
            value = number / 10 + (bump if year % 2 else 0)  # odd years change
            lines.append(f"{INDICATOR},{area},{year},{value}")
        return "\n".join(lines).encode()

    _plan, first = run(content(0))
    plan, second = run(content(0.5) + f"\n{INDICATOR},630,2020,1".encode())
    odd = len(areas) * len(years[1::2])
    assert odd > 5000  # more than one batch of origins
    assert (len(plan.new), len(plan.changed), plan.unchanged) == (1, odd, len(areas) * 60)
    assert ObservationRevision.objects.filter(data_import=first, replaced_by=second).count() == odd
    revision = ObservationRevision.objects.get(
        observation__area__code="630", observation__period="2019"
    )
    assert revision.value + 0.5 == revision.observation.value


@pytest.mark.parametrize("chunk", [7, 50_000])
def test_a_difference_anywhere_among_many_stored_rows(reference, monkeypatch, chunk):
    """Stored rows are read in key order, in chunks: unchanged chunks, then a difference, then
    more; and stored rows the file does not have (other areas and years) are left alone."""
    from verdensmaal.data import storage

    monkeypatch.setattr(storage, "CHUNK", chunk)
    areas = list(Area.objects.order_by("pk").values_list("code", flat=True))[:30]

    def content(rows) -> bytes:
        lines = [f"{INDICATOR},{area},{year},{value}" for area, year, value in rows]
        return "\n".join(["indicator,area,period,value", *lines]).encode()

    everything = [(area, year, n) for n, (area, year) in enumerate(
        (a, y) for a in areas for y in range(2000, 2010)
    )]  # fmt: skip
    run(content(everything))
    again = [row for row in everything if row[0] != areas[-1]]  # the last area is not in it
    middle = len(again) // 2
    area, year, value = again[middle]
    again[middle] = (area, year, value + 0.5)
    again.append((areas[20], 2010, 1))
    plan, _second = run(content(reversed(again)))
    assert (len(plan.new), len(plan.changed), plan.unchanged) == (1, 1, len(again) - 2)
    assert Observation.objects.count() == len(everything) + 1
    changed = Observation.objects.get(area__code=area, period=str(year))
    assert changed.value == value + 0.5 and changed.revisions.get().value == value


def test_a_breakdown_longer_than_the_stored_field_is_refused(reference):
    content = (
        f"indicator,area,period,value,sex\n{INDICATOR},630,2024,1,F\n"
        f"{INDICATOR},630,2024,2,{'x' * 250}\n"
    ).encode()
    plan = import_plan(actor=None, rows=parse_file(content, format="csv"))
    assert [(e.row, e.code) for e in plan.errors] == [(3, "breakdown_too_long")]
    assert not Observation.objects.exists()


def test_a_plan_overtaken_by_another_import_saves_nothing_and_says_so(reference):
    """Two imports of the same new values planned together: the second to save finds the keys
    taken, and saves nothing, rather than failing halfway or overwriting without a revision."""
    from verdensmaal.data.services import ImportConflictError

    first = import_plan(actor=None, rows=parse_file(GOOD, format="csv"))
    second = import_plan(actor=None, rows=parse_file(GOOD, format="csv"))
    import_apply(actor=None, plan=first, source_name="first.csv", format="csv")
    before = state()
    with pytest.raises(ImportConflictError):
        import_apply(actor=None, plan=second, source_name="second.csv", format="csv")
    assert state() == before
    assert DataImport.objects.filter(source_name="second.csv").count() == 0


def test_a_plan_whose_observations_were_removed_meanwhile_saves_nothing(reference):
    from verdensmaal.data.services import ImportConflictError

    run(GOOD)
    plan = import_plan(actor=None, rows=parse_file(GOOD.replace(b"12,5", b"13,5"), format="csv"))
    assert len(plan.changed) == 1
    ((pk, _row),) = plan.changed
    Observation.objects.filter(pk=pk).delete()
    before = state()
    with pytest.raises(ImportConflictError):
        import_apply(actor=None, plan=plan, source_name="late.csv", format="csv")
    assert state() == before


def test_revisions_keep_what_was_stored_when_saving_not_what_the_preview_saw(reference):
    _plan, first = run(GOOD)
    plan = import_plan(actor=None, rows=parse_file(GOOD.replace(b"12,5", b"13,5"), format="csv"))
    Observation.objects.filter(period="2023").update(value=12.75)  # changed in between
    second = import_apply(actor=None, plan=plan, source_name="later.csv", format="csv")
    revision = ObservationRevision.objects.get()
    assert (revision.value, revision.data_import, revision.replaced_by) == (12.75, first, second)
    assert Observation.objects.get(period="2023").value == 13.5


def test_the_others_hear_of_an_import_only_when_it_added_or_changed_values(
    reference, django_capture_on_commit_callbacks
):
    """import_applied (the learning app's revision notices) follows imports that changed the
    data; the same file again changes nothing and tells nobody."""
    from verdensmaal.data.services import import_applied

    heard = []

    def receiver(sender, *, data_import, **kwargs):
        heard.append(data_import.rows_created + data_import.rows_updated)

    import_applied.connect(receiver, dispatch_uid="test-heard")
    try:
        for content in (GOOD, GOOD, GOOD.replace(b"12,5", b"12,6")):
            with django_capture_on_commit_callbacks(execute=True):
                run(content)
    finally:
        import_applied.disconnect(dispatch_uid="test-heard")
    assert heard == [4, 1]
