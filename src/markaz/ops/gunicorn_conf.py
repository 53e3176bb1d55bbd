"""gunicorn settings for `markaz serve --production` (`-c python:markaz.ops.gunicorn_conf`).

Access lines carry the request id the app answered with (X-Request-ID); with
`MARKAZ_LOG_FORMAT=json` gunicorn's own lines (access and errors) are JSON objects too, in the
same shape as the app's (`markaz.ops.logformat`). Command-line options override these.
"""

import os

access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'

if os.environ.get("MARKAZ_LOG_FORMAT", "plain") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "markaz.ops.logformat.JsonFormatter"}},
        "handlers": {
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
            "error": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
        },
        "root": {"level": "INFO", "handlers": []},
    }
