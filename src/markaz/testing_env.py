"""Loaded by pytest (`-p markaz.testing_env`) before Django's settings are read."""

import os
from pathlib import Path

os.environ.setdefault("MARKAZ_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("MARKAZ_DATA_DIR", str(Path.cwd() / "var" / "test"))
