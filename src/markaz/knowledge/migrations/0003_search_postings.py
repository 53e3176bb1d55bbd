"""PostgreSQL: the postings table that ranking reads (kept by a trigger), filled for the
documents indexed before it existed. SQLite's FTS5 has its own; nothing to do there."""

from django.db import migrations

from markaz.knowledge.index import TABLE
from markaz.search.fts import pg_postings_backfill_sql, pg_postings_sql


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in pg_postings_sql(TABLE):
        schema_editor.execute(statement)
    schema_editor.execute(pg_postings_backfill_sql(TABLE))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_post_sync ON {TABLE}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_post_sync()")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}_post")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_search_index_tables")]

    operations = [migrations.RunPython(forwards, backwards)]
