import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from verdensmaal.data.models import DataImport, Observation

INDICATOR = "DK-IFOR-LOWINC60"
CSV = (
    f"indicator;area;period;value\n{INDICATOR};630;2023;12,5\n{INDICATOR};630;2024;12,1\n"
).encode()


def upload(client, content, name="data.csv"):
    return client.post("/data/import/", {"file": SimpleUploadedFile(name, content), "format": ""})


def test_upload_shows_a_preview_and_saves_only_when_confirmed(client, reference, editor):
    client.force_login(editor)
    response = upload(client, CSV)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Gem importen" in text
    assert Observation.objects.count() == 0
    digest = response.context["pending"]["hash"]
    confirmed = client.post("/data/import/confirm/", {"hash": digest}, follow=True)
    assert Observation.objects.count() == 2
    assert "2 nye" in confirmed.content.decode()


def test_preview_lists_every_error_in_danish_and_saves_nothing(client, reference, editor):
    client.force_login(editor)
    bad = CSV + f"{INDICATOR};630;2025;tolv\n{INDICATOR};657;2025;1\n".encode()
    response = upload(client, bad)
    text = response.content.decode()
    assert "“tolv” er ikke et tal." in text
    assert "Du må kun importere data for din egen kommune" in text
    assert Observation.objects.count() == 0
    assert DataImport.objects.get().status == "failed"


def test_confirming_someone_elses_upload_is_refused(client, reference, editor, secretariat):
    client.force_login(secretariat)
    digest = upload(client, CSV).context["pending"]["hash"]
    client.force_login(editor)
    response = client.post("/data/import/confirm/", {"hash": digest}, follow=True)
    assert "udløbet" in response.content.decode()
    assert Observation.objects.count() == 0


def test_a_danish_excel_file_in_the_windows_encoding_can_be_read_again_as_such(
    client, reference, editor
):
    """Danish Excel's "CSV (semikolonsepareret)" is Windows-1252: refused as UTF-8 with an
    offer to read it as Windows-1252, which reads "køn" and "Kvinder" right."""
    client.force_login(editor)
    content = (
        f"indikator;område;periode;værdi;køn\n{INDICATOR};630;2024;12,1;Kvinder\n"
        f"{INDICATOR};630;2024;11,9;Mænd\n"
    ).encode("cp1252")
    refused = upload(client, content)
    assert "Læs den som Windows-1252" in refused.content.decode()
    assert Observation.objects.count() == 0
    digest = refused.context["pending"]["hash"]
    wrong = client.post("/data/import/recheck/", {"hash": digest, "encoding": "latin-9"})
    assert wrong.status_code == 302 and Observation.objects.count() == 0
    preview = client.post("/data/import/recheck/", {"hash": digest, "encoding": "cp1252"})
    assert preview.context["plan"].ok
    client.post("/data/import/confirm/", {"hash": digest})
    assert sorted(Observation.objects.values_list("breakdown", flat=True)) == [
        "køn=Kvinder", "køn=Mænd",
    ]  # fmt: skip


def test_rechecking_someone_elses_upload_is_refused(client, reference, editor, secretariat):
    client.force_login(secretariat)
    digest = upload(client, CSV.decode().replace("indicator", "indikatør").encode("cp1252"))
    digest = digest.context["pending"]["hash"]
    client.force_login(editor)
    response = client.post("/data/import/recheck/", {"hash": digest, "encoding": "cp1252"})
    assert response.status_code == 302 and Observation.objects.count() == 0


def test_confirming_an_upload_whose_file_was_pruned_says_it_expired(client, reference, editor):
    from verdensmaal.data.uploads import upload_path

    client.force_login(editor)
    digest = upload(client, CSV).context["pending"]["hash"]
    upload_path(digest).unlink()
    response = client.post("/data/import/confirm/", {"hash": digest}, follow=True)
    assert "udløbet" in response.content.decode()
    assert Observation.objects.count() == 0


def test_participants_cannot_import(client, reference, participant):
    client.force_login(participant)
    assert upload(client, CSV).status_code == 403
    assert Observation.objects.count() == 0


def test_export_round_trips_through_import(client, reference, secretariat):
    from verdensmaal.data.services import import_plan, parse_file

    client.force_login(secretariat)
    client.post("/data/import/confirm/", {"hash": upload(client, CSV).context["pending"]["hash"]})
    exported = client.get("/data/export/", {"indicator": INDICATOR, "format": "csv"})
    assert exported.status_code == 200
    assert exported["Content-Disposition"].endswith('.csv"')
    plan = import_plan(actor=None, rows=parse_file(exported.getvalue(), format="csv"))
    assert plan.ok and plan.unchanged == 2 and not plan.new and not plan.changed
    for format in ("xlsx", "json"):
        assert (
            client.get("/data/export/", {"indicator": INDICATOR, "format": format}).status_code
            == 200
        )


@pytest.mark.parametrize(
    "query",
    [
        {"indicator": "NOPE"},
        {"indicator": INDICATOR, "area": "999"},
        {"indicator": INDICATOR, "format": "pdf"},
    ],
)
def test_bad_export_requests_get_a_clear_400(client, reference, query):
    response = client.get("/data/export/", query)
    assert response.status_code == 400
    assert "Eksporten kunne ikke laves" in response.content.decode()


def test_indicator_page_shows_municipality_region_and_denmark_with_source(client, reference):
    from verdensmaal.data.demo import demo_observations_load

    demo_observations_load()
    text = client.get(f"/indicators/{INDICATOR}/", {"area": "630"}).content.decode()
    assert "<svg" in text
    assert "Vejle" in text and "Region Syddanmark" in text and "Hele landet" in text
    assert "IFOR12P" in text
    assert "Demodata" in text
    assert client.get("/indicators/NOPE/").status_code == 404
    assert client.get(f"/indicators/{INDICATOR}/", {"area": "999"}).status_code == 404


def test_secretariat_edits_an_indicator_and_bad_input_changes_nothing(
    client, reference, secretariat
):
    from verdensmaal.catalogue.models import Indicator

    client.force_login(secretariat)
    url = f"/indicators/{INDICATOR}/edit/"
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(targets="1.2, 99.9", source_filters='{"INDKN": ["60"]}')
    response = client.post(url, data)
    assert response.status_code == 200
    assert "99.9" in response.content.decode()
    data.update(targets="1.2, 10.2", name_en="Low income (60 %)")
    assert client.post(url, data).status_code == 302
    assert Indicator.objects.get(code=INDICATOR).name_en == "Low income (60 %)"


def test_open_sdg_export_imports_again_unchanged(client, reference, secretariat):
    from verdensmaal.data.services import import_plan, parse_file

    client.force_login(secretariat)
    client.post("/data/import/confirm/", {"hash": upload(client, CSV).context["pending"]["hash"]})
    exported = client.get("/data/export/", {"indicator": INDICATOR, "format": "opensdg"})
    assert exported.status_code == 200
    assert exported.content.decode().splitlines()[0] == "Year,Units,GeoCode,Value"
    rows = parse_file(exported.content, format="opensdg", indicator=INDICATOR)
    plan = import_plan(actor=None, rows=rows)
    assert plan.ok and plan.unchanged == 2 and not plan.new
    two = client.get(
        "/data/export/", {"indicator": [INDICATOR, "DK-IFOR-LOWINC50"], "format": "opensdg"}
    )
    assert two.status_code == 400


def test_preview_shows_old_and_new_values_of_a_change(client, reference, secretariat):
    client.force_login(secretariat)
    client.post("/data/import/confirm/", {"hash": upload(client, CSV).context["pending"]["hash"]})
    changed = CSV.replace(b"2024;12,1", b"2024;13,4")
    response = upload(client, changed)
    samples = response.context["plan"].samples()
    assert (
        samples[0]["old"] == 12.1 and samples[0]["new"] == 13.4 and samples[0]["period"] == "2024"
    )
    text = response.content.decode()
    assert "12,1" in text and "13,4" in text  # Danish decimal comma
    assert Observation.objects.get(period="2024").value == 12.1  # nothing saved yet


def test_csv_export_streams_breakdown_columns_and_imports_again(client, reference, secretariat):
    from verdensmaal.data.services import import_plan, parse_file

    content = (
        "indicator;area;period;value;sex;age\n"
        f"{INDICATOR};630;2024;12,1;;\n{INDICATOR};630;2024;11,5;F;\n{INDICATOR};630;2024;3;F;15-24\n"
    ).encode()
    client.force_login(secretariat)
    client.post(
        "/data/import/confirm/", {"hash": upload(client, content).context["pending"]["hash"]}
    )
    exported = client.get("/data/export/", {"indicator": INDICATOR, "area": "630"})
    assert exported.streaming
    content = exported.getvalue()
    text = content.decode()
    assert text.splitlines()[0] == "indicator,area,period,age,sex,value,unit,flags"
    assert f"{INDICATOR},630,2024,15-24,F,3.0," in text
    plan = import_plan(actor=None, rows=parse_file(content, format="csv"))
    assert plan.ok and plan.unchanged == 3


def test_an_export_too_large_for_its_format_is_refused_and_csv_offered(
    client, reference, secretariat, monkeypatch
):
    from verdensmaal.data import exports

    client.force_login(secretariat)
    client.post("/data/import/confirm/", {"hash": upload(client, CSV).context["pending"]["hash"]})
    monkeypatch.setitem(exports.MAX_ROWS, "xlsx", 1)
    response = client.get("/data/export/", {"indicator": INDICATOR, "format": "xlsx"})
    assert response.status_code == 400
    assert "flere end 1 værdier" in response.content.decode()
    assert client.get("/data/export/", {"indicator": INDICATOR, "format": "csv"}).status_code == 200


def test_an_upload_over_the_size_limit_is_refused_with_the_way_round_it(
    client, reference, editor, monkeypatch
):
    from verdensmaal.data import forms

    monkeypatch.setattr(forms, "MAX_UPLOAD_BYTES", 10)
    client.force_login(editor)
    text = upload(client, CSV).content.decode()
    assert "Filen er større end 0 MB" in text and "verdensmaal import" in text
    assert Observation.objects.count() == 0 and not DataImport.objects.exists()


def test_confirming_a_preview_overtaken_by_another_import_saves_nothing(
    client, reference, secretariat, monkeypatch
):
    """Another import saves the same new values between the check at confirmation and the
    saving: the page says so and nothing of this upload is saved (no error page)."""
    from verdensmaal.data import services, views

    client.force_login(secretariat)
    digest = upload(client, CSV).context["pending"]["hash"]
    plan_upload = views._plan_upload

    def overtaken(request, pending):
        rows, plan = plan_upload(request, pending)
        services.import_apply(
            actor=None,
            plan=services.import_plan(actor=None, rows=services.parse_file(CSV, format="csv")),
            source_name="other.csv",
            format="csv",
        )
        return rows, plan

    monkeypatch.setattr(views, "_plan_upload", overtaken)
    response = client.post("/data/import/confirm/", {"hash": digest}, follow=True)
    assert response.status_code == 200
    assert "Intet blev gemt" in response.content.decode()
    assert DataImport.objects.filter(status="applied").count() == 1  # the other one
