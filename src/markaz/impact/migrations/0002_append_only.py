"""Observations and revisions are append-only (SQLite and PostgreSQL): a correction is a new
revision. As for the audit log, SQLite allows a DELETE only while `core_audit_maintenance`
holds a row (the test suite's flush window, see `markaz.core.maintenance`)."""

from django.db import migrations

TABLES = ("impact_observation", "impact_revision")

SQLITE = [
    stmt
    for table in TABLES
    for stmt in (
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, 'impact observations are append-only'); END;""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            WHEN NOT EXISTS (SELECT 1 FROM core_audit_maintenance)
            BEGIN SELECT RAISE(ABORT, 'impact observations are append-only'); END;""",
    )
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {table}_{what};"
    for table in TABLES
    for what in ("no_update", "no_delete")
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION impact_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'impact observations are append-only'; END; $$ LANGUAGE plpgsql;""",
    *(
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION impact_append_only();"""
        for table in TABLES
    ),
]
POSTGRES_REVERSE = [
    *(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};" for table in TABLES),
    "DROP FUNCTION IF EXISTS impact_append_only();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = (
        POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("impact", "0001_initial"), ("core", "0002_audit_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
