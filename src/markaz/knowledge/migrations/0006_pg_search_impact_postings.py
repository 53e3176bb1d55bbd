"""PostgreSQL: impact-ordered postings for exact top-k ranking (`search.topk`), like SQLite's
(0005): each posting gets its bm25 term weight under a reference average length kept in a
meta table, an index reads a token's best postings first, and the trigger fills both. No-op on
SQLite."""

from django.db import migrations

from markaz.knowledge.index import TABLE
from markaz.search.fts import pg_impact_drop_sql, pg_postings_sql


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Idempotent: adds and fills the impact column, its index and the meta table, and
    # replaces the trigger function.
    for statement in pg_postings_sql(TABLE):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in pg_impact_drop_sql(TABLE):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0005_search_impact_postings")]

    operations = [migrations.RunPython(forwards, backwards)]
