"""Per-request context (request id, acting user) for audit entries and log lines."""

from __future__ import annotations

import contextvars
import logging
from contextlib import contextmanager

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    return request_id_var.get()


@contextmanager
def request_id(value: str):
    token = request_id_var.set(value)
    try:
        yield
    finally:
        request_id_var.reset(token)


class RequestIdLogFilter(logging.Filter):
    """Adds the request id to every log record (settings.LOGGING uses it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True
