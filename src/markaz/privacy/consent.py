"""Consent records kept in step with the public-profile switches of other apps.

`ventures.Venture.is_public` and `networking.NetworkingProfile.visibility` are written by their
own apps' services; receivers here keep one active consent record per switch that is on:

- on `post_save` of the venture or profile the record is opened (switch on), closed (switch
  off) or replaced (a different directory level), so the records follow the switches even
  when they are written outside a service (demo data, imports);
- on the audit entry the owning service writes in the same transaction, the record gets its
  actor and request id ("who"), which the model signal cannot know.

The consent texts are versioned here: a record stores the version shown when it was given.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models.signals import post_save
from django.utils import timezone

from markaz.privacy.models import Consent, ConsentSubject, Withdrawal

# Bump the version whenever a text changes; old records keep the version they were given under.
TEXTS = {
    ConsentSubject.VENTURE_PUBLIC: {
        "version": "venture-public-2026-01",
        "en": "I agree that this venture's name, description, stage, SDGs, country and city are "
        "shown on the public portal, in search engines and in open data feeds, until the "
        "public profile is switched off.",
        "ar": "أوافق على عرض اسم هذا المشروع ووصفه ومرحلته وأهدافه للتنمية المستدامة وبلده "
        "ومدينته على البوابة العامة وفي محركات البحث وخلاصات البيانات المفتوحة، إلى أن "
        "يُوقَف الملف العام.",
    },
    ConsentSubject.DIRECTORY: {
        "version": "directory-2026-01",
        "en": "I agree that my name, headline, expertise, interests and SDGs are shown in the "
        "people directory to the members I chose, until I hide my profile.",
        "ar": "أوافق على عرض اسمي وعنواني التعريفي وخبراتي واهتماماتي وأهدافي للتنمية "
        "المستدامة في دليل الأشخاص للأعضاء الذين اخترتهم، إلى أن أُخفي ملفي.",
    },
}
LEGACY_VERSION = "before-consent-records"  # switches already on when this app was installed


def text_of(subject: str, language: str) -> str:
    entry = TEXTS.get(subject, {})
    return entry.get("ar" if language.startswith("ar") else "en", "")


def _open(**fields) -> Consent:
    return Consent.objects.create(
        given_at=timezone.now(), text_version=TEXTS[fields["subject"]]["version"], **fields
    )


def _close(consent: Consent, how: str, by=None) -> None:
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = by
    consent.withdrawal = how
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal"])


def sync_venture(venture) -> None:
    active = Consent.objects.filter(venture=venture, withdrawn_at__isnull=True).first()
    if venture.is_public and active is None:
        _open(subject=ConsentSubject.VENTURE_PUBLIC, center_id=venture.center_id, venture=venture,
              level="public")  # fmt: skip
    elif not venture.is_public and active is not None:
        _close(active, Withdrawal.SWITCHED_OFF)


def sync_profile(profile) -> None:
    from markaz.networking.models import Visibility

    person = profile.person
    active = Consent.objects.filter(person=person, withdrawn_at__isnull=True).first()
    listed = profile.visibility != Visibility.HIDDEN
    if active is not None and (not listed or active.level != profile.visibility):
        _close(active, Withdrawal.CHANGED if listed else Withdrawal.SWITCHED_OFF)
        active = None
    if listed and active is None:
        _open(subject=ConsentSubject.DIRECTORY, center_id=person.center_id, person=person,
              level=profile.visibility)  # fmt: skip


def _on_venture_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_venture(instance)


def _on_profile_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_profile(instance)


WATCHED = {  # audit action prefix -> the switch field in its `changes`
    "ventures.venture.": "is_public",
    "networking.profile.": "visibility",
}


def _on_audit_entry(sender, instance, created=False, raw=False, **kwargs):
    """Give the records opened or closed in this transaction their actor."""
    if raw or not created or instance.actor_id is None or not instance.object_id:
        return
    field = next((f for p, f in WATCHED.items() if instance.action.startswith(p)), None)
    if field is None or field not in (instance.changes or {}):
        return
    if field == "is_public":
        rows = Consent.objects.filter(venture_id=int(instance.object_id))
    else:
        from markaz.networking.models import NetworkingProfile

        person_id = (
            NetworkingProfile.objects.filter(pk=int(instance.object_id))
            .values_list("person_id", flat=True)
            .first()
        )
        rows = Consent.objects.filter(person_id=person_id)
    recent = instance.created_at - timedelta(minutes=5)
    rows.filter(withdrawn_at__isnull=True, given_by__isnull=True, given_at__gte=recent).update(
        given_by_id=instance.actor_id, request_id=instance.request_id
    )
    rows.filter(
        withdrawn_at__gte=recent, withdrawn_by__isnull=True, withdrawal__in=[
            Withdrawal.SWITCHED_OFF, Withdrawal.CHANGED]
    ).update(withdrawn_by_id=instance.actor_id)  # fmt: skip


def connect() -> None:
    from markaz.core.models import AuditEntry
    from markaz.networking.models import NetworkingProfile
    from markaz.ventures.models import Venture

    post_save.connect(_on_venture_saved, sender=Venture, dispatch_uid="privacy-venture-consent")
    post_save.connect(
        _on_profile_saved, sender=NetworkingProfile, dispatch_uid="privacy-profile-consent"
    )
    post_save.connect(_on_audit_entry, sender=AuditEntry, dispatch_uid="privacy-audit-consent")
