"""`markaz bench web`: latency and SQL query counts of the main pages and API reads.

Serves a `generate --scale 20` network (cached under var/bench/web) with gunicorn on loopback
and times sequential requests; the ceiling is a bare Django view returning fixed JSON from the
same server in the same run. Query counts are taken in-process for the same URLs, at two data
sizes, to show they do not grow with the data.
"""

from __future__ import annotations

import argparse
import sys
import time

from _common import emit, gunicorn_server, log, timed_gets, use_data_dir

PAGE_TARGET_MS = 150
API_TARGET_MS = 50


def main() -> None:
    parser = argparse.ArgumentParser(prog="markaz bench web")
    parser.add_argument("--scale", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200, help="requests per URL")
    parser.add_argument("--quick", action="store_true", help="scale 1, 30 requests per URL")
    args = parser.parse_args()
    if args.quick:
        args.scale, args.requests = 1, 30

    use_data_dir(f"web-scale{args.scale}")
    from markaz.cli import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", "--no-input", "-v", "0")
    from markaz.demo.generate import generate_network

    started = time.perf_counter()
    counts = generate_network(scale=args.scale, seed=1, progress=True)
    log(f"data ready in {time.perf_counter() - started:.1f}s: {counts}")

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from markaz.core.models import Center, Membership
    from markaz.core.tokens import create_token
    from markaz.ventures.models import Venture

    center = Center.objects.filter(slug__startswith="gen-1-").order_by("slug").first()
    staff = Membership.objects.filter(center=center, role="staff").select_related("user").first()
    if center is None or staff is None:
        sys.exit("bench web: the generated network has no center with staff")
    venture = Venture.objects.filter(center=center).order_by("pk").first()
    person_pk = center.people.order_by("pk").values_list("pk", flat=True).first()
    _token, secret = create_token(
        username=staff.user.username, center_slug=center.slug, name="bench"
    )

    client = Client()
    client.force_login(staff.user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    c = f"/en/c/{center.slug}"
    pages = {
        "dashboard": f"{c}/",
        "venture_list": f"{c}/ventures/",
        "venture_search": f"{c}/ventures/?q=water&stage=pilot",
        "venture_detail": f"{c}/ventures/{venture.pk}/",
        "organization_list": f"{c}/organizations/?sector=academia",
        "person_list": f"{c}/people/?page=3",
        "person_detail": f"{c}/people/{person_pk}/",
    }
    api = {
        "api_ventures": f"/api/v1/centers/{center.slug}/ventures",
        "api_organizations": f"/api/v1/centers/{center.slug}/organizations",
        "api_people": f"/api/v1/centers/{center.slug}/people",
        "api_venture_detail": f"/api/v1/centers/{center.slug}/ventures/{venture.pk}",
    }

    def queries(path: str, headers: dict) -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(path, **headers)
        return len(ctx)

    token_header = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    query_counts = {name: queries(path, {}) for name, path in pages.items()}
    query_counts |= {name: queries(path, token_header) for name, path in api.items()}

    results: dict = {}
    with gunicorn_server(workers=2) as port:
        for name, path in pages.items():
            results[name] = timed_gets(port, path, args.requests, {"Cookie": cookie})
            log(f"{name}: {results[name]}")
        for name, path in api.items():
            results[name] = timed_gets(
                port, path, args.requests, {"Authorization": f"Bearer {secret}"}
            )
            log(f"{name}: {results[name]}")
        ceiling = timed_gets(port, "/bench/ceiling", args.requests)

    for name, figures in results.items():
        figures["queries"] = query_counts[name]
    bad = {n: r["status"] for n, r in results.items() if r["status"] != 200}
    page_p95 = max(r["p95_ms"] for n, r in results.items() if n in pages)
    api_p95 = max((r["p95_ms"] for n, r in results.items() if n in api), default=None)
    emit(
        {
            "bench": "web",
            "database": connection.vendor,
            "scale": args.scale,
            "data": counts,
            "server": "gunicorn, 2 sync workers, sequential keep-alive requests",
            "endpoints": results,
            "ceiling_bare_view": ceiling,
            "worst_page_p95_ms": page_p95,
            "worst_api_p95_ms": api_p95,
            "targets": {"page_p95_ms": PAGE_TARGET_MS, "api_p95_ms": API_TARGET_MS},
            "meets_targets": not bad
            and page_p95 <= PAGE_TARGET_MS
            and (api_p95 is None or api_p95 <= API_TARGET_MS),
            "non_200": bad,
        }
    )


if __name__ == "__main__":
    main()
