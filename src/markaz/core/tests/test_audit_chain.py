"""The audit log's hash chain: sealing links entries in order; any edit, deletion or
truncation shows in `verify` and makes `markaz audit verify` fail."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from markaz.cli import main
from markaz.core import audit_chain
from markaz.core.audit import record
from markaz.core.models import AuditEntry, AuditSeal


def _entries(center, n=3):
    return [
        record(action=f"test.thing.changed{i}", center=center, changes={"n": [i, i + 1]})
        for i in range(n)
    ]


def _without_append_only_triggers():
    """What someone with direct database access would do first (rolled back with the test)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending events before ALTER
            cur.execute("ALTER TABLE core_auditentry DISABLE TRIGGER USER")
            cur.execute("ALTER TABLE core_auditseal DISABLE TRIGGER USER")
            cur.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cur.execute("DROP TRIGGER core_auditentry_no_update")
            cur.execute("DROP TRIGGER core_auditentry_no_delete")
            cur.execute("DROP TRIGGER core_auditseal_no_delete")


def test_sealing_links_every_settled_entry_once_and_in_order(center_a):
    entries = _entries(center_a)
    assert audit_chain.seal(settle=timedelta(0)) == len(AuditEntry.objects.all())
    assert audit_chain.seal(settle=timedelta(0)) == 0
    seals = list(AuditSeal.objects.order_by("id"))
    assert [s.entry_id for s in seals] == sorted(s.entry_id for s in seals)
    assert seals[-1].entry_id == entries[-1].pk
    report = audit_chain.verify()
    assert report.ok and report.checked == len(seals) and report.head == seals[-1].chain_hash


def test_entries_younger_than_the_settling_delay_wait_for_the_next_seal(center_a):
    _entries(center_a, 2)
    assert audit_chain.seal(settle=timedelta(minutes=5)) == 0
    assert audit_chain.seal(settle=timedelta(0)) > 0


def test_seals_are_append_only_in_the_database(center_a):
    _entries(center_a, 1)
    audit_chain.seal(settle=timedelta(0))
    with pytest.raises(Exception, match="append-only"), connection.cursor() as cur:
        cur.execute("UPDATE core_auditseal SET chain_hash = 'x'")


def test_an_edited_entry_is_found(center_a):
    entries = _entries(center_a)
    audit_chain.seal(settle=timedelta(0))
    _without_append_only_triggers()
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE core_auditentry SET object_repr = 'forged' WHERE id = %s", [entries[1].pk]
        )
    report = audit_chain.verify()
    assert not report.ok
    assert report.edited == [entries[1].pk]
    assert report.broken == [] and report.deleted == []


def test_a_deleted_entry_and_a_removed_link_are_found(center_a):
    entries = _entries(center_a, 4)
    audit_chain.seal(settle=timedelta(0))
    _without_append_only_triggers()
    gone = AuditSeal.objects.get(entry_id=entries[1].pk)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditentry WHERE id = %s", [entries[0].pk])
        cur.execute("DELETE FROM core_auditseal WHERE id = %s", [gone.pk])
    report = audit_chain.verify()
    assert len(report.deleted) == 1
    assert report.broken, "the link after the removed seal no longer follows"
    with connection.cursor() as cur:  # leave no dangling key for the end-of-test FK check
        cur.execute("DELETE FROM core_auditseal WHERE entry_id = %s", [entries[0].pk])


def test_truncating_the_tail_is_found_against_a_noted_head(center_a):
    _entries(center_a, 3)
    audit_chain.seal(settle=timedelta(0))
    head = audit_chain.verify().head
    assert audit_chain.verify(expected_head=head).ok
    assert not audit_chain.verify(expected_head="f" * 64).ok


def test_an_entry_committed_behind_the_sealer_is_reported_late(center_a):
    late_at = timezone.now() + timedelta(hours=1)  # still "in flight" when the sealer runs
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO core_auditentry (created_at, action, object_type, object_id,"
            " object_repr, changes, request_id) VALUES (%s, 'x.y.z', '', '', '', '{}', '')",
            [late_at],
        )
    late = AuditEntry.objects.get(action="x.y.z")
    _entries(center_a, 2)
    audit_chain.seal(settle=timedelta(0))
    assert audit_chain.verify().late == [late.pk]


def test_the_verify_command_fails_on_a_broken_chain(center_a, capsys):
    entries = _entries(center_a)
    audit_chain.seal(settle=timedelta(0))
    main(["audit", "verify", "--json"])
    assert '"ok": true' in capsys.readouterr().out
    _without_append_only_triggers()
    with connection.cursor() as cur:
        cur.execute("UPDATE core_auditentry SET action = 'x' WHERE id = %s", [entries[0].pk])
    with pytest.raises(SystemExit) as exited:
        main(["audit", "verify", "--no-seal"])
    assert exited.value.code == 1
    assert "BROKEN" in capsys.readouterr().out
