"""The command line: verdensmaal import, export and statbank."""

import io

import pytest
from django.core.management import CommandError, call_command

from verdensmaal.data.models import DataImport, Observation

INDICATOR = "DK-IFOR-LOWINC60"


def test_import_command_saves_a_good_file_and_says_what_it_did(reference, tmp_path, capsys):
    path = tmp_path / "data.csv"
    path.write_text(
        f"indikator;område;periode;værdi\n{INDICATOR};630;2024;12,5\n", encoding="utf-8-sig"
    )
    call_command("import", str(path), verbosity=0)
    assert Observation.objects.get().value == 12.5
    assert "nye: 1, ændrede: 0, uændrede: 0" in capsys.readouterr().out
    call_command("import", str(path), "--language", "en", verbosity=0)
    assert "new: 0, changed: 0, unchanged: 1" in capsys.readouterr().out


def test_import_command_refuses_a_bad_file_whole_and_lists_every_error(reference, tmp_path, capsys):
    path = tmp_path / "data.csv"
    path.write_text(
        f"indicator,area,period,value\n{INDICATOR},630,2024,1\n{INDICATOR},630,2025,x\n"
        f"{INDICATOR},999,2025,1\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("import", str(path), verbosity=0)
    errors = capsys.readouterr().err
    assert "række 3, value: “x” er ikke et tal." in errors and "række 4, area" in errors
    assert Observation.objects.count() == 0
    assert DataImport.objects.get().status == "failed"


def test_import_dry_run_saves_nothing(reference, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(f"indicator,area,period,value\n{INDICATOR},630,2024,1\n", encoding="utf-8")
    call_command("import", str(path), "--dry-run", verbosity=0)
    assert Observation.objects.count() == 0


def test_export_command_writes_each_format(reference, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(f"indicator,area,period,value\n{INDICATOR},630,2024,1.5\n", encoding="utf-8")
    call_command("import", str(path), verbosity=0)
    for format in ("csv", "xlsx", "json", "opensdg"):
        out = tmp_path / f"out.{format}"
        call_command("export", "--indicator", INDICATOR, "--format", format, "--output", str(out))
        assert out.stat().st_size > 0
    assert "1.5" in (tmp_path / "out.csv").read_text()
    with pytest.raises(CommandError):
        call_command("export", "--indicator", "NOPE")


def test_statbank_command_reports_an_unreachable_service_and_saves_nothing(reference, monkeypatch):
    import httpx

    from verdensmaal.data import statbank

    def offline(request):
        raise httpx.ConnectError("no network", request=request)

    real_client = statbank.StatBankClient

    def client_without_network(**kwargs):
        return real_client(
            client=httpx.Client(transport=httpx.MockTransport(offline)), retries=0, **kwargs
        )

    monkeypatch.setattr(
        "verdensmaal.data.management.commands.statbank.StatBankClient", client_without_network
    )
    with pytest.raises(CommandError, match="1 of 1 table"):
        call_command("statbank", "FOLK1A", "--indicator", INDICATOR, "--filter", "KØN=TOT")
    assert Observation.objects.count() == 0


def test_prune_uploads_keeps_the_files_of_applied_imports(reference, settings, tmp_path):
    import os
    import time

    from verdensmaal.audit.models import AuditEntry
    from verdensmaal.data.uploads import upload_path

    settings.MEDIA_ROOT = tmp_path
    month_ago = time.time() - 30 * 86400
    applied, abandoned, recent = (upload_path(name) for name in ("a" * 64, "b" * 64, "c" * 64))
    for path in (applied, abandoned, recent):
        path.write_bytes(b"indicator,area,period,value\n")
    for path in (applied, abandoned):
        os.utime(path, (month_ago, month_ago))
    DataImport.objects.create(
        source_name="a.csv", format="csv", status="applied", content_hash=applied.name
    )
    out = io.StringIO()
    call_command("prune_uploads", stdout=out)
    assert "1 unused upload(s) older than 14 days removed" in out.getvalue()
    assert applied.exists() and recent.exists() and not abandoned.exists()
    assert AuditEntry.objects.get(action="data.uploads.pruned").changes["removed"] == 1
