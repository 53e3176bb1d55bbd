"""`markaz backup` and `markaz restore`: one checksummed tar archive per snapshot.

Members, in this order:

- `database.sqlite3` (SQLite, copied with the online backup API: readers and writers carry on,
  the copy is one consistent state) or `database.pgdump` (PostgreSQL, `pg_dump --format=custom`
  run on a snapshot exported from a REPEATABLE READ transaction, in which the manifest's row
  counts are taken too: counts and dump describe the same instant);
- `media/…`: the uploaded files (MEDIA_ROOT), copied after the database snapshot, so every file
  the snapshot refers to is there;
- `manifest.json` (last): format, app version, database vendor, applied migrations, row counts
  per table, and the SHA-256 and size of every other member.

Restore reads the whole archive into a staging folder while hashing it, refuses it unless every
member matches the manifest (nothing has been written yet), refuses a database that holds data,
writes the database (SQLite backup API, or `pg_restore --single-transaction`), compares the row
counts with the manifest, and only then moves the files into MEDIA_ROOT.

The checksums detect damage and edits by anyone who did not also rewrite the manifest; keep
archives where they cannot be rewritten (see docs/deployment.md).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from django.conf import settings
from django.db import connections
from django.utils.translation import gettext as _

from markaz.ops.dbinfo import (
    OpsError,
    applied_migrations,
    list_tables,
    migration_gap,
    pg_env,
    pg_params,
    raw_connection,
    refuse_unless_empty,
    row_counts,
    sqlite_path,
    vendor,
)
from markaz.ops.progress import Meter

FORMAT = "markaz-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    tables: int
    rows: int
    media_files: int
    pending_migrations: list[str] = field(default_factory=list)


def default_archive_name(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"markaz-backup-{now.strftime('%Y%m%dT%H%M%SZ')}.tar.gz"


# ---------------------------------------------------------------------------------- backup


def create_backup(out: Path, *, using: str = "default", meter: Meter | None = None) -> dict:
    """Write the archive to `out` (atomically: a partial file is never left under that name)
    and return its manifest."""
    meter = meter or Meter()
    conn = connections[using]
    kind = conn.vendor
    if kind not in DATABASE_MEMBER:
        raise OpsError(_("Unsupported database engine: %(engine)s.") % {"engine": kind})
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="markaz-backup-") as tmp:
        db_file = Path(tmp) / DATABASE_MEMBER[kind]
        if kind == "sqlite":
            database = _snapshot_sqlite(conn, db_file, meter)
        else:
            database = _snapshot_postgres(conn.settings_dict, db_file, meter)
        media_root, media_note = _media_root()
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "app_version": settings.MARKAZ_VERSION,
            "database": {"vendor": kind, "member": db_file.name, **database["info"]},
            "migrations": database["migrations"],
            "row_counts": database["counts"],
            "media": {"included": media_root is not None, "note": media_note},
            "files": {},
        }
        partial = out.with_name(out.name + ".partial")
        mode = "w:gz" if out.name.endswith((".gz", ".tgz")) else "w"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # personal data
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode=mode) as tar:
                _add_file(tar, db_file, db_file.name, manifest, meter, label=_("Database"))
                files = _media_files(media_root) if media_root else []
                task = meter.task(_("Uploaded files"), total=sum(p.stat().st_size for p in files))
                for path in files:
                    name = MEDIA_PREFIX + path.relative_to(media_root).as_posix()
                    _add_file(tar, path, name, manifest, meter, task=task)
                meter.done(task)
                manifest["media"]["files"] = len(files)
                data = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True)
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data.encode())
                info.mtime = int(datetime.now(UTC).timestamp())
                info.mode = 0o600
                tar.addfile(info, io.BytesIO(data.encode()))
            os.replace(partial, out)
        finally:
            if partial.exists():
                partial.unlink()
    return manifest


def _snapshot_sqlite(conn, path: Path, meter: Meter) -> dict:
    conn.ensure_connection()
    task = meter.task(_("Database snapshot"), total=None)

    def report(status, remaining, total):
        meter.update(task, completed=total - remaining, total=total)

    target = sqlite3.connect(path)
    try:
        conn.connection.backup(target, pages=1024, progress=report)
        # A self-contained file: no -wal beside it in the archive.
        target.execute("PRAGMA journal_mode=DELETE")
        check = target.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise OpsError(_("The database snapshot failed its integrity check: %(result)s")
                           % {"result": check})  # fmt: skip
        counts = row_counts(target)
        migrations = applied_migrations(target)
        info = {"sqlite_version": sqlite3.sqlite_version}
    finally:
        target.close()
    meter.done(task)
    return {"counts": counts, "migrations": migrations, "info": info}


def _snapshot_postgres(db: dict, path: Path, meter: Meter) -> dict:
    import psycopg

    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise OpsError(_("pg_dump was not found: install the PostgreSQL client tools of the "
                         "server's major version."))  # fmt: skip
    task = meter.task(_("Database snapshot"), total=None)
    with psycopg.connect(**pg_params(db)) as pc:
        pc.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        pc.read_only = True
        snapshot = pc.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = row_counts(pc)
        migrations = applied_migrations(pc)
        # The exported snapshot lives as long as this transaction: pg_dump runs inside it.
        result = subprocess.run(  # noqa: S603 - fixed program, our arguments
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", "--no-password",
             f"--file={path}"],
            env=pg_env(db), capture_output=True, text=True, check=False,
        )  # fmt: skip
        server = pc.info.server_version
        pc.rollback()
    if result.returncode != 0:
        raise OpsError(_("pg_dump failed: %(error)s") % {"error": result.stderr.strip()})
    meter.done(task)
    info = {"server_version": server, "pg_dump": _tool_version(pg_dump)}
    return {"counts": counts, "migrations": migrations, "info": info}


def _tool_version(program: str) -> str:
    out = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    return out.stdout.strip()


def _media_root() -> tuple[Path | None, str]:
    from django.core.files.storage import FileSystemStorage, default_storage

    if not isinstance(default_storage, FileSystemStorage):
        backend = type(default_storage).__name__
        return None, f"not included: uploads are kept by {backend}; back that store up itself"
    root = Path(default_storage.location)
    return root, str(root)


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


class _HashingReader:
    def __init__(self, raw: BinaryIO, meter: Meter, task: Any) -> None:
        self.raw, self.meter, self.task = raw, meter, task
        self.sha = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha.update(data)
        self.meter.advance(self.task, len(data))
        return data


def _add_file(tar, path: Path, name: str, manifest: dict, meter: Meter, *, label: str = "",
              task: Any = None) -> None:  # fmt: skip
    stat = path.stat()
    own_task = task is None
    if own_task:
        task = meter.task(label, total=stat.st_size)
    info = tarfile.TarInfo(name)
    info.size = stat.st_size
    info.mtime = int(stat.st_mtime)
    info.mode = 0o600
    with path.open("rb") as raw:
        reader = _HashingReader(raw, meter, task)
        try:
            tar.addfile(info, reader)
        except OSError as exc:  # the file shrank while it was being read
            raise OpsError(_("%(name)s changed while it was being archived; run the backup "
                             "again.") % {"name": name}) from exc  # fmt: skip
    manifest["files"][name] = {"sha256": reader.sha.hexdigest(), "size": stat.st_size}
    if own_task:
        meter.done(task)


# --------------------------------------------------------------------------------- restore


def restore_backup(archive: Path, *, target: dict, media_root: Path,
                   meter: Meter | None = None) -> RestoreReport:  # fmt: skip
    """Restore `archive` into the empty database `target` (a DATABASES entry) and the uploads
    into `media_root`. Raises OpsError, having written nothing, when the archive does not match
    its checksums, was made for another database vendor or by a newer Markaz, or when the
    database holds data or a file would be overwritten with different content."""
    meter = meter or Meter()
    kind = vendor(target)
    media_root = Path(media_root)
    staging_parent = media_root.parent if media_root.parent.is_dir() else None
    with tempfile.TemporaryDirectory(prefix="markaz-restore-", dir=staging_parent) as tmp:
        staged, manifest = _stage(Path(archive), Path(tmp), meter)
        _check_manifest(manifest, staged, kind)
        unknown, pending = migration_gap(manifest["migrations"])
        if unknown:
            raise OpsError(
                _("The archive was made by a newer Markaz (migrations unknown here: "
                  "%(names)s). Upgrade first, then restore.") % {"names": ", ".join(unknown[:5])}
            )  # fmt: skip
        media = {n: p for n, p in staged.items() if n.startswith(MEDIA_PREFIX)}
        _refuse_conflicting_files(media, manifest, media_root)
        db_file = staged[manifest["database"]["member"]]
        if kind == "sqlite":
            _restore_sqlite(db_file, target, meter)
        else:
            _restore_postgres(db_file, target, meter)
        counts = _verify_counts(target, manifest["row_counts"])
        task = meter.task(_("Uploaded files"), total=len(media))
        for name, path in media.items():
            dest = media_root / PurePosixPath(name[len(MEDIA_PREFIX) :])
            dest.parent.mkdir(parents=True, exist_ok=True)
            if not dest.exists():
                shutil.move(path, dest)
            meter.advance(task)
        meter.done(task)
    return RestoreReport(
        manifest=manifest,
        tables=len(counts),
        rows=sum(counts.values()),
        media_files=len(media),
        pending_migrations=pending,
    )


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _stage(archive: Path, tmp: Path, meter: Meter) -> tuple[dict[str, Path], dict]:
    """Extract every member while hashing it; returns ({member: staged path}, manifest)."""
    if not archive.is_file():
        raise OpsError(_("No such archive: %(path)s") % {"path": archive})
    task = meter.task(_("Checking the archive"), total=archive.stat().st_size)
    staged: dict[str, Path] = {}
    digests: dict[str, tuple[str, int]] = {}
    manifest_bytes = None
    try:
        with archive.open("rb") as raw, tarfile.open(fileobj=raw, mode="r:*") as tar:
            for number, member in enumerate(tar):
                if member.isdir():
                    continue
                if not member.isfile() or not _safe_member_name(member.name):
                    raise OpsError(_("The archive holds an unexpected member: %(name)s")
                                   % {"name": member.name})  # fmt: skip
                if member.name in digests:
                    raise OpsError(_("The archive holds %(name)s twice.") % {"name": member.name})
                source = tar.extractfile(member)
                sha = hashlib.sha256()
                if member.name == MANIFEST:
                    manifest_bytes = source.read()
                    sha.update(manifest_bytes)
                else:
                    dest = tmp / f"{number:08d}"
                    with dest.open("wb") as out:
                        while chunk := source.read(CHUNK):
                            sha.update(chunk)
                            out.write(chunk)
                    staged[member.name] = dest
                digests[member.name] = (sha.hexdigest(), member.size)
                meter.update(task, completed=raw.tell())
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as exc:
        raise OpsError(_("The archive cannot be read (%(error)s); nothing was restored.")
                       % {"error": exc}) from exc  # fmt: skip
    meter.done(task)
    if manifest_bytes is None:
        raise OpsError(_("The archive has no manifest.json: it is not a Markaz backup."))
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as exc:
        raise OpsError(_("The archive's manifest.json is not valid JSON.")) from exc
    manifest["_digests"] = digests
    return staged, manifest


def _check_manifest(manifest: dict, staged: dict[str, Path], kind: str) -> None:
    digests = manifest.pop("_digests")
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
        raise OpsError(_("The archive's manifest is not a Markaz backup manifest."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise OpsError(_("Unsupported backup format version: %(version)s.")
                       % {"version": manifest.get("format_version")})  # fmt: skip
    listed = set(manifest["files"])
    present = set(staged)
    bad = sorted(listed ^ present)
    for name in sorted(listed & present):
        entry = manifest["files"][name]
        if not isinstance(entry, dict) or digests[name] != (entry.get("sha256"), entry.get("size")):
            bad.append(name)
    if bad:
        raise OpsError(
            _("The archive is damaged or was altered; these members do not match its manifest: "
              "%(members)s. Nothing was restored.") % {"members": ", ".join(bad[:5])}
        )  # fmt: skip
    archived = manifest.get("database", {}).get("vendor")
    if archived != kind:
        raise OpsError(
            _("The archive holds a %(archived)s database and the target is %(target)s; "
              "use `markaz migrate-data` to move between database engines.")
            % {"archived": archived, "target": kind}
        )  # fmt: skip
    if manifest["database"].get("member") not in staged:
        raise OpsError(_("The archive holds no database."))


def _refuse_conflicting_files(media: dict[str, Path], manifest: dict, root: Path) -> None:
    clashes = []
    for name in media:
        dest = root / PurePosixPath(name[len(MEDIA_PREFIX) :])
        if dest.exists() and _sha256(dest) != manifest["files"][name]["sha256"]:
            clashes.append(str(dest))
    if clashes:
        raise OpsError(
            _("Uploaded files would be overwritten: %(files)s. Restore into an empty media "
              "folder (nothing was restored).") % {"files": ", ".join(clashes[:5])}
        )  # fmt: skip


def _sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def _restore_sqlite(db_file: Path, target: dict, meter: Meter) -> None:
    path = sqlite_path(target)
    if path.exists():
        with raw_connection(target) as conn:
            refuse_unless_empty(conn)
    path.parent.mkdir(parents=True, exist_ok=True)
    task = meter.task(_("Database"), total=None)

    def report(status, remaining, total):
        meter.update(task, completed=total - remaining, total=total)

    source = sqlite3.connect(db_file)
    dest = sqlite3.connect(path)
    try:
        source.backup(dest, pages=1024, progress=report)
        dest.execute("PRAGMA journal_mode=WAL")
    finally:
        dest.close()
        source.close()
    meter.done(task)


def _restore_postgres(db_file: Path, target: dict, meter: Meter) -> None:
    pg_restore = shutil.which("pg_restore")
    if pg_restore is None:
        raise OpsError(_("pg_restore was not found: install the PostgreSQL client tools of the "
                         "server's major version."))  # fmt: skip
    with raw_connection(target) as conn:
        refuse_unless_empty(conn)
        has_tables = bool(list_tables(conn))
    task = meter.task(_("Database"), total=None)
    dbname = pg_params(target)["dbname"]
    args = [pg_restore, "--exit-on-error", "--single-transaction", "--no-owner",
            "--no-privileges", "--no-password", f"--dbname={dbname}"]  # fmt: skip
    if has_tables:  # migrated but without data: replace those tables by the archive's
        args += ["--clean", "--if-exists"]
    result = subprocess.run(  # noqa: S603 - fixed program, our arguments
        [*args, str(db_file)], env=pg_env(target), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise OpsError(_("pg_restore failed (the database is unchanged): %(error)s")
                       % {"error": result.stderr.strip()})  # fmt: skip
    meter.done(task)


def _verify_counts(target: dict, expected: dict[str, int]) -> dict[str, int]:
    with raw_connection(target) as conn:
        present = set(list_tables(conn))
        missing = sorted(set(expected) - present)
        found = row_counts(conn, [t for t in expected if t in present])
    wrong = [f"{t} ({expected[t]} → {found[t]})" for t in sorted(found) if found[t] != expected[t]]
    if missing or wrong:
        raise OpsError(
            _("The restored database does not match the archive: %(tables)s.")
            % {"tables": ", ".join([*missing, *wrong][:5])}
        )
    return found
