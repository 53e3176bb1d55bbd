"""Real deployments on loopback for tests and the benchmark: own data dir, own SQLite file,
own key, own gunicorn server on a fixed port (so a restart keeps its base URL).

The schema is created without running migrations (syncdb) once, and copied for each deployment.
"""

from __future__ import annotations

import http.client
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PRELUDE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "markaz.settings")
import django
django.setup()
"""

SCHEMA = """
from django.apps import apps
from django.conf import settings
settings.MIGRATION_MODULES = {a.label: None for a in apps.get_app_configs()}
from django.core.management import call_command
call_command("migrate", run_syncdb=True, verbosity=0)
# Tables made from models only; now the migrations' own SQL and data steps, in order.
from django.apps import apps as global_apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.core.exceptions import FieldError
from django.db.migrations.operations.special import RunPython, RunSQL
settings.MIGRATION_MODULES = {}
loader = MigrationLoader(None, ignore_no_migrations=True)
plan = []
for leaf in loader.graph.leaf_nodes():
    for node in loader.graph.forwards_plan(leaf):
        if node not in plan:
            plan.append(node)
class _State:
    apps = global_apps
ours = {a.label for a in global_apps.get_app_configs() if a.name.startswith("markaz.")}
for app_label, name in plan:
    if app_label not in ours:
        continue
    for op in loader.graph.nodes[(app_label, name)].operations:
        if isinstance(op, RunSQL):
            with connection.schema_editor(atomic=True) as editor:
                op.database_forwards(app_label, editor, _State, _State)
        elif isinstance(op, RunPython):
            try:
                with connection.schema_editor(atomic=True) as editor:
                    op.code(global_apps, editor)
            except FieldError:
                # A data step converting a field the models no longer have (e.g. a rename):
                # the fresh tables have no rows of the old shape to convert.
                pass
"""


# A long-lived interpreter inside a deployment: one Django start-up for many snippets. Each line
# on stdin is a JSON string of code; each reply line is {"ok", "value" | "error"}, where value is
# the last line the snippet printed (as JSON). Connections are closed after every snippet, so
# each one sees what the server and the others committed.
DRIVER = """
import contextlib, io, traceback
from django.db import connections
for line in sys.stdin:
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(json.loads(line), {"json": json, "__name__": "__driver__"})
        lines = [x for x in out.getvalue().splitlines() if x.strip()]
        reply = {"ok": True, "value": json.loads(lines[-1]) if lines else None}
    except BaseException:
        reply = {"ok": False, "error": traceback.format_exc()[-3000:]}
    finally:
        connections.close_all()
    sys.__stdout__.write(json.dumps(reply) + chr(10))
    sys.__stdout__.flush()
"""


def scratch_dir(prefix: str) -> Path:
    """A temporary directory, in memory (/dev/shm) when there is one: SQLite fsyncs are free."""
    shm = Path("/dev/shm")  # noqa: S108 - private mkdtemp inside it
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Deployment:
    def __init__(self, name: str, root: Path, *, workers: int = 2) -> None:
        self.name = name
        self.data_dir = root / name
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.proc: subprocess.Popen | None = None
        self.driver: subprocess.Popen | None = None
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MARKAZ_", "DATABASE"))}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.update(
            MARKAZ_DATA_DIR=str(self.data_dir),
            MARKAZ_SECRET_KEY=f"loopback-only-secret-{name}-0123456789abcdefghijklmnop",
            MARKAZ_FEDERATION_NAME=name,
            MARKAZ_FEDERATION_BASE_URL=self.base_url,
            MARKAZ_FEDERATION_TIMEOUT="5",
            MARKAZ_DB_CONN_MAX_AGE="0",
        )
        self.env = env

    @property
    def database(self) -> Path:
        return self.data_dir / "markaz.sqlite3"

    def create_schema(self, template: Path | None = None) -> None:
        if template is not None:
            shutil.copyfile(template, self.database)
        else:
            self.python(SCHEMA)

    def open_driver(self) -> None:
        """Keep one interpreter running for `python()` (saves a Django start-up per call)."""
        self.driver = subprocess.Popen(  # noqa: S603 - our interpreter, our code
            [sys.executable, "-c", PRELUDE + DRIVER], env=self.env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip

    def close_driver(self) -> None:
        if self.driver is not None:
            self.driver.stdin.close()
            try:
                self.driver.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.driver.kill()
                self.driver.wait()
            self.driver = None

    def _drive(self, code: str, timeout: float):
        self.driver.stdin.write(json.dumps(code) + "\n")
        self.driver.stdin.flush()
        ready, _, _ = select.select([self.driver.stdout], [], [], timeout)
        line = self.driver.stdout.readline() if ready else ""
        if not line:
            raise RuntimeError(f"{self.name}: the driver gave no answer within {timeout} s")
        reply = json.loads(line)
        if not reply["ok"]:
            raise RuntimeError(f"{self.name}: script failed:\n{reply['error']}")
        return reply["value"]

    def python(self, code: str, *, timeout: float = 600):
        """Run `code` in this deployment (Django set up); its last stdout line, as JSON."""
        if self.driver is not None:
            return self._drive(code, timeout)
        done = subprocess.run(  # noqa: S603 - our interpreter, our code
            [sys.executable, "-c", PRELUDE + code],
            env=self.env, capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"{self.name}: script failed:\n{done.stderr[-3000:]}")
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        return json.loads(lines[-1]) if lines else None

    def cli(self, *args: str, timeout: float = 600, check: bool = True):
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "markaz.cli", *args],
            env=self.env, capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        if check and done.returncode != 0:
            raise RuntimeError(
                f"{self.name}: markaz {' '.join(args)} failed:\n{done.stderr[-3000:]}"
            )
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        return json.loads(lines[-1]) if lines else None

    def start(self, timeout: float = 60) -> None:
        cmd = [
            sys.executable, "-m", "gunicorn", "markaz.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
            "--log-level", "warning", "--timeout", "120",
        ]  # fmt: skip
        self.proc = subprocess.Popen(cmd, env=self.env)  # noqa: S603
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name}: the server exited")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name}: the server did not start within {timeout} s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # gunicorn's quick shutdown (TERM is graceful)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


# Code run inside a deployment to seed shared and private content (deterministic).
SEED = """
from django.db import transaction
from markaz.core.factories import CenterFactory, NetworkFactory
from markaz.events.factories import EventFactory
from markaz.knowledge.factories import EntryFactory
from markaz.programs.factories import CallFactory
from markaz.ventures.factories import VentureFactory
from markaz.knowledge.models import Entry
NAME, ITEMS = {name!r}, {items}
with transaction.atomic():
    network = NetworkFactory(slug="mena-hubs", name_en="MENA hubs", name_ar="مراكز المنطقة")
    other = NetworkFactory(slug="other-net", name_en="Other", name_ar="أخرى")
    center = CenterFactory(slug=NAME + "-hub", name_en=NAME + " Hub", name_ar="مركز " + NAME)
    center.networks.add(network)
    lonely = CenterFactory(slug=NAME + "-other", name_en=NAME + " Other", name_ar="آخر " + NAME)
    lonely.networks.add(other)
    EntryFactory(center=center, title_en=NAME + " private note", visibility="center")
    EntryFactory(center=center, title_en=NAME + " network guide", visibility="network")
    EntryFactory(center=lonely, title_en=NAME + " other-network guide", visibility="network")
    EntryFactory(center=center, title_en=NAME + " draft", visibility="public", status="draft")
    CallFactory(center=center, title_en=NAME + " open call")
    EventFactory(center=center, title_en=NAME + " public event", visibility="public")
    VentureFactory(center=center, name_en=NAME + " public venture", is_public=True)
    VentureFactory(center=center, name_en=NAME + " private venture", is_public=False)
    Entry.objects.bulk_create(
        Entry(center=center, type="case_study", title_en=f"{{NAME}} public entry {{i}}",
              title_ar=f"مدخل {{i}}", summary_en="Shared with the world.",
              visibility="public", status="published")
        for i in range(ITEMS)
    )
print(json.dumps({{"ok": True}}))
"""
