"""``verdensmaal serve``: gunicorn with the settings measured for the 2-core machine.

The defaults come from ``benchmarks/load.py`` (docs/benchmarks.md, "Capacity"): WORKERS processes
of THREADS threads each (gunicorn's gthread worker, which also keeps connections alive for the
reverse proxy). Each can be overridden from the environment; gunicorn's own messages are written
as JSON lines like the product's log, and the request log is the product's (ops.middleware), so
gunicorn's access log, with visitors' addresses, is off.
"""

import json
import os
import sys
import tempfile

from django.conf import settings
from django.core.management.base import BaseCommand

WORKERS = 3  # processes: one per core and one more, so a core never waits for a busy process
THREADS = 4  # threads per process: a request waiting for the database lets another one run
KEEP_ALIVE = 5  # seconds a connection from the proxy may wait for its next request
MAX_REQUESTS = 20_000  # requests before a worker is replaced, so no process grows for ever


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class Command(BaseCommand):
    help = "Serve the product with gunicorn (static files by WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("VERDENSMAAL_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=_env_int("WEB_CONCURRENCY", WORKERS),
            help=f"worker processes (WEB_CONCURRENCY, default {WORKERS})",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=_env_int("VERDENSMAAL_THREADS", THREADS),
            help=f"threads per worker (VERDENSMAAL_THREADS, default {THREADS}); 1 means "
            "gunicorn's sync worker",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=_env_int("VERDENSMAAL_TIMEOUT", 120),
            help="seconds a request may take: an import of the largest upload needs about 15",
        )

    def handle(self, *args, bind, workers, threads, timeout, **options):
        self.stdout.write(f"Serving verdensmaal on http://{bind}/ (Ctrl+C stops it)")
        sys.stdout.flush()
        argv = [sys.executable, "-m", "gunicorn", "verdensmaal.wsgi:application"]
        argv += ["--bind", bind, "--workers", str(workers), "--timeout", str(timeout)]
        if threads > 1:
            argv += ["--worker-class", "gthread", "--threads", str(threads)]
        argv += ["--keep-alive", str(_env_int("VERDENSMAAL_KEEP_ALIVE", KEEP_ALIVE))]
        max_requests = _env_int("VERDENSMAAL_MAX_REQUESTS", MAX_REQUESTS)
        argv += ["--max-requests", str(max_requests)]
        argv += ["--max-requests-jitter", str(max_requests // 10)]
        argv += ["--log-config-json", self._log_config()]
        os.execv(sys.executable, argv)  # noqa: S606 - fixed argv, no shell

    def _log_config(self) -> str:
        """Gunicorn's own messages through the product's JSON log handler."""
        config = {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": settings.LOGGING["formatters"],
            "handlers": settings.LOGGING["handlers"],
            "root": settings.LOGGING["root"],
            "loggers": {
                "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
                "gunicorn.access": {"level": "CRITICAL", "propagate": False},
            },
        }
        handle, path = tempfile.mkstemp(prefix="verdensmaal-gunicorn-log-", suffix=".json")
        with os.fdopen(handle, "w") as file:
            json.dump(config, file)
        return path
