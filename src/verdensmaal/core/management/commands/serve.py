import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the product with gunicorn (static files by WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("VERDENSMAAL_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2))
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=int(os.environ.get("VERDENSMAAL_TIMEOUT", 120)),
            help="seconds a request may take: an import of the largest upload needs about 15",
        )

    def handle(self, *args, bind, workers, timeout, **options):
        self.stdout.write(f"Serving verdensmaal on http://{bind}/ (Ctrl+C stops it)")
        sys.stdout.flush()
        argv = [sys.executable, "-m", "gunicorn", "verdensmaal.wsgi:application"]
        argv += ["--bind", bind, "--workers", str(workers), "--timeout", str(timeout)]
        argv += ["--access-logfile", "-"]
        os.execv(sys.executable, argv)  # noqa: S606 - fixed argv, no shell
