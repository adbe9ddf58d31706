from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.core.management.base import BaseCommand, CommandError

import verdensmaal


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po to .mo) without needing GNU gettext."

    def handle(self, *args, **options):
        catalogues = sorted(Path(verdensmaal.__file__).parent.glob("**/LC_MESSAGES/*.po"))
        if not catalogues:
            raise CommandError("No translation catalogue (.po) found.")
        for po_path in catalogues:
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, abort_invalid=True)
            with po_path.with_suffix(".mo").open("wb") as mo_file:
                write_mo(mo_file, catalog)
            self.stdout.write(f"compiled {po_path}")
