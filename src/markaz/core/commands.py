"""`markaz audit seal` and `markaz audit verify`: the audit log's hash chain."""

from __future__ import annotations

import json
import sys
from datetime import timedelta


def _bar(total: int, title: str):
    from markaz.demo.progress import progress_bar

    return progress_bar(sys.stderr.isatty(), total=total, title=title)


def cmd_seal(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from markaz.core import audit_chain
    from markaz.core.models import AuditEntry

    todo = AuditEntry.objects.filter(seal__isnull=True).count()
    with _bar(todo, "Sealing the audit log") as advance:
        count = audit_chain.seal(
            settle=timedelta(seconds=args.settle), progress=lambda n: advance("", n)
        )
    print(f"sealed {count} audit entries")


def cmd_verify(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from markaz.core import audit_chain
    from markaz.core.models import AuditSeal

    if not args.no_seal:
        audit_chain.seal()
    with _bar(AuditSeal.objects.count(), "Verifying the audit chain") as advance:
        report = audit_chain.verify(expected_head=args.head, progress=lambda n: advance("", n))
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        state = "intact" if report.ok else "BROKEN"
        print(f"audit chain {state}: {report.checked} entries checked, head {report.head}")
        for name in ("edited", "deleted", "broken", "late"):
            if getattr(report, name):
                print(f"  {name}: {getattr(report, name)[:20]}")
    if not report.ok:
        sys.exit(1)


def register(subparsers) -> None:
    audit = subparsers.add_parser("audit", help="the audit log's hash chain")
    sub = audit.add_subparsers(dest="audit_command", required=True)
    p = sub.add_parser("seal", help="link committed audit entries into the hash chain")
    p.add_argument(
        "--settle", type=int, default=60, help="seconds an entry must be old (default 60)"
    )
    p.set_defaults(func=cmd_seal)
    p = sub.add_parser("verify", help="recompute the chain; exit 1 on any edit or deletion")
    p.add_argument("--head", help="a chain hash noted earlier, which must still be present")
    p.add_argument("--no-seal", action="store_true", help="do not seal new entries first")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_verify)
