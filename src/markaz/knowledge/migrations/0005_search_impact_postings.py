"""SQLite: impact-ordered postings beside FTS5 for exact top-k ranking (`search.topk`),
filled from the tokens FTS5 already stores. PostgreSQL keeps its own postings table."""

from django.db import migrations

from markaz.knowledge.index import SQLITE_POSTINGS, TABLE, backfill_sqlite_postings


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in SQLITE_POSTINGS:
        schema_editor.execute(statement)
    with schema_editor.connection.cursor() as cur:
        backfill_sqlite_postings(cur)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in ("post", "len", "stats"):
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}_{name}")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0004_more_search_kinds")]

    operations = [migrations.RunPython(forwards, backwards)]
