"""Open a consent record for every public profile that was already on before this app.

They carry the version "before-consent-records" and no actor: the record says the switch was
on when consent records began, not that a consent text was shown.
"""

from django.db import migrations
from django.utils import timezone

LEGACY_VERSION = "before-consent-records"


def backfill(apps, schema_editor):
    Consent = apps.get_model("privacy", "Consent")
    Venture = apps.get_model("ventures", "Venture")
    NetworkingProfile = apps.get_model("networking", "NetworkingProfile")
    now = timezone.now()
    Consent.objects.bulk_create(
        Consent(center_id=v.center_id, subject="venture_public", venture_id=v.pk, level="public",
                given_at=now, text_version=LEGACY_VERSION)
        for v in Venture.objects.filter(is_public=True).only("pk", "center_id").iterator()
    )  # fmt: skip
    Consent.objects.bulk_create(
        Consent(center_id=p.person.center_id, subject="directory", person_id=p.person_id,
                level=p.visibility, given_at=now, text_version=LEGACY_VERSION)
        for p in NetworkingProfile.objects.exclude(visibility="hidden").select_related("person")
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("networking", "0001_initial"),
        ("ventures", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
