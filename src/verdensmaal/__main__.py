"""The ``verdensmaal`` command: Django's management commands with our settings.

Two things make every command start and end sooner (a two-row import: 1.8 → 1.2 s on the
2-core machine; see docs/benchmarks.md):

- The cyclic garbage collector waits while Django sets up: importing the apps makes a hundred
  thousand objects, none of them garbage, which it would otherwise walk through again and again.
  They are then frozen (``gc.freeze``): later collections, and the one at exit, skip them.
- NumPy's OpenBLAS runs on the calling thread only (``OPENBLAS_NUM_THREADS``, unless set): the
  commands do no large matrix work, and the threads it would start spin while they wait, taking
  processor time from the command and the database on a small machine.
"""

import gc
import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verdensmaal.settings")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from django.core.management import execute_from_command_line

    _set_up(argv)
    execute_from_command_line(["verdensmaal", *argv])


def _set_up(argv: list[str]) -> None:
    """Django's set-up, as the command line would do it next, with the collector waiting.

    Left to Django where it does more than set up: other settings or paths given on the command
    line, the development server (which sets up in its reloading child), or settings that do not
    load (Django reports them its own way)."""
    if argv[:1] == ["runserver"] or any(
        arg.startswith(("--settings", "--pythonpath")) for arg in argv
    ):
        return
    import django
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 - loads the settings
    except (ImproperlyConfigured, ImportError):
        return
    gc.disable()
    try:
        django.setup()
    finally:
        gc.freeze()
        gc.enable()


if __name__ == "__main__":
    main()
