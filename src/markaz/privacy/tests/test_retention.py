import datetime as dt
import json

from django.utils import timezone

from markaz.core.models import AuditEntry
from markaz.privacy import retention, services
from markaz.programs.models import Application, Attachment


def _app(center, status, age_days, **extra):
    from django.core.files.base import ContentFile

    from markaz.programs.factories import ApplicationFactory, CallFactory

    when = timezone.now() - dt.timedelta(days=age_days)
    app = ApplicationFactory(
        call=CallFactory(center=center), status=status, answers={"story": "My name is Rania"},
        frozen_answers=[{"key": "story", "value": "My name is Rania"}],
        decided_at=when if status in ("rejected", "accepted") else None,
        withdrawn_at=when if status == "withdrawn" else None,
    )  # fmt: skip
    Attachment.objects.create(
        center=center, application=app, key="deck", file=ContentFile(b"%PDF-1.4", name="d.pdf"),
        original_name="rania-cv.pdf", content_type="application/pdf", size=8,
    )  # fmt: skip
    return app


def _statuses():
    return sorted(Application.objects.values_list("pk", "status"))


def test_old_rejected_and_withdrawn_applications_lose_answers_and_files_only(
    center_a, center_b, settings, django_capture_on_commit_callbacks
):
    settings.MARKAZ_RETENTION_REJECTED_DAYS = 30
    old_rejected = _app(center_a, "rejected", 40)
    old_withdrawn = _app(center_b, "withdrawn", 31)
    kept = [_app(center_a, "rejected", 10), _app(center_a, "accepted", 400),
            _app(center_a, "submitted", 400)]  # fmt: skip
    name = old_rejected.attachments.get().file.name
    storage = Attachment._meta.get_field("file").storage
    statuses = _statuses()

    dry = services.purge_expired_applications(dry_run=True)
    assert (dry["applications"], dry["attachments"], dry["days"]) == (2, 2, 30)
    assert Attachment.objects.count() == 5

    with django_capture_on_commit_callbacks(execute=True):
        result = services.purge_expired_applications()
    assert (result["applications"], result["attachments"]) == (2, 2)
    for app in (old_rejected, old_withdrawn):
        app.refresh_from_db()
        assert app.answers == {} and app.frozen_answers == []
        assert not app.attachments.exists()
    assert not storage.exists(name)
    for app in kept:
        app.refresh_from_db()
        assert app.answers == {"story": "My name is Rania"} and app.attachments.exists()
    assert _statuses() == statuses  # the decision counts do not move
    entries = AuditEntry.objects.filter(action="privacy.applications.purged")
    assert {e.center_id for e in entries} == {center_a.pk, center_b.pk}
    assert "Rania" not in json.dumps([e.changes for e in entries])
    assert services.purge_expired_applications()["applications"] == 0  # idempotent


def test_retention_defaults_to_two_years_and_reads_the_environment(settings, monkeypatch):
    if hasattr(settings, "MARKAZ_RETENTION_REJECTED_DAYS"):
        del settings.MARKAZ_RETENTION_REJECTED_DAYS
    monkeypatch.delenv("MARKAZ_RETENTION_REJECTED_DAYS", raising=False)
    assert retention.retention_days() == 730
    monkeypatch.setenv("MARKAZ_RETENTION_REJECTED_DAYS", "90")
    assert retention.retention_days() == 90


def test_the_command_purges_and_says_what_it_did(center_a, settings, capsys):
    from markaz.cli import main

    settings.MARKAZ_RETENTION_REJECTED_DAYS = 30
    app = _app(center_a, "rejected", 40)
    main(["privacy", "purge", "--dry-run"])
    assert json.loads(capsys.readouterr().out)["applications"] == 1
    app.refresh_from_db()
    assert app.answers
    main(["privacy", "purge"])
    assert json.loads(capsys.readouterr().out)["applications"] == 1
    app.refresh_from_db()
    assert app.answers == {}
