"""Snapshot comparison for generated documents (invoice XML, calendar files).

A snapshot is a committed file under tests/network/snapshots/. To accept a deliberate change of
output, regenerate the snapshots and review the diff before committing:

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest -p no:django -q tests/network
"""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

SNAPSHOT_DIR = Path(__file__).parent / "snapshots"


@pytest.fixture
def snapshot() -> Callable[[str, bytes], None]:
    """Return ``check(name, content)``: compare ``content`` with snapshots/``name`` byte for byte.

    With ``UPDATE_SNAPSHOTS=1`` in the environment the file is (re)written instead.
    """

    def check(name: str, content: bytes) -> None:
        path = SNAPSHOT_DIR / name
        if os.environ.get("UPDATE_SNAPSHOTS") == "1":
            SNAPSHOT_DIR.mkdir(exist_ok=True)
            path.write_bytes(content)
            return
        if not path.exists():
            pytest.fail(f"no snapshot {path}; create it with UPDATE_SNAPSHOTS=1 and review it")
        expected = path.read_bytes()
        assert content.decode("utf-8") == expected.decode("utf-8"), (
            f"output differs from {path}; if the change is intended, regenerate with "
            "UPDATE_SNAPSHOTS=1 and review the diff"
        )

    return check
