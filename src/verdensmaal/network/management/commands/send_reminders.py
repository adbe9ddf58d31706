from django.core.management.base import BaseCommand

from verdensmaal.network.services import reminders_send


class Command(BaseCommand):
    help = (
        "Send the due reminders: to participants a week before their meetings, to task owners two "
        "days before a task is due. Safe to run as often as you like: no reminder is sent twice."
    )

    def handle(self, *args, **options):
        sent = reminders_send()
        others = "".join(
            f", {count} {name.replace('_', ' ')}"
            for name, count in sent.items()
            if name not in ("meetings", "tasks")
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Reminders sent: {sent['meetings']} for meetings, {sent['tasks']} for tasks"
                f"{others}."
            )
        )
