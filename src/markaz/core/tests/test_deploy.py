"""Production settings pass Django's deployment checklist with no warning."""

import os
import secrets
import subprocess
import sys


def _check_deploy(tmp_path, **env):
    environment = {
        **os.environ,
        "MARKAZ_DATA_DIR": str(tmp_path),
        "MARKAZ_DEBUG": "0",
        "MARKAZ_SECRET_KEY": secrets.token_urlsafe(50),
        "MARKAZ_ALLOWED_HOSTS": "markaz.example",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "markaz.cli", "manage", "check", "--deploy", "--fail-level",
         "WARNING"],
        capture_output=True, text=True, env=environment, timeout=120, check=False,
    )  # fmt: skip


def test_production_settings_pass_check_deploy(tmp_path):
    result = _check_deploy(tmp_path, MARKAZ_HTTPS="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_plain_http(tmp_path):
    result = _check_deploy(tmp_path, MARKAZ_HTTPS="0")
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stdout + result.stderr
