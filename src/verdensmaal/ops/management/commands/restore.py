import zipfile

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from verdensmaal.ops.archive import ArchiveError
from verdensmaal.ops.restore import restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into a new, empty database and data folder: "
        "migrations as the archive had them, every table in bulk, checksums compared, then the "
        "later migrations and the uploaded files."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="an archive written by `verdensmaal backup`")

    def handle(self, *args, file, verbosity, **options):
        with tqdm(unit=" rows", unit_scale=True, disable=verbosity < 1, file=self.stderr) as bar:

            def start(manifest):
                # every row is loaded once and read back once
                bar.reset(total=2 * sum(table["rows"] for table in manifest["tables"]))

            try:
                manifest = restore(file, progress=bar.update, manifest_read=start)
            except (ArchiveError, FileNotFoundError) as error:
                raise CommandError(str(error)) from error
            except zipfile.BadZipFile as error:
                raise CommandError(f"{file} is not a backup archive (not a zip file)") from error
        if verbosity >= 1:
            rows = sum(table["rows"] for table in manifest["tables"])
            self.stdout.write(
                f"Restored {rows} rows in {len(manifest['tables'])} tables and "
                f"{len(manifest['media'])} uploaded files from {manifest['database']} "
                f"(backup of {manifest['created_at']}) into {connection.vendor}; "
                "every table's checksum matches"
            )
