from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # Pure modules (parsers, progress methods) mark messages with N_() and stay free of Django.
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
