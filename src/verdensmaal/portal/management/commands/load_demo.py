from django.core.management.base import BaseCommand

from verdensmaal.accounts.demo import DEMO_USERS
from verdensmaal.audit.services import content_version_bump
from verdensmaal.portal.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo organisations, users, data, framework and season (labelled as demo)."

    def handle(self, *args, **options):
        counts = demo_load()
        content_version_bump()  # not every demo write is logged: stored pages must go
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {counts.organisations} organisations, {counts.users} users, "
                f"{counts.observations} generated observations (labelled as demo)."
            )
        )
        self.stdout.write("Demo logins (username / password, role):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user['username']} / {user['password']}  ({user['role']})")
