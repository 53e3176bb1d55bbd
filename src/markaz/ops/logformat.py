"""One JSON object per log line (`MARKAZ_LOG_FORMAT=json`), each carrying the request id.

Log shippers (journald → Loki/Elasticsearch/Cloud Logging) parse these lines without a
grok pattern; the request id joins a line to the proxy's access log and to audit entries.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from markaz.core.context import current_request_id

# Attributes every LogRecord has: anything else was passed through `extra=` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "request_id",
    "taskName",
    "request",  # django.request/django.server pass the request object itself
}


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "request_id", "message", …extra, "exception"?}`."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": _request_id(record),
            "message": record.getMessage(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            line.update(_access_fields(record.args))
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and key not in line:
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def _request_id(record: logging.LogRecord) -> str:
    """The handler's filter sets `request_id` from the context; Django logs a 4xx response
    after the middleware has returned (context reset), but passes the request along."""
    rid = getattr(record, "request_id", None) or current_request_id()
    if rid == "-":
        rid = getattr(getattr(record, "request", None), "request_id", None) or rid
    return rid


def _access_fields(atoms: dict) -> dict:
    """gunicorn's access-log atoms → fields; the request id is the one the app answered with."""
    return {
        "request_id": atoms.get("{x-request-id}o") or "-",
        "message": f"{atoms.get('m')} {atoms.get('U')} {atoms.get('s')}",
        "method": atoms.get("m"),
        "path": atoms.get("U"),
        "query": atoms.get("q") or "",
        "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else atoms.get("s"),
        "bytes": atoms.get("B"),
        "duration_ms": round(atoms.get("D", 0) / 1000, 3),
        "remote_addr": atoms.get("h"),
        "user_agent": atoms.get("a"),
    }
