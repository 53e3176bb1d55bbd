"""A center's city in both languages: `city` becomes `city_en` + `city_ar`.

Existing values move into `city_en` (they were entered in Latin script); `city_ar` starts
empty and the `Center.city` descriptor falls back to English until someone fills it in.
Going back keeps the English value, or the Arabic one where only that was given.
"""

from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf


def city_to_city_en(apps, schema_editor):
    Center = apps.get_model("core", "Center")
    Center.objects.using(schema_editor.connection.alias).update(city_en=F("city"))


def city_en_to_city(apps, schema_editor):
    Center = apps.get_model("core", "Center")
    Center.objects.using(schema_editor.connection.alias).update(
        city=Coalesce(NullIf(F("city_en"), Value("")), F("city_ar"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_seal"),
    ]

    operations = [
        migrations.AddField(
            model_name="center",
            name="city_en",
            field=models.CharField(blank=True, max_length=120, verbose_name="city (English)"),
        ),
        migrations.AddField(
            model_name="center",
            name="city_ar",
            field=models.CharField(blank=True, max_length=120, verbose_name="city (Arabic)"),
        ),
        migrations.RunPython(city_to_city_en, city_en_to_city, elidable=False),
        migrations.RemoveField(model_name="center", name="city"),
    ]
