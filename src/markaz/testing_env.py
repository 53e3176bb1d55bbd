"""Loaded by pytest (`-p markaz.testing_env`) before Django's settings are read."""

import os
from pathlib import Path

os.environ.setdefault("MARKAZ_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("MARKAZ_DATA_DIR", str(Path.cwd() / "var" / "test"))
# Live-server threads must not keep PostgreSQL sessions open past the test database's drop.
os.environ.setdefault("MARKAZ_DB_CONN_MAX_AGE", "0")
# No API rate limit (0 = off): the access matrices call every operation within one minute.
# The accounts tests that test the limit set it explicitly.
os.environ.setdefault("MARKAZ_API_RATE_LIMIT", "0")
os.environ.setdefault("MARKAZ_API_ANON_RATE_LIMIT", "0")
