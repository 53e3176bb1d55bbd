"""Shared helpers of the ops tests: seeding, archives to tamper with, PostgreSQL databases."""

from __future__ import annotations

import io
import sqlite3
import tarfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from markaz.ops.dbinfo import list_tables, quote

LOOPBACK_POSTGRES = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
UPLOADS = {
    "applications/2025/خطة-العمل.pdf": b"%PDF-1.4 business plan",
    "avatars/amal.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
}


def seed_with_uploads() -> dict[str, bytes]:
    """Two centers with people, ventures, funds, awards and their ledger entries (append-only,
    balance-checked), audit entries (append-only), knowledge entries and the search index
    built from all of them, many-to-many rows, Arabic text, decimals, dates and times; plus
    uploaded files. Factories of the stable core apps rather than the whole demo, so another
    app's work in progress does not break these tests."""
    from datetime import date

    from markaz.core.audit import record
    from markaz.core.factories import CenterFactory, MembershipFactory, UserFactory
    from markaz.funding import ledger
    from markaz.funding.factories import AwardFactory
    from markaz.knowledge.factories import EntryFactory
    from markaz.knowledge.reindex import rebuild
    from markaz.stakeholders.factories import OrganizationFactory, PersonFactory
    from markaz.ventures.factories import VentureFactory

    for n, (slug, name_ar) in enumerate([("amal-hub", "مركز أمل"), ("baobab-lab", "مختبر")]):
        center = CenterFactory(slug=slug, name_ar=name_ar)
        for role in ("admin", "staff", "innovator"):
            user = UserFactory(username=f"{role}-{slug}")
            MembershipFactory(user=user, center=center, role=role)
            PersonFactory(center=center, user=user, name_ar=f"شخص {role}")
            record(action="core.membership.created", actor=user, center=center, obj=user)
        for i in range(12):
            OrganizationFactory(center=center, name_ar=f"منظمة {i}")
            VentureFactory(center=center, name_ar=f"مشروع {i}", is_public=i % 2 == 0)
            EntryFactory(center=center, title_ar=f"دراسة حالة {i}", visibility="public")
        for i in range(3 + n):
            award = AwardFactory(center=center)
            ledger.commit(award=award, entry_date=date(2026, 3, 1 + i))
            record(action="funding.award.created", center=center, obj=award,
                   changes={"amount": [None, str(award.amount)]})  # fmt: skip
    rebuild()
    for name, data in UPLOADS.items():
        default_storage.save(name, ContentFile(data))
    return UPLOADS


def table_rows(conn) -> dict[str, list]:
    """Every table's rows, as sorted lists (the order rows come back in is not compared)."""
    cur = conn.cursor()
    rows = {}
    for table in list_tables(conn):
        cur.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - quoted identifier
        rows[table] = sorted((tuple(r) for r in cur.fetchall()), key=repr)
    return rows


def sqlite_target(path: Path) -> dict:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def read_members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}


def write_members(archive: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return archive


def copy_sqlite(conn, path: Path) -> Path:
    """A file copy of the test database (in memory) through the online backup API."""
    conn.ensure_connection()
    target = sqlite3.connect(path)
    conn.connection.backup(target)
    target.close()
    return path


@contextmanager
def postgres_database(name: str, server: dict | None = None):
    """A new PostgreSQL database (dropped afterwards); skips when no server answers."""
    psycopg = pytest.importorskip("psycopg")
    server = server or LOOPBACK_POSTGRES
    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=3, **server)
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    with admin:
        admin.execute(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {quote(name)}")
        try:
            yield {"ENGINE": "django.db.backends.postgresql", "NAME": name,
                   "HOST": server["host"], "PORT": server["port"], "USER": server["user"],
                   "PASSWORD": server.get("password", "")}  # fmt: skip
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")


def postgres_url(db: dict) -> str:
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def differences(before: dict[str, list], after: dict[str, list]) -> list[str]:
    """Readable differences between two `table_rows` results (empty when equal)."""
    found = [f"table {t} only on one side" for t in sorted(before.keys() ^ after.keys())]
    for table in sorted(before.keys() & after.keys()):
        old, new = before[table], after[table]
        if old == new:
            continue
        if len(old) != len(new):
            found.append(f"{table}: {len(old)} rows, then {len(new)}")
            continue
        for a, b in zip(old, new, strict=True):
            if a != b:
                cols = [(i, x, y) for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
                found.append(f"{table}: row {a[0]!r} columns {cols!r}"[:500])
                break
    return found
