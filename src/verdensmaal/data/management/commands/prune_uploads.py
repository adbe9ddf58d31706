from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from verdensmaal.data.uploads import uploads_prune


class Command(BaseCommand):
    help = (
        "Delete uploaded files that no applied import came from, once their preview has expired. "
        "The files of applied imports are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=-(-settings.SESSION_COOKIE_AGE // 86400),  # a preview lives in the session
            help="only files older than this (default: the session lifetime, %(default)s)",
        )

    def handle(self, *args, days, **options):
        removed = uploads_prune(older_than=timedelta(days=days))
        self.stdout.write(f"{removed} unused upload(s) older than {days} days removed.")
