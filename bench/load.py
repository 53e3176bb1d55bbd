"""`markaz bench load`: simulated users against the production server, with the ceiling.

50 users (staff, innovators, reviewers and the public, in that mix) browse a
`generate --scale 20` network for 2 minutes against gunicorn (production settings) on
PostgreSQL when DATABASE_URL is set. Each user requests a page or an API read, pauses for
an exponentially distributed think time (mean 1 s: people read what they open), and goes on.
The load comes from separate processes, so the client's own Python does not share a GIL
with the server. A second phase saturates the server with API reads and, in the same run,
with a bare Django view (the ceiling): the API's throughput is reported as a share of it.

Prints one JSON line: requests, errors, p50/p95/p99 per endpoint group and per endpoint,
throughputs and whether the targets are met.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import sys
import threading
import time

from _common import emit, gunicorn_server, log, percentiles, use_data_dir

PAGE_TARGET_MS = 200
API_TARGET_MS = 50
CEILING_SHARE_TARGET = 0.5
MIX = {"staff": 0.4, "innovator": 0.3, "reviewer": 0.1, "public": 0.2}


def _user(port, plan, until, think, seed, out):
    """One simulated user: a keep-alive connection, its persona's endpoints, think time."""
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < until:
        name, group, path, headers = rng.choice(plan)
        started = time.perf_counter()
        status = 0
        for _attempt in range(2):  # a browser retries once when an idle keep-alive was closed
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                break
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                started = time.perf_counter()
        out.append((name, group, (time.perf_counter() - started) * 1000, status))
        if think:
            time.sleep(min(rng.expovariate(1 / think), 5 * think))
    conn.close()


def _load_process(port, plans, seconds, think, seed, queue):
    until = time.monotonic() + seconds
    out: list = []
    threads = [
        threading.Thread(target=_user, args=(port, plan, until, think, seed * 1000 + i, out))
        for i, plan in enumerate(plans)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put(out)


def run_users(port, plans, seconds, think, processes=2) -> list:
    """Spread the users over `processes` client processes; gather every sample."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    chunks = [plans[i::processes] for i in range(processes)]
    procs = [
        ctx.Process(target=_load_process, args=(port, chunk, seconds, think, n, queue))
        for n, chunk in enumerate(chunks)
        if chunk
    ]
    for p in procs:
        p.start()
    samples = [s for _ in procs for s in queue.get()]
    for p in procs:
        p.join()
    return samples


def saturate(port, path, headers, seconds, users) -> dict:
    """Requests per second with `users` connections and no think time."""
    plan = [[("x", "x", path, headers)]] * users
    started = time.monotonic()
    samples = run_users(port, plan, seconds, 0.0)
    elapsed = time.monotonic() - started
    ok = sum(1 for s in samples if s[3] == 200)
    return {
        "requests_per_s": round(ok / elapsed, 1),
        "errors": len(samples) - ok,
        **percentiles([s[2] for s in samples]),
    }


def build_plans(users: int):
    """Each persona's endpoints (name, group, path, headers) from the generated network."""
    from django.conf import settings
    from django.test import Client

    from markaz.core.models import Center, Membership
    from markaz.core.tokens import create_token
    from markaz.ventures.models import TeamMember, Venture

    center = Center.objects.filter(slug__startswith="gen-1-").order_by("slug").first()
    if center is None:
        sys.exit("bench load: the generated network has no center")
    members = Membership.objects.filter(center=center).select_related("user")
    staff = members.filter(role__in=["staff", "admin"]).first()
    reviewer = members.filter(role="reviewer").first() or staff
    innovator_m = members.filter(role="innovator").first()
    if staff is None:
        sys.exit("bench load: the generated center has no staff")
    venture = Venture.objects.filter(center=center).order_by("pk").first()
    own = (
        TeamMember.objects.filter(person__user=innovator_m.user).values_list("venture", flat=True)
        if innovator_m
        else []
    )
    own_venture = next(iter(own), venture.pk)
    innovator = innovator_m or staff

    def session(user) -> dict:
        client = Client()
        client.force_login(user)
        name = settings.SESSION_COOKIE_NAME
        return {"Cookie": f"{name}={client.cookies[name].value}"}

    def bearer(user) -> dict:
        _row, secret = create_token(username=user.username, center_slug=center.slug, name="load")
        return {"Authorization": f"Bearer {secret}"}

    c, a = f"/en/c/{center.slug}", f"/api/v1/centers/{center.slug}"
    s, st = session(staff.user), bearer(staff.user)
    i, it = session(innovator.user), bearer(innovator.user)
    r = session(reviewer.user)
    person = center.people.order_by("pk").values_list("pk", flat=True).first()
    personas = {
        "staff": [
            ("dashboard", "page", f"{c}/", s),
            ("venture_list", "page", f"{c}/ventures/", s),
            ("venture_search", "page", f"{c}/ventures/?q=water&stage=pilot", s),
            ("venture_detail", "page", f"{c}/ventures/{venture.pk}/", s),
            ("organization_list", "page", f"{c}/organizations/?sector=academia", s),
            ("person_detail", "page", f"{c}/people/{person}/", s),
            ("api_ventures", "api", f"{a}/ventures", st),
            ("api_people", "api", f"{a}/people", st),
            ("api_venture_detail", "api", f"{a}/ventures/{venture.pk}", st),
        ],
        "innovator": [
            ("home", "page", "/en/", i),
            ("own_venture", "page", f"{c}/ventures/{own_venture}/", i),
            ("knowledge", "page", f"{c}/knowledge/", i),
            ("api_ventures", "api", f"{a}/ventures", it),
            ("api_organizations", "api", f"{a}/organizations", it),
        ],
        "reviewer": [
            ("dashboard", "page", f"{c}/", r),
            ("organization_list", "page", f"{c}/organizations/", r),
        ],
        "public": [
            ("portal_home", "public", "/en/portal/", {}),
            ("portal_center", "public", f"/en/portal/centers/{center.slug}/", {}),
            ("open_calls", "public", "/en/calls/", {}),
            ("public_library", "public", "/en/knowledge/", {}),
        ],
    }
    plans = []
    for persona, share in MIX.items():
        plans += [personas[persona]] * max(1, round(users * share))
    return plans[:users], personas


def main() -> None:
    parser = argparse.ArgumentParser(prog="markaz bench load")
    parser.add_argument("--scale", type=int, default=20)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--think", type=float, default=1.0, help="mean think time (s)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--saturate-seconds", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="scale 1, 20 s, 5 s saturation")
    args = parser.parse_args()
    if args.quick:
        args.scale, args.seconds, args.saturate_seconds = 1, 20, 5

    use_data_dir(f"load-scale{args.scale}")
    os.environ["MARKAZ_API_RATE_LIMIT"] = "0"  # the load is the point, not its refusal
    os.environ["MARKAZ_API_ANON_RATE_LIMIT"] = "0"
    from markaz.cli import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "--no-input", "-v", "0")
    call_command("collectstatic", "--no-input", "-v", "0")
    from markaz.demo.generate import generate_network

    started = time.perf_counter()
    counts = generate_network(scale=args.scale, seed=1, progress=True)
    log(f"data ready in {time.perf_counter() - started:.1f}s")
    plans, personas = build_plans(args.users)
    connection.close()

    with gunicorn_server(workers=args.workers, threads=args.threads) as port:
        log(f"{len(plans)} users for {args.seconds}s …")
        started = time.monotonic()
        samples = run_users(port, plans, args.seconds, args.think)
        elapsed = time.monotonic() - started
        _name, _group, api_path, api_headers = personas["staff"][6]  # the venture list API
        log("saturating with API reads, then with the bare view …")
        api = saturate(port, api_path, api_headers, args.saturate_seconds, 16)
        ceiling = saturate(port, "/bench/ceiling", {}, args.saturate_seconds, 16)

    errors = [s for s in samples if s[3] != 200]
    groups = {
        g: percentiles([s[2] for s in samples if s[1] == g]) for g in ("page", "api", "public")
    }
    endpoints = {
        n: percentiles([s[2] for s in samples if s[0] == n])
        for n in sorted({s[0] for s in samples})
    }
    page_p95 = max(groups["page"].get("p95_ms", 0), groups["public"].get("p95_ms", 0))
    api_p95 = groups["api"].get("p95_ms", 0)
    share = api["requests_per_s"] / ceiling["requests_per_s"] if ceiling["requests_per_s"] else 0
    emit(
        {
            "bench": "load",
            "database": connection.vendor,
            "scale": args.scale,
            "data": counts,
            "server": f"gunicorn, {args.workers} workers × {args.threads} threads",
            "users": len(plans),
            "mix": MIX,
            "think_mean_s": args.think,
            "seconds": round(elapsed, 1),
            "requests": len(samples),
            "requests_per_s": round(len(samples) / elapsed, 1),
            "errors": len(errors),
            "error_statuses": sorted({s[3] for s in errors}),
            "groups": groups,
            "endpoints": endpoints,
            "api_saturated": api,
            "ceiling_bare_view": ceiling,
            "api_share_of_ceiling": round(share, 3),
            "targets": {
                "page_p95_ms": PAGE_TARGET_MS,
                "api_p95_ms": API_TARGET_MS,
                "api_share_of_ceiling": CEILING_SHARE_TARGET,
                "errors": 0,
            },
            "meets_targets": not errors
            and page_p95 <= PAGE_TARGET_MS
            and api_p95 <= API_TARGET_MS
            and share >= CEILING_SHARE_TARGET,
        }
    )


if __name__ == "__main__":
    main()
