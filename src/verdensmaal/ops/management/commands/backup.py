from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from verdensmaal.ops.archive import ArchiveError, backup


class Command(BaseCommand):
    help = (
        "Write one archive (zip) of every table and every uploaded file, with a manifest of "
        "migrations, row counts and per-table SHA-256; `restore` brings it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write, e.g. verdensmaal-2026-11-30.zip")

    def handle(self, *args, file, verbosity, **options):
        with tqdm(unit=" rows", unit_scale=True, disable=verbosity < 1, file=self.stderr) as bar:
            try:
                manifest = backup(file, progress=bar.update)
            except ArchiveError as error:
                raise CommandError(str(error)) from error
        if verbosity >= 1:
            rows = sum(table["rows"] for table in manifest["tables"])
            self.stdout.write(
                f"{file}: {rows} rows in {len(manifest['tables'])} tables and "
                f"{len(manifest['media'])} uploaded files from {connection.vendor}"
            )
