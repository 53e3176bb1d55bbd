import json
import sqlite3

import pytest
from django.conf import settings
from django.db import connection

from markaz.cli import main
from markaz.ops.archive import MANIFEST, create_backup, restore_backup
from markaz.ops.dbinfo import OpsError, user_data
from markaz.ops.tests.helpers import (
    copy_sqlite,
    differences,
    postgres_database,
    read_members,
    seed_with_uploads,
    sqlite_target,
    table_rows,
    write_members,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def on_sqlite(transactional_db):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backup path")


@pytest.fixture
def on_postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backup path (pg_dump / pg_restore)")


@pytest.fixture
def archive(transactional_db, tmp_path):
    uploads = seed_with_uploads()
    path = tmp_path / "backup.tar.gz"
    manifest = create_backup(path)
    return path, manifest, uploads


def _restore_target(tmp_path):
    return sqlite_target(tmp_path / "restored" / "markaz.sqlite3")


def test_sqlite_backup_restores_every_row_of_every_table_and_every_upload(
    on_sqlite, archive, tmp_path
):
    path, _manifest, uploads = archive
    target = _restore_target(tmp_path)
    media = tmp_path / "restored" / "uploads"

    report = restore_backup(path, target=target, media_root=media)

    live = sqlite3.connect(copy_sqlite(connection, tmp_path / "live.sqlite3"))
    before = table_rows(live)
    live.close()
    restored = sqlite3.connect(target["NAME"])
    after = table_rows(restored)
    restored.close()
    assert differences(before, after) == []
    assert report.rows == sum(len(rows) for rows in before.values()) > 100
    assert report.pending_migrations == []
    for name, data in uploads.items():
        assert (media / name).read_bytes() == data


def test_manifest_holds_checksums_version_migrations_vendor_and_row_counts(on_sqlite, archive):
    path, manifest, uploads = archive
    members = read_members(path)
    stored = json.loads(members[MANIFEST])
    assert stored["app_version"] == settings.MARKAZ_VERSION
    assert stored["database"]["vendor"] == "sqlite"
    assert "0001_initial" in stored["migrations"]["core"]
    assert stored["row_counts"]["core_auditentry"] > 0
    assert stored["row_counts"]["funding_ledgerentry"] > 0
    assert set(stored["files"]) == set(members) - {MANIFEST}
    assert {f"media/{name}" for name in uploads} <= set(stored["files"])
    assert stored == manifest


def test_a_tampered_archive_is_refused_before_anything_is_written(on_sqlite, archive, tmp_path):
    path, _manifest, _uploads = archive
    members = read_members(path)
    database = bytearray(members["database.sqlite3"])
    database[len(database) // 2] ^= 0xFF
    bad = write_members(tmp_path / "bad.tar.gz", {**members, "database.sqlite3": bytes(database)})
    target = _restore_target(tmp_path)

    with pytest.raises(OpsError, match=r"altered.*database\.sqlite3"):
        restore_backup(bad, target=target, media_root=tmp_path / "restored" / "uploads")
    assert not (tmp_path / "restored").exists()


def test_a_member_the_manifest_does_not_list_is_refused(on_sqlite, archive, tmp_path):
    path, _manifest, _uploads = archive
    members = read_members(path)
    manifest = members.pop(MANIFEST)
    extra = {**members, "media/planted.html": b"<script>", MANIFEST: manifest}
    bad = write_members(tmp_path / "extra.tar.gz", extra)
    with pytest.raises(OpsError, match=r"planted\.html"):
        restore_backup(bad, target=_restore_target(tmp_path), media_root=tmp_path / "m")
    assert not (tmp_path / "restored").exists()


def test_restore_refuses_a_database_that_holds_data(on_sqlite, archive, tmp_path):
    path, _manifest, _uploads = archive
    target = _restore_target(tmp_path)
    restore_backup(path, target=target, media_root=tmp_path / "first")
    before = table_rows(sqlite3.connect(target["NAME"]))

    with pytest.raises(OpsError, match=r"not empty.*Use a new, empty database"):
        restore_backup(path, target=target, media_root=tmp_path / "second")
    assert table_rows(sqlite3.connect(target["NAME"])) == before
    assert not (tmp_path / "second").exists()


def test_restore_refuses_to_overwrite_a_different_uploaded_file(on_sqlite, archive, tmp_path):
    path, _manifest, uploads = archive
    media = tmp_path / "restored" / "uploads"
    name = next(iter(uploads))
    (media / name).parent.mkdir(parents=True)
    (media / name).write_bytes(b"another file")
    target = _restore_target(tmp_path)

    with pytest.raises(OpsError, match="would be overwritten"):
        restore_backup(path, target=target, media_root=media)
    assert not (tmp_path / "restored" / "markaz.sqlite3").exists()


def test_restore_refuses_an_archive_of_another_engine(on_sqlite, archive, tmp_path):
    path, _manifest, _uploads = archive
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "never_contacted"}
    with pytest.raises(OpsError, match="migrate-data"):
        restore_backup(path, target=postgres, media_root=tmp_path / "m")


def test_restore_refuses_an_archive_from_a_newer_markaz(on_sqlite, archive, tmp_path):
    path, _manifest, _uploads = archive
    members = read_members(path)
    manifest = json.loads(members[MANIFEST])
    manifest["migrations"]["core"].append("9999_from_the_future")
    members[MANIFEST] = json.dumps(manifest).encode()
    newer = write_members(tmp_path / "newer.tar.gz", members)
    with pytest.raises(OpsError, match=r"newer Markaz.*core\.9999_from_the_future"):
        restore_backup(newer, target=_restore_target(tmp_path), media_root=tmp_path / "m")
    assert not (tmp_path / "restored").exists()


def test_something_that_is_not_an_archive_is_refused(on_sqlite, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar file at all")
    with pytest.raises(OpsError, match="cannot be read"):
        restore_backup(junk, target=_restore_target(tmp_path), media_root=tmp_path / "m")
    manifestless = write_members(tmp_path / "empty.tar.gz", {"database.sqlite3": b""})
    with pytest.raises(OpsError, match="no manifest"):
        restore_backup(manifestless, target=_restore_target(tmp_path), media_root=tmp_path / "m")


def test_backup_and_restore_commands(on_sqlite, tmp_path, capsys):
    seed_with_uploads()
    out = tmp_path / "cli.tar"
    main(["backup", "-o", str(out)])
    assert "Backup written to" in capsys.readouterr().out
    assert json.loads(read_members(out)[MANIFEST])["media"]["files"] == 2
    # The test database lives in memory: the configured database cannot be restored into.
    with pytest.raises(SystemExit, match=r"markaz restore: .*in memory"):
        main(["restore", str(out)])


def test_a_freshly_migrated_database_counts_as_empty(db):
    """Keeps dbinfo.REFERENCE_TABLES true: what `migrate` fills is not user data."""
    connection.ensure_connection()
    assert user_data(connection.connection) == {}


def test_postgres_backup_restores_every_row_into_a_fresh_database(on_postgres, archive, tmp_path):
    path, manifest, uploads = archive
    assert manifest["database"]["vendor"] == "postgresql"
    assert manifest["database"]["member"] == "database.pgdump"
    import psycopg

    from markaz.ops.dbinfo import pg_params

    with postgres_database("markaz_h_ops_restore") as target:
        media = tmp_path / "restored-uploads"
        report = restore_backup(path, target=target, media_root=media)
        # Both sides through plain psycopg (Django's connection loads JSON as text).
        with psycopg.connect(**pg_params(connection.settings_dict)) as live:
            before = table_rows(live)
        with psycopg.connect(**pg_params(target)) as restored:
            after = table_rows(restored)
        assert differences(before, after) == []
        assert report.rows == sum(len(rows) for rows in before.values())
        for name, data in uploads.items():
            assert (media / name).read_bytes() == data

        with pytest.raises(OpsError, match="not empty"):
            restore_backup(path, target=target, media_root=tmp_path / "again")
