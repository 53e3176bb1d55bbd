from django.db import migrations


def load(apps, schema_editor):
    from markaz.sdg.loader import load_sdg_data

    load_sdg_data(apps.get_model("sdg", "Goal"), apps.get_model("sdg", "Target"),
                  apps.get_model("sdg", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("sdg", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
