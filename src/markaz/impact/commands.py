"""`markaz import impact FILE` (also `markaz impact import FILE`) and `markaz impact rebuild`."""

from __future__ import annotations

import sys


def cmd_import(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from django.contrib.auth import get_user_model

    from markaz.core.access import scope_for
    from markaz.core.models import Center
    from markaz.demo.progress import progress_bar
    from markaz.impact.exports import errors_csv
    from markaz.impact.importer import ImportFailed, import_observations, read_rows

    center = Center.objects.filter(slug=args.center).first()
    if center is None:
        sys.exit(f"markaz import impact: no center {args.center!r}.")
    user = get_user_model().objects.filter(username=args.user).first() if args.user else None
    if args.user and user is None:
        sys.exit(f"markaz import impact: no user {args.user!r}.")
    if user is None:  # the center's first admin signs the import (audit log)
        from markaz.core.models import Membership

        first = Membership.objects.filter(center=center, role="admin").order_by("pk").first()
        if first is None:
            sys.exit("markaz import impact: the center has no admin; pass --user.")
        user = first.user
    scope = scope_for(user)
    with open(args.file, "rb") as f:
        data = f.read()
    try:
        rows = read_rows(args.file, data)
        with progress_bar(not args.quiet, total=len(rows), title="Importing") as advance:
            count = import_observations(
                scope=scope, center=center, rows=rows, verify=args.verify,
                progress=advance,
            )  # fmt: skip
    except ImportFailed as exc:
        if args.errors:
            with open(args.errors, "w", encoding="utf-8") as out:
                out.write(errors_csv(exc.errors))
        for line, message in exc.errors[:50]:
            print(f"{args.file}:{line}: {message}", file=sys.stderr)
        sys.exit(f"markaz import impact: nothing imported ({len(exc.errors)} error(s)).")
    print(f"Imported {count} observations into {center.slug}.")


def cmd_rebuild(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from django.db import transaction

    from markaz.core.models import Center
    from markaz.impact.rollups import rebuild

    centers = Center.objects.filter(slug=args.center) if args.center else Center.objects.all()
    for center in centers:
        with transaction.atomic():
            print(f"{center.slug}: {rebuild(center.pk)} roll-up cells")


def _add_import_arguments(p) -> None:
    p.add_argument("file", help="CSV (UTF-8) or XLSX with a header row")
    p.add_argument("--center", required=True, help="center slug")
    p.add_argument("--user", help="username of the staff member importing (audit)")
    p.add_argument("--verify", action="store_true", help="mark the reports as verified")
    p.add_argument("--errors", help="write the row-by-row error report (CSV) here")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_import)


def register(subparsers) -> None:
    from markaz.cli import import_subcommands

    _add_import_arguments(
        import_subcommands(subparsers).add_parser(
            "impact", help="import impact observations (all or nothing)"
        )
    )
    p = subparsers.add_parser("impact", help="impact measurement tools")
    sub = p.add_subparsers(dest="impact_command", metavar="COMMAND")
    p.set_defaults(func=lambda args: p.error("say import or rebuild"))
    _add_import_arguments(sub.add_parser("import", help="import observations (all or nothing)"))
    r = sub.add_parser("rebuild", help="recompute the roll-up cells from verified reports")
    r.add_argument("--center", help="center slug (default: every center)")
    r.set_defaults(func=cmd_rebuild)
