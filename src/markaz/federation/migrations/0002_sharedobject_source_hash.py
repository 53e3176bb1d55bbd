"""The diff publisher remembers a fingerprint of each shared object's source row, so a run
rebuilds only the objects whose rows changed (existing rows start empty: rebuilt once)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("federation", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="sharedobject",
            name="source_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
    ]
