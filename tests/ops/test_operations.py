"""/healthz, the JSON request log, gunicorn's settings in ``serve``, and ``check --deploy`` with
the production settings."""

import json
import logging
import os
import subprocess
import sys
from unittest import mock

from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client

from verdensmaal.core.management.commands import serve
from verdensmaal.ops.logs import JsonFormatter


def test_healthz_answers_when_the_database_does(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_says_503_when_the_database_does_not(db):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "error"}


def _request_lines(caplog) -> list[dict]:
    formatter = JsonFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "verdensmaal.requests"
    ]


def test_every_request_is_one_json_line(editor, caplog):
    caplog.set_level(logging.INFO, logger="verdensmaal.requests")
    Client().get("/goals/13/?q=ole@example.org")
    user = Client()
    user.force_login(editor)
    user.get(f"/accounts/organisations/{editor.organisation_id}/")
    Client().get("/no-such-page/")

    visitor, logged_in, missing = _request_lines(caplog)
    assert visitor["method"] == "GET" and visitor["path"] == "/goals/13/"  # no query string
    assert visitor["status"] == 200 and visitor["user_id"] is None
    assert isinstance(visitor["duration_ms"], float)
    assert {"time", "level", "logger", "message", "event"} <= set(visitor)
    assert logged_in["user_id"] == editor.pk
    assert missing["status"] == 404
    text = json.dumps([visitor, logged_in, missing])
    assert "example.org" not in text and editor.username not in text


def test_secrets_in_addresses_are_not_logged(db, caplog):
    caplog.set_level(logging.INFO, logger="verdensmaal.requests")
    Client().get("/network/calendar/a-secret-token.ics")
    Client().get("/accounts/reset/MQ/abc-secret/")
    lines = _request_lines(caplog)
    assert [line["path"] for line in lines] == [
        "/network/calendar/[secret].ics",
        "/accounts/reset/[secret]/[secret]/",
    ]


def test_exceptions_are_one_json_line_too():
    try:
        raise ValueError("broken")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: broken" in json.loads(line)["exception"]


def _serve(environment: dict) -> list[str]:
    with mock.patch.dict(os.environ, environment), mock.patch("os.execv") as execv:
        call_command("serve", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return execv.call_args.args[1]


def _option(argv: list[str], name: str) -> str | None:
    return argv[argv.index(name) + 1] if name in argv else None


def test_serve_runs_gunicorn_with_the_measured_settings():
    argv = _serve({})
    assert _option(argv, "--workers") == str(serve.WORKERS)
    if serve.THREADS > 1:
        assert _option(argv, "--worker-class") == "gthread"
        assert _option(argv, "--threads") == str(serve.THREADS)
    config = json.loads(open(_option(argv, "--log-config-json")).read())  # noqa: SIM115
    assert config["formatters"]["json"]["()"] == "verdensmaal.ops.logs.JsonFormatter"
    assert "--access-logfile" not in argv  # the product's request log has no addresses


def test_serve_settings_come_from_the_environment():
    argv = _serve({"WEB_CONCURRENCY": "5", "VERDENSMAAL_THREADS": "1", "VERDENSMAAL_TIMEOUT": "30"})
    assert _option(argv, "--workers") == "5" and _option(argv, "--timeout") == "30"
    assert "--threads" not in argv and "--worker-class" not in argv  # gunicorn's sync worker
    argv = _serve({"VERDENSMAAL_THREADS": "8"})
    assert _option(argv, "--threads") == "8"


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    environment = {
        # not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE (tests/e2e/conftest.py), nor a test
        # database: the production settings as a server would have them
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
        },
        "DJANGO_SETTINGS_MODULE": "verdensmaal.settings",
        "VERDENSMAAL_DATA_DIR": str(tmp_path),
        "VERDENSMAAL_HTTPS": "1",
        "VERDENSMAAL_SECRET_KEY": "k" * 10 + "Zq8#pL2@xW9!mN4$vB7&cR1*tY6^hJ3%gF5-dS0+aE" * 2,
        "VERDENSMAAL_ALLOWED_HOSTS": "verdensmaal.example.dk",
        "VERDENSMAAL_DEBUG": "0",
    }
    result = subprocess.run(
        [sys.executable, "-m", "verdensmaal", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
