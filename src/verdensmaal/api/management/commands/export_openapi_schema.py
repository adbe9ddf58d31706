"""django-ninja's command (``verdensmaal export_openapi_schema --api verdensmaal.api.api.api``),
kept now that ninja is not an installed app (settings: ``NINJA_DIR``)."""

from ninja.management.commands.export_openapi_schema import Command

__all__ = ["Command"]
