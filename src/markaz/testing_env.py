"""Loaded by pytest (`-p markaz.testing_env`) before Django's settings are read."""

import os
from pathlib import Path

os.environ.setdefault("MARKAZ_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("MARKAZ_DATA_DIR", str(Path.cwd() / "var" / "test"))
# Live-server threads must not keep PostgreSQL sessions open past the test database's drop.
os.environ.setdefault("MARKAZ_DB_CONN_MAX_AGE", "0")
