import io
import json
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from markaz.core.context import RequestIdLogFilter, request_id
from markaz.ops.logformat import JsonFormatter
from markaz.settings_parts import ops as ops_settings


@pytest.fixture
def json_log():
    """A JSON handler on the root logger, as MARKAZ_LOG_FORMAT=json configures it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdLogFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_every_line_is_one_json_object_with_the_request_id(json_log):
    log = logging.getLogger("markaz.test")
    with request_id("req-42"):
        log.warning("payment %s approved", "P-1", extra={"center": "amal-hub"})
    log.warning("outside any request")
    inside, outside = json_log()
    assert inside["request_id"] == "req-42"
    assert inside["message"] == "payment P-1 approved"
    assert inside["level"] == "WARNING"
    assert inside["logger"] == "markaz.test"
    assert inside["center"] == "amal-hub"
    assert inside["time"].endswith("+00:00")
    assert outside["request_id"] == "-"


def test_exceptions_and_arabic_text_stay_on_one_line(json_log):
    log = logging.getLogger("markaz.test")
    try:
        raise ValueError("تمويل")
    except ValueError:
        log.exception("فشل الدفع")
    (line,) = json_log()
    assert line["message"] == "فشل الدفع"
    assert "ValueError: تمويل" in line["exception"]


def test_requests_log_with_the_id_the_response_carries(client, db, json_log):
    response = client.get("/en/no-such-page/", headers={"X-Request-ID": "edge-7f3a"})
    assert response.status_code == 404
    assert response["X-Request-ID"] == "edge-7f3a"
    lines = [line for line in json_log() if line["logger"] == "django.request"]
    assert lines
    assert {line["request_id"] for line in lines} == {"edge-7f3a"}
    assert lines[0]["status_code"] == 404


def test_gunicorn_access_lines_become_fields():
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(r)s", None, None)
    record.args = {"m": "GET", "U": "/api/v1/ventures", "q": "page=2", "s": "200", "B": 512,
                   "D": 12500, "h": "10.0.0.5", "a": "curl", "r": "GET /api/v1/ventures",
                   "{x-request-id}o": "abc123"}  # fmt: skip
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "abc123"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/api/v1/ventures", 200)
    assert line["duration_ms"] == 12.5


def _settings() -> dict:
    return {
        "LOGGING": {
            "formatters": {"plain": {"format": "%(message)s"}},
            "handlers": {"console": {"formatter": "plain", "filters": ["request_id"]}},
        }
    }


def test_json_format_is_chosen_by_the_environment(monkeypatch):
    monkeypatch.setenv("MARKAZ_LOG_FORMAT", "json")
    s = _settings()
    ops_settings.apply(s)
    assert s["LOGGING"]["handlers"]["console"]["formatter"] == "json"
    assert s["LOGGING"]["formatters"]["json"]["()"] == "markaz.ops.logformat.JsonFormatter"
    assert s["LOGGING"]["handlers"]["console"]["filters"] == ["request_id"]


def test_plain_format_is_the_default(monkeypatch):
    monkeypatch.delenv("MARKAZ_LOG_FORMAT", raising=False)
    s = _settings()
    ops_settings.apply(s)
    assert s["LOGGING"]["handlers"]["console"]["formatter"] == "plain"


def test_an_unknown_log_format_is_a_configuration_error(monkeypatch):
    monkeypatch.setenv("MARKAZ_LOG_FORMAT", "xml")
    with pytest.raises(ImproperlyConfigured, match="MARKAZ_LOG_FORMAT"):
        ops_settings.apply(_settings())
