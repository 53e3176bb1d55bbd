"""`markaz privacy purge [--dry-run]`: apply the retention rule to applications that were not
selected (MARKAZ_RETENTION_REJECTED_DAYS, default 730). `markaz privacy erase REQUEST_ID`:
an operator confirms a waiting erasure request (for a person with no center admin)."""

from __future__ import annotations

import json
import sys


def cmd_purge(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from markaz.privacy.services import purge_expired_applications

    result = purge_expired_applications(dry_run=args.dry_run, days=args.days)
    print(json.dumps(result, sort_keys=True))


def cmd_erase(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from django.core.exceptions import ValidationError

    from markaz.privacy.models import ErasureRequest
    from markaz.privacy.services import confirm_erasure

    request = ErasureRequest.objects.filter(pk=args.request_id).first()
    if request is None:
        sys.exit(f"markaz privacy erase: no erasure request {args.request_id}")
    try:
        done = confirm_erasure(scope=None, request=request)
    except ValidationError as exc:
        sys.exit(f"markaz privacy erase: {' '.join(exc.messages)}")
    print(json.dumps({"request": done.pk, "status": done.status, "rows_changed": done.erased}))


def register(sub) -> None:
    p = sub.add_parser("privacy", help="personal data: retention purge, erasure")
    psub = p.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    c = psub.add_parser("purge", help="remove answers and files of old not-selected applications")
    c.add_argument("--dry-run", action="store_true", help="count, change nothing")
    c.add_argument("--days", type=int, default=None, help="override the retention period")
    c.set_defaults(func=cmd_purge)
    c = psub.add_parser("erase", help="confirm a waiting erasure request (operator)")
    c.add_argument("request_id", type=int)
    c.set_defaults(func=cmd_erase)
