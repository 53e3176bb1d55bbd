"""`markaz backup`, `markaz restore` and `markaz migrate-data` (see docs/deployment.md)."""

from __future__ import annotations

import sys
from pathlib import Path


def _fail(command: str, exc: Exception) -> None:
    sys.exit(f"markaz {command}: {exc}")


def cmd_backup(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from django.utils.translation import gettext as _

    from markaz.ops.archive import create_backup, default_archive_name
    from markaz.ops.dbinfo import OpsError
    from markaz.ops.progress import rich_meter

    out = Path(args.output or default_archive_name())
    try:
        with rich_meter() as meter:
            manifest = create_backup(out, meter=meter)
    except OpsError as exc:
        _fail("backup", exc)
    rows = sum(manifest["row_counts"].values())
    print(
        _("Backup written to %(path)s: %(tables)d tables, %(rows)d rows, %(files)d uploaded files.")
        % {
            "path": out,
            "tables": len(manifest["row_counts"]),
            "rows": rows,
            "files": manifest["media"].get("files", 0),
        }
    )


def cmd_restore(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from django.conf import settings
    from django.db import connections
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from markaz.ops.archive import restore_backup
    from markaz.ops.dbinfo import OpsError
    from markaz.ops.progress import rich_meter

    connections.close_all()
    try:
        with rich_meter() as meter:
            report = restore_backup(
                Path(args.file),
                target=settings.DATABASES["default"],
                media_root=Path(settings.MEDIA_ROOT),
                meter=meter,
            )
    except OpsError as exc:
        _fail("restore", exc)
    print(
        _(
            "Restored %(tables)d tables (%(rows)d rows, counts verified) and %(files)d uploaded "
            "files from a backup of %(created)s (Markaz %(version)s)."
        )
        % {
            "tables": report.tables,
            "rows": report.rows,
            "files": report.media_files,
            "created": report.manifest.get("created_at"),
            "version": report.manifest.get("app_version"),
        }
    )
    if report.pending_migrations:
        count = len(report.pending_migrations)
        print(
            ngettext(
                "This Markaz has %(count)d newer migration: run `markaz migrate` next.",
                "This Markaz has %(count)d newer migrations: run `markaz migrate` next.",
                count,
            )
            % {"count": count}
        )


def cmd_migrate_data(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from django.utils.translation import gettext as _

    from markaz.ops.dbinfo import OpsError
    from markaz.ops.progress import rich_meter
    from markaz.ops.transfer import migrate_data

    try:
        with rich_meter() as meter:
            report = migrate_data(args.source, args.target, batch=args.batch, meter=meter)
    except OpsError as exc:
        _fail("migrate-data", exc)
    print(
        _(
            "Copied %(tables)d tables and %(rows)d rows; row counts and checksums match. "
            "Search index rebuilt: %(documents)d documents."
        )
        % {"tables": report.tables, "rows": report.rows, "documents": report.search_documents}
    )
    for note in report.notes:
        print(note)


def register(sub) -> None:
    p = sub.add_parser(
        "backup", help="snapshot the database and uploaded files into one checksummed archive"
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="archive to write (.tar.gz or .tar; default markaz-backup-<UTC time>.tar.gz)",
    )
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore", help="restore a backup archive into an empty database (checksums verified)"
    )
    p.add_argument("file", metavar="FILE", help="archive written by `markaz backup`")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser(
        "migrate-data",
        help="copy every table from one database to a new, empty PostgreSQL database and verify",
    )
    p.add_argument("--from", dest="source", required=True, metavar="URL", help="sqlite:///path")
    p.add_argument(
        "--to", dest="target", required=True, metavar="URL", help="postgresql://user@host/db"
    )
    p.add_argument("--batch", type=int, default=1000, help="rows per insert batch")
    p.set_defaults(func=cmd_migrate_data)
