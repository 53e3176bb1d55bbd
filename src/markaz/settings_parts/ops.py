"""Operations settings: the log format (see markaz/ops).

`MARKAZ_LOG_FORMAT=plain` (default) keeps settings.py's human-readable lines;
`MARKAZ_LOG_FORMAT=json` writes one JSON object per line (`markaz.ops.logformat`), each with
the request id, for log shippers.
"""

from markaz.envconf import env_str

FORMATS = ("plain", "json")


def apply(s: dict) -> None:
    """Change the settings namespace `s` in place."""
    log_format = env_str("MARKAZ_LOG_FORMAT", "plain")
    if log_format not in FORMATS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("MARKAZ_LOG_FORMAT must be plain or json.")
    s["MARKAZ_LOG_FORMAT"] = log_format
    if log_format == "json":
        logging = s["LOGGING"]
        logging["formatters"]["json"] = {"()": "markaz.ops.logformat.JsonFormatter"}
        for handler in logging["handlers"].values():
            handler["formatter"] = "json"
            filters = handler.setdefault("filters", [])
            if "request_id" not in filters:
                filters.append("request_id")
