"""What every command pays before it starts. ``django.setup()`` imports no module that only some
pages or commands use: the open API's ninja and pydantic, the calendar and invoice libraries, the
strategy screener, the learning app's reads and writes. What the apps register at start-up is
registered all the same: the receiver of an applied import, the revision digest among the
reminders, the learning app's parts of other apps' pages, the background job kinds.

Measured in a process of its own: the test process has imported everything already."""

import json
import os
import subprocess
import sys

# Loaded when a page, the API, a calendar, an invoice or a job asks for them, not at start-up.
NOT_AT_START = [
    "ninja",
    "pydantic",
    "icalendar",
    "lxml.etree",
    "verdensmaal.screening",
    "verdensmaal.network.services",
    "verdensmaal.network.emails",
    "verdensmaal.documents.services",
    "verdensmaal.learning.selectors",
    "verdensmaal.learning.services",
]

SCRIPT = """
import json, sys
import django

django.setup()
loaded = [name for name in NOT_AT_START if name in sys.modules]

from verdensmaal.core.extensions import page_parts
from verdensmaal.data.services import import_applied
from verdensmaal.documents import jobs
from verdensmaal.network.reminders import registered_reminders

print(json.dumps({
    "loaded": loaded,
    "import receivers": len(import_applied.receivers),
    "reminders": {name: send.__module__ for name, send in registered_reminders().items()},
    "meeting parts": len(page_parts("network.meeting")),
    "action parts": len(page_parts("frameworks.action")),
    "screening job": jobs.registered("documents.screen"),
}))
"""


def test_setup_imports_only_what_every_command_needs_and_registers_everything(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "verdensmaal.settings_test",
        "VERDENSMAAL_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", f"NOT_AT_START = {NOT_AT_START!r}\n{SCRIPT}"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    state = json.loads(result.stdout.splitlines()[-1])
    assert state == {
        "loaded": [],
        "import receivers": 1,
        "reminders": {"revision_digests": "verdensmaal.learning.services.notices"},
        "meeting parts": 1,
        "action parts": 1,
        "screening job": True,
    }
