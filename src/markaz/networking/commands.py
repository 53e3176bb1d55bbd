"""`markaz network expire-introductions`: close introduction requests past their date (quietly;
schedule it, e.g. daily). `markaz network analytics [--center SLUG ...]`: the network analytics
as JSON (cross-sector collaboration index, brokers, isolated ventures, sector ties by year)."""

from __future__ import annotations

import json
import sys


def cmd_expire(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from markaz.networking.services import expire_introductions

    print(f"{expire_introductions()} introduction request(s) expired")


def cmd_analytics(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from markaz.core.models import Center
    from markaz.networking.graph import network_analytics

    centers = None
    if args.center:
        centers = list(Center.objects.filter(slug__in=args.center))
        missing = set(args.center) - {c.slug for c in centers}
        if missing:
            sys.exit(f"markaz network analytics: no center {', '.join(sorted(missing))}")
    print(json.dumps(network_analytics(centers), ensure_ascii=False, indent=1))


def register(subparsers) -> None:
    p = subparsers.add_parser("network", help="networking: introductions and graph analytics")
    sub = p.add_subparsers(dest="network_command", required=True)
    q = sub.add_parser("expire-introductions", help="close requests past their date (quietly)")
    q.set_defaults(func=cmd_expire)
    q = sub.add_parser("analytics", help="network analytics as JSON")
    q.add_argument("--center", action="append", help="center slug (repeatable; default all)")
    q.set_defaults(func=cmd_analytics)
