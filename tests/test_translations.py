"""Danish first: every user-facing string of the source has a Danish translation."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "untranslated.py"


def test_every_message_has_a_danish_translation():
    if shutil.which("xgettext") is None and os.environ.get("CI") != "true":
        pytest.skip("GNU gettext (xgettext) is needed to extract the messages")
    result = subprocess.run(  # noqa: S603 - the project's own script
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False
    )
    assert result.stdout == "", f"untranslated:\n{result.stdout}{result.stderr}"
