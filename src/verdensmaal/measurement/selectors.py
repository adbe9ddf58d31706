"""Reads of the network's progress settings."""

from .models import ProgressSettings


def progress_settings() -> ProgressSettings:
    return ProgressSettings.current()
