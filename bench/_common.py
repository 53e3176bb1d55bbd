"""Shared helpers for benchmarks: data dirs, a real server on loopback, percentiles."""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def use_data_dir(name: str) -> Path:
    """Benchmarks keep their own database (under var/bench/NAME) unless DATABASE_URL is set."""
    path = Path(os.environ.get("MARKAZ_BENCH_DIR", ROOT / "var" / "bench")) / name
    path.mkdir(parents=True, exist_ok=True)
    os.environ["MARKAZ_DATA_DIR"] = str(path)
    os.environ.setdefault("MARKAZ_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghij")
    os.environ["MARKAZ_BENCH"] = "1"
    return path


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn_server(workers: int = 2, threads: int = 1):
    """Serve the app with gunicorn on a free loopback port; yields the port."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "gunicorn", "markaz.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--log-level", "warning",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env=os.environ.copy())
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start within 30 s")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def timed_gets(port: int, path: str, n: int, headers: dict | None = None) -> dict:
    """n sequential GETs over one keep-alive connection: latency percentiles in ms."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    samples = []
    status = None
    for _ in range(n):
        started = time.perf_counter()
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        response.read()
        samples.append((time.perf_counter() - started) * 1000)
        status = response.status
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.close()
    return {"status": status, **percentiles(samples)}


def percentiles(samples: list[float]) -> dict:
    """p50/p95/p99 in ms and the sample count (empty: just the count)."""
    if not samples:
        return {"n": 0}
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else None
    pick = (lambda k: q[k - 1]) if q else (lambda _k: ordered[0])
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(pick(95), 2),
        "p99_ms": round(pick(99), 2),
        "n": len(ordered),
    }


def emit(figures: dict) -> None:
    print(json.dumps(figures, ensure_ascii=False, sort_keys=False), flush=True)
