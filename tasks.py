#!/usr/bin/env python3
"""Project tasks that work on a fresh machine with only Python 3.11+ and git.

    python3 tasks.py demo      install, migrate, seed the demo network and serve it on :8000
    python3 tasks.py test      install and run the whole test suite (pass pytest arguments after it)
    python3 tasks.py lint      ruff check and ruff format --check
    python3 tasks.py lock      re-pin requirements/*.txt with hashes from requirements/*.in
    python3 tasks.py messages  extract translatable strings (needs gettext) and compile catalogs
                               (`messages APP`: only that app's own catalog)

Only the standard library is used here: this file creates the virtual environment.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"

if sys.version_info < (3, 11):  # noqa: UP036 - this file runs on any python3
    sys.exit("Markaz needs Python 3.11 or newer.")


def run(*cmd: str | Path, env: dict | None = None, cwd: Path = ROOT) -> None:
    result = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env)  # noqa: S603
    if result.returncode:
        sys.exit(result.returncode)


def ensure_venv(profile: str) -> None:
    """Create .venv and install the hash-pinned requirements; skipped when nothing changed."""
    requirements = ROOT / "requirements" / f"{profile}.txt"
    digest = hashlib.sha256(requirements.read_bytes() + (ROOT / "pyproject.toml").read_bytes())
    stamp = VENV / f".installed-{profile}"
    if stamp.exists() and stamp.read_text() == digest.hexdigest() and PY.exists():
        return
    if not PY.exists():
        print("Creating the virtual environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print(f"Installing {requirements.relative_to(ROOT)} (hash-checked) …", flush=True)
    pip = [PY, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    run(*pip, "--require-hashes", "-r", requirements)
    run(*pip, "--no-deps", "--no-build-isolation", "-e", ".")
    stamp.write_text(digest.hexdigest())


def ensure_browser() -> None:
    """Browser tests drive Debian's chromium; install it (and an Arabic font) when missing."""
    if shutil.which("chromium") and Path("/usr/share/fonts/truetype/noto").exists():
        return
    if os.environ.get("MARKAZ_SKIP_BROWSER_INSTALL") or not shutil.which("apt-get"):
        print("chromium is missing: browser tests will be skipped.", flush=True)
        return
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        print("chromium is missing and we are not root: browser tests will be skipped.")
        return
    print("Installing Debian's chromium and fonts-noto-core for the browser tests …", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)  # noqa: S607
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-core"],  # noqa: S607
        check=False,
        env=env,
    )


def main(argv: list[str]) -> None:
    task = argv[0] if argv else "help"
    rest = argv[1:]
    if task == "demo":
        ensure_venv("base")
        run(BIN / "markaz", "demo", *rest)
    elif task == "test":
        ensure_venv("dev")
        ensure_browser()
        # Two workers by default (CI machines have 2 cores); `-n 0` runs in one process.
        workers = [] if any(a.startswith("-n") for a in rest) else ["-n", "2"]
        run(PY, "-m", "pytest", *workers, *rest)
    elif task == "lint":
        ensure_venv("dev")
        run(BIN / "ruff", "check", ".")
        run(BIN / "ruff", "format", "--check", ".")
    elif task == "messages":
        # `messages` does every catalog; `messages APP` only that app's own catalog.
        ensure_venv("dev")
        src = ROOT / "src" / "markaz"
        own = sorted(d.parent.name for d in src.glob("*/locale"))
        targets = [a for a in rest if not a.startswith("-")] or ["", *own]
        for target in targets:
            where = src / target if target else src
            (where / "locale" / "ar" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
            skip = ["tests/*"] if target else ["tests/*", *(f"{a}/*" for a in own)]
            if shutil.which("xgettext"):
                ignores = [x for pattern in skip for x in ("--ignore", pattern)]
                run(
                    BIN / "markaz", "manage", "makemessages", "-l", "ar", "--no-obsolete",
                    *ignores, cwd=where,
                )  # fmt: skip
            else:
                print("xgettext (Debian's gettext) is missing: compiling the catalogs only.")
            for po in where.glob("locale/*/LC_MESSAGES/*.po"):
                run(
                    PY,
                    "-c",
                    f"import polib; polib.pofile({str(po)!r})"
                    f".save_as_mofile({str(po.with_suffix('.mo'))!r})",
                )
    elif task == "lock":
        ensure_venv("dev")
        run(PY, "-m", "pip", "install", "-q", "pip-tools")
        for name in ("base", "dev"):
            run(
                PY, "-m", "piptools", "compile", "-q", "--generate-hashes", "--allow-unsafe",
                "--no-emit-index-url", "--no-emit-find-links", "--strip-extras",
                "-o", f"requirements/{name}.txt", f"requirements/{name}.in",
            )  # fmt: skip
    else:
        print(__doc__)
        sys.exit(0 if task in {"help", "-h", "--help"} else 2)


if __name__ == "__main__":
    main(sys.argv[1:])
