"""Scale-out: two app processes (gunicorn, production settings) and two job workers share one
PostgreSQL database and one Redis. A session started on one app serves on the other, writes
through both land once each, API rate limits are counted once for the whole deployment, and
jobs queued meanwhile run exactly once. Skipped on SQLite and when Redis is not running."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection, transaction

pytestmark = pytest.mark.django_db(transaction=True)

REDIS = ("127.0.0.1", 6379)
DEADLINE = 90.0
RATE_LIMIT = 40
PASSWORD = "scale-out passphrase 42"


def _reachable(address) -> bool:
    try:
        socket.create_connection(address, timeout=1).close()
    except OSError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    d = connection.settings_dict
    password = f":{d['PASSWORD']}" if d.get("PASSWORD") else ""
    return f"postgres://{d['USER']}{password}@{d['HOST']}:{d['PORT'] or 5432}/{d['NAME']}"


@pytest.fixture
def deployment_env(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("scale-out runs on PostgreSQL")
    if not _reachable(REDIS):
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "MARKAZ_DATA_DIR": str(tmp_path / "shared"),
        "MARKAZ_SECRET_KEY": secrets.token_urlsafe(50),
        "MARKAZ_DEBUG": "0",
        "MARKAZ_TASKS": "database",
        # Its own key space in Redis db 15, so a developer's cache is left alone.
        "MARKAZ_REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/15",
        "MARKAZ_API_RATE_LIMIT": str(RATE_LIMIT),
        "MARKAZ_DB_CONN_MAX_AGE": "0",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    import redis

    redis.Redis(host=REDIS[0], port=REDIS[1], db=15).flushdb()
    return env


def _wait(condition, what: str, procs=()):
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        for p in procs:
            assert p.poll() is None, f"{what}: a process exited with {p.returncode}"
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _healthy(base: str) -> bool:
    try:
        return requests.get(f"{base}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _start(args: list[str], env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "markaz.cli", *args], env=env, stdout=log, stderr=subprocess.STDOUT
    )


def _stop(procs) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def _login(base: str, username: str) -> requests.Session:
    s = requests.Session()
    page = s.get(f"{base}/en/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = s.post(
        f"{base}/en/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/en/accounts/login/"},
        timeout=10,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return s


def test_two_app_processes_and_two_workers_share_one_postgresql(
    deployment_env, database_queue, center_a, admin_a, tmp_path
):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from markaz.jobs.models import JobRun
    from markaz.jobs.tests.sample_jobs import (
        create_probe_table,
        drop_probe_table,
        insert_probe,
        probe_rows,
    )
    from markaz.ventures.models import Venture

    hasher = Argon2PasswordHasher()
    admin_a.password = hasher.encode(PASSWORD, hasher.salt())
    admin_a.save(update_fields=["password"])
    create_probe_table()

    log = open(tmp_path / "processes.log", "wb")  # noqa: SIM115 - closed below
    ports = [_free_port(), _free_port()]
    bases = [f"http://127.0.0.1:{p}" for p in ports]
    procs: list[subprocess.Popen] = []
    try:
        # One after the other: both collect static files into the shared data directory.
        for port, base in zip(ports, bases, strict=True):
            procs.append(
                _start(
                    ["serve", "--production", "--port", str(port), "--workers", "1"],
                    deployment_env,
                    log,
                )
            )
            _wait(lambda base=base: _healthy(base), f"app at {base}", procs)
        for name in ("w1", "w2"):
            procs.append(
                _start(["worker", "--worker-id", name, "--interval", "0.05"], deployment_env, log)
            )

        # A session started on app 1 is valid on app 2: sessions live in the database.
        session = _login(bases[0], admin_a.username)
        dashboard = f"/en/c/{center_a.slug}/"
        assert session.get(bases[1] + dashboard, timeout=10).status_code == 200
        csrf = session.cookies["csrftoken"]

        # Jobs queued while the apps serve are shared by the two workers.
        with transaction.atomic():
            for n in range(40):
                insert_probe.enqueue(f"scale-{n:02}")

        def create(n: int) -> int:
            response = session.post(
                f"{bases[n % 2]}/api/v1/centers/{center_a.slug}/ventures",
                json={"name_en": f"Scale venture {n}", "stage": "idea"},
                headers={"X-CSRFToken": csrf, "Referer": bases[n % 2]},
                timeout=20,
            )
            return response.status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            created = list(pool.map(create, range(24)))
        assert created == [201] * 24
        assert Venture.objects.filter(name_en__startswith="Scale venture").count() == 24

        # The API rate limit is counted once across both processes (Redis), not per process:
        # 24 creations and 40 reads, alternating between the apps, are 64 calls in Redis.
        statuses = [
            session.get(f"{bases[n % 2]}/api/v1/centers", timeout=10).status_code
            for n in range(RATE_LIMIT)
        ]
        import redis

        store = redis.Redis(host=REDIS[0], port=REDIS[1], db=15)
        counters = [int(store.get(k)) for k in store.keys("*accounts:rate:*")]
        assert sum(counters) == 24 + RATE_LIMIT
        if len(counters) == 1:  # all in one window (the usual case): exactly the limit passed
            assert statuses == [200] * (RATE_LIMIT - 24) + [429] * 24
        else:  # the calls straddled a minute boundary
            assert set(statuses) <= {200, 429}

        done = JobRun.objects.filter(name__endswith="insert_probe", status="succeeded")
        _wait(lambda: done.count() == 40, "40 jobs", procs)
        rows = probe_rows()
        assert len(rows) == 40
        assert {attempt for _, attempt in rows} == {1}
        assert set(JobRun.objects.filter(pk__in=done).values_list("worker", flat=True)) <= {
            "w1",
            "w2",
        }
    finally:
        _stop(procs)
        log.close()
        print((tmp_path / "processes.log").read_text(errors="replace")[-6000:])
        drop_probe_table()
