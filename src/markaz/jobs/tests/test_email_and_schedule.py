from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction

from markaz.core.notify import Attachment, send_email
from markaz.jobs import schedule
from markaz.jobs.models import JobRun

TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def test_templates(db, settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [TEMPLATES, *settings.TEMPLATES[0]["DIRS"]]}
    ]


@pytest.fixture
def arabic_reader(db):
    from markaz.core.factories import UserFactory

    user = UserFactory(username="layla", email="layla@example.org")
    user.preferred_language = "ar"
    user.save()
    return user


def test_each_email_is_one_job_rendered_in_the_recipients_language(
    test_templates, arabic_reader, django_capture_on_commit_callbacks
):
    invite = Attachment("invite.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "application/ics")
    with django_capture_on_commit_callbacks(execute=True):
        send_email(
            to=[arabic_reader, "guest@example.org", ""],
            template="jobs_test/hello",
            context={"thing": "Amal"},
            attachments=(invite,),
            reply_to=["desk@example.org"],
        )
    runs = list(JobRun.objects.order_by("pk"))
    assert [r.name for r in runs] == ["markaz.jobs.tasks.send_message"] * 2
    assert all(r.key.startswith("email:") and r.status == "succeeded" for r in runs)
    assert runs[0].key != runs[1].key
    arabic, english = sorted(mail.outbox, key=lambda m: m.to[0])[::-1]
    assert arabic.to == ["layla@example.org"]
    assert arabic.subject == "نعم Amal"
    assert arabic.body.startswith("ar: نعم")
    assert english.body.startswith("en: Yes")
    assert english.reply_to == ["desk@example.org"]
    assert english.attachments[0][0] == "invite.ics"
    assert english.attachments[0][1] in (invite.content, invite.content.decode())


def test_no_email_leaves_when_the_transaction_rolls_back(
    test_templates, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValueError),
        transaction.atomic(),
    ):
        send_email(to="guest@example.org", template="jobs_test/hello")
        raise ValueError("rolled back")
    assert mail.outbox == []
    assert not JobRun.objects.exists()


def test_an_email_job_that_already_succeeded_is_not_sent_again(
    test_templates, django_capture_on_commit_callbacks
):
    from markaz.jobs import engine

    with django_capture_on_commit_callbacks(execute=True):
        send_email(to="guest@example.org", template="jobs_test/hello")
    assert engine.execute(JobRun.objects.get().pk) == "skipped"
    assert len(mail.outbox) == 1


def test_emails_wait_in_the_database_queue_until_a_worker_sends_them(
    test_templates, database_queue
):
    from markaz.jobs.tests.test_engine import run_worker_batch

    send_email(to="guest@example.org", template="jobs_test/hello", context={"thing": "x"})
    assert mail.outbox == []
    run_worker_batch()
    (message,) = mail.outbox
    assert message.subject == "Yes x"


def test_a_periodic_job_is_queued_once_per_period(db):
    at = datetime(2026, 3, 1, 12, 0, 10, tzinfo=UTC)
    first = schedule.tick(at)
    again = schedule.tick(at.replace(second=50))
    assert first == again
    assert "periodic:audit-seal:20260301T120000" in first
    assert JobRun.objects.filter(name="markaz.jobs.tasks.seal_audit_chain").count() == 1
    schedule.tick(at.replace(minute=1))
    assert JobRun.objects.filter(name="markaz.jobs.tasks.seal_audit_chain").count() == 2
    # federation sync every 5 minutes: still the same period at 12:01
    assert JobRun.objects.filter(name="markaz.jobs.tasks.sync_federation").count() == 1


def test_the_audit_seal_job_seals_settled_entries(
    center_a, monkeypatch, django_capture_on_commit_callbacks
):
    from datetime import timedelta
    from functools import partial

    from markaz.core import audit_chain
    from markaz.core.audit import record
    from markaz.core.models import AuditEntry, AuditSeal
    from markaz.jobs.tasks import seal_audit_chain

    record(action="jobs.test.recorded", center=center_a)
    monkeypatch.setattr(audit_chain, "seal", partial(audit_chain.seal, settle=timedelta(0)))
    with django_capture_on_commit_callbacks(execute=True):
        run = seal_audit_chain.enqueue(key="periodic:audit-seal:test")
    run.refresh_from_db()
    assert run.status == "succeeded"
    assert AuditSeal.objects.count() == AuditEntry.objects.count() > 0


def test_the_worker_command_refuses_to_start_without_the_database_queue(db):
    from markaz.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["worker", "--batch"])
    assert "MARKAZ_TASKS=database" in str(exited.value)


def test_the_scheduler_command_queues_the_periodic_jobs_once_per_tick(db):
    from markaz.cli import main

    main(["scheduler", "--once"])
    main(["scheduler", "--once"])
    names = list(JobRun.objects.values_list("name", flat=True))
    assert names.count("markaz.jobs.tasks.seal_audit_chain") in (1, 2)  # a minute may turn
    assert len(names) == len(set(JobRun.objects.values_list("key", flat=True)))


def test_the_federation_job_syncs_every_due_peer(db, monkeypatch):
    from markaz.federation import services
    from markaz.jobs.tasks import sync_federation

    calls = []
    monkeypatch.setattr(services, "sync_all_peers", lambda **kw: calls.append(kw) or [])
    sync_federation()
    assert calls == [{}]


def test_the_impact_job_rebuilds_the_roll_ups_of_every_center(center_a, center_b, monkeypatch):
    from markaz.impact import rollups
    from markaz.jobs.tasks import rebuild_impact_rollups

    rebuilt = []
    monkeypatch.setattr(rollups, "rebuild", lambda pk: rebuilt.append(pk) or 0)
    rebuild_impact_rollups()
    assert sorted(rebuilt) == sorted([center_a.pk, center_b.pk])
    rebuild_impact_rollups(center_a.pk)
    assert rebuilt[-1] == center_a.pk
