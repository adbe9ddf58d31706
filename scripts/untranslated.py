"""List the user-facing strings of the source that the Danish catalogue does not translate yet.

Extracts the messages into a scratch copy of the package with Django's makemessages (GNU gettext)
and compares them with src/verdensmaal/locale/da/LC_MESSAGES/django.po, which it leaves as it is
(a real makemessages run rewraps the whole file). Usage: .venv/bin/python scripts/untranslated.py
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "verdensmaal"
CATALOGUE = PACKAGE / "locale" / "da" / "LC_MESSAGES" / "django.po"


def translated(path: Path) -> set:
    with path.open("rb") as file:
        catalogue = read_po(file)
    return {message.id for message in catalogue if message.id and message.string}


def extracted() -> set:
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "verdensmaal"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        (copy / "locale" / "da" / "LC_MESSAGES" / "django.po").unlink()
        subprocess.run(
            [sys.executable, "-m", "django", "makemessages", "--locale", "da", "--no-obsolete"],
            cwd=copy,
            check=True,
            capture_output=True,
            env={"DJANGO_SETTINGS_MODULE": "verdensmaal.settings_test", "PATH": "/usr/bin:/bin"},
        )
        with (copy / "locale" / "da" / "LC_MESSAGES" / "django.po").open("rb") as file:
            return {message.id for message in read_po(file) if message.id}


def main() -> int:
    missing = sorted(extracted() - translated(CATALOGUE), key=str)
    for message_id in missing:
        print(message_id if isinstance(message_id, str) else " | ".join(message_id))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
