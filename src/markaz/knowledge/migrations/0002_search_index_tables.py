"""The ranked side of the search index: an FTS5 table on SQLite, tsvector + GIN on PostgreSQL."""

from django.db import migrations

from markaz.knowledge.index import drop_sql, schema_sql


def forwards(apps, schema_editor):
    for statement in schema_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
