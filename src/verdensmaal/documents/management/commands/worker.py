import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from verdensmaal.documents import jobs

# How long the loop sleeps when the queue is empty (seconds).
DEFAULT_SLEEP = 2.0


class Command(BaseCommand):
    help = (
        "Run the background jobs (screening documents): claim the oldest waiting job, run it, "
        "record its progress, retry a job that failed a bounded number of times. With --once: "
        "run the jobs that are waiting now and stop (for cron and tests); otherwise keep "
        "running. Several workers may run at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run the waiting jobs, then stop")
        parser.add_argument(
            "--sleep",
            type=float,
            default=DEFAULT_SLEEP,
            help="seconds to wait when no job is waiting (default %(default)s)",
        )
        parser.add_argument("--max-jobs", type=int, default=None, help="stop after this many jobs")
        parser.add_argument(
            "--no-preload",
            action="store_true",
            help="load the screening model on the first job that needs it, not at start",
        )

    def handle(self, *args, once, sleep, max_jobs, no_preload, **options):
        name = jobs.worker_name()
        if once:
            finished = jobs.run_pending(name, limit=max_jobs)
            self._report(finished)
            return
        if not no_preload:
            # The embedding model (about 3 s and 170 MB) is loaded once, before the first job.
            from verdensmaal.screening import embedding

            embedding.model()
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)  # the job that is running is finished first

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Worker {name} waiting for jobs.")
        count = 0
        while not stopping and (max_jobs is None or count < max_jobs):
            if not connection.in_atomic_block:  # (a test runs the loop inside its transaction)
                close_old_connections()  # a long-lived process: drop broken or old connections
            job = jobs.run_one(name)
            if job is None:
                time.sleep(sleep)
                continue
            count += 1
            self._report([job])
        self.stdout.write(f"Worker {name} stopped after {count} job(s).")

    def _report(self, finished):
        for job in finished:
            line = f"Job {job.pk} ({job.kind}): {job.status}"
            if job.error:
                line += f" - {job.error.splitlines()[0]}"
            self.stdout.write(line)
        if not finished:
            self.stdout.write("No job was waiting.")
