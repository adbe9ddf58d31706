"""SQLite while a large import saves: people logging in and saving forms wait, and none fails.

A million-row import runs as `verdensmaal import` in a process of its own against a SQLite file,
while another process logs in through the login page and saves an organisation's profile form
again and again (Django's test client, the product's own views and middleware). Every login and
every save must succeed; some of them must have waited for the import's write transaction.
"""

import json
import os
import random
import subprocess
import sys
import time

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite's locking; the run on PostgreSQL skips it",
)

ROWS = 1_000_000

# The database, a user and an organisation, and the codes for the file, in one process.
SET_UP = """
import json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_reference", verbosity=0)
from verdensmaal.accounts.services import organisation_create, user_create
from verdensmaal.catalogue.models import Indicator
from verdensmaal.areas.models import Area
secretariat = user_create(actor=None, username="sekretariat", email="s@example.org",
                          password="secret-password-1", role="secretariat")
vejle = organisation_create(actor=secretariat, name="Vejle Kommune", kind="municipality",
                            area=Area.objects.get(code="630"), cvr="29189900", ean="5798000000018")
user_create(actor=None, username="editor", email="e@example.org", password="secret-password-1",
            role="editor", organisation=vejle)
print(json.dumps({"organisation": vejle.pk,
                  "indicators": list(Indicator.objects.values_list("code", flat=True)),
                  "areas": list(Area.objects.values_list("code", flat=True))}))
"""

# Logs in and saves the organisation's profile until the file named first exists; prints one
# JSON line per attempt: when it started, how long it took, and what went wrong, if anything.
WRITER = """
import json, os, sys, time
import django
django.setup()
from django.test import Client
stop, organisation = sys.argv[1], sys.argv[2]
number = 0
while not os.path.exists(stop):
    number += 1
    started = time.time()
    problem = None
    try:
        client = Client()
        login = client.post("/accounts/login/", {"username": "editor",
                                                 "password": "secret-password-1"})
        if login.status_code != 302:
            problem = f"login answered {login.status_code}"
        else:
            form = {"street": f"Skolegade {number}", "postcode": "7100", "city": "Vejle",
                    "email": "kommune@vejle.dk", "website": "", "cvr": "29189900",
                    "ean": "5798000000018"}
            saved = client.post(f"/accounts/organisations/{organisation}/edit/", form)
            if saved.status_code != 302:
                problem = f"the form answered {saved.status_code}"
    except Exception as error:
        problem = f"{type(error).__name__}: {error}"
    print(json.dumps({"started": started, "took": time.time() - started, "problem": problem}),
          flush=True)
"""


def write_csv(path, catalogue: dict) -> None:
    """A million monthly rows with random values, as a real table has them."""
    rng = random.Random(12)
    months = [f"{year}M{month:02d}" for year in range(1950, 2026) for month in range(1, 13)]
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("indicator,area,period,køn,value\n")
        for indicator in catalogue["indicators"]:
            for area in catalogue["areas"]:
                for period in months:
                    for sex in ("", "M", "K"):
                        out.write(f"{indicator},{area},{period},{sex},{rng.uniform(0, 1e5):.3f}\n")
                        written += 1
                        if written == ROWS:
                            return


def test_logins_and_form_saves_wait_for_a_large_import_and_none_fails(tmp_path):
    env = {
        **{key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "verdensmaal.settings",
        "VERDENSMAAL_DATA_DIR": str(tmp_path / "data"),
        "VERDENSMAAL_ALLOWED_HOSTS": "testserver",
    }
    set_up = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", SET_UP], env=env, check=True, capture_output=True, text=True
    )
    catalogue = json.loads(set_up.stdout.splitlines()[-1])
    organisation = str(catalogue["organisation"])
    data = tmp_path / "observations.csv"
    write_csv(data, catalogue)
    stop = tmp_path / "stop"
    writer = subprocess.Popen(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", WRITER, str(stop), organisation],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(2)  # the writer is logging in and saving before the import starts
        started = time.time()
        imported = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "verdensmaal",
                "import",
                str(data),
                "--verbosity",
                "0",
                "--language",
                "en",
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        ended = time.time()
        time.sleep(1)
    finally:
        stop.touch()
        output, errors = writer.communicate(timeout=60)
    assert imported.returncode == 0, imported.stderr
    assert f"new: {ROWS}," in imported.stdout
    attempts = [json.loads(line) for line in output.splitlines()]
    assert writer.returncode == 0, errors
    during = [a for a in attempts if started <= a["started"] <= ended]
    # (a login hashes its password slowly, on purpose: a few seconds each on a busy machine)
    assert len(during) >= 3, f"only {len(during)} logins and saves during the import"
    assert [a["problem"] for a in attempts if a["problem"]] == []
    # they did meet the import's write transaction, and waited for it rather than failing
    assert max(a["took"] for a in during) > 1.0
