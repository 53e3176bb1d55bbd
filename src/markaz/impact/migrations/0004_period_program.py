"""`ReportingPeriod.program_id` becomes a real foreign key to `programs.Program`.

The column keeps its name (`program_id`). Ids that name no program of the period's own
center are cleared first, so the new constraint holds.
"""

import django.db.models.deletion
from django.db import migrations, models


def clear_foreign_programs(apps, schema_editor):
    Period = apps.get_model("impact", "ReportingPeriod")
    Program = apps.get_model("programs", "Program")
    for period in Period.objects.exclude(program_id=None).only("pk", "center_id", "program_id"):
        if not Program.objects.filter(pk=period.program_id, center_id=period.center_id).exists():
            Period.objects.filter(pk=period.pk).update(program_id=None)


class Migration(migrations.Migration):
    dependencies = [
        ("impact", "0003_rollup_country"),
        ("programs", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(clear_foreign_programs, migrations.RunPython.noop),
        migrations.RenameField("reportingperiod", "program_id", "program"),
        migrations.AlterField(
            model_name="reportingperiod",
            name="program",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="impact_periods",
                to="programs.program",
                verbose_name="program",
            ),
        ),
    ]
