from django.db import migrations


def load(apps, schema_editor):
    from markaz.mentoring.defaults import load_default_areas

    load_default_areas(apps.get_model("mentoring", "ExpertiseArea"))


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
