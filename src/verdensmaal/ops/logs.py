"""Structured logs: one JSON object a line, for log collectors (journald, Loki, Elastic).

Every record has ``time`` (UTC, ISO 8601 with milliseconds), ``level``, ``logger`` and
``message``; fields given with ``extra={"fields": {...}}`` are added as they are (the request log
gives method, path, status, duration_ms and user_id). Exceptions come as one ``exception`` string.
Nothing here adds personal data: callers log user ids, never names, e-mail or addresses.
"""

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
