from django.core.management.base import BaseCommand

from verdensmaal.core.demo import DEMO_USERS, demo_load
from verdensmaal.data.demo import demo_observations_load
from verdensmaal.frameworks.demo import framework_demo_load


class Command(BaseCommand):
    help = "Load the demo organisations and users (labelled as demo); safe to run again."

    def handle(self, *args, **options):
        counts = demo_load()
        observations = demo_observations_load()
        framework_demo_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {counts['organisations']} organisations, {counts['users']} users, "
                f"{observations} generated observations (labelled as demo)."
            )
        )
        self.stdout.write("Demo logins (username / password, role):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user['username']} / {user['password']}  ({user['role']})")
