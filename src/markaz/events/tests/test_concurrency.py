"""Concurrent registrations for one event never exceed its capacity, and the waitlist keeps
everyone else; concurrent cancellations promote each waiting person once.

Runs on PostgreSQL (the event row is locked with SELECT … FOR UPDATE) and on file-based
SQLite (IMMEDIATE transactions serialize writers). pytest's SQLite test database lives in
memory with a shared cache, where concurrent writers fail with "table is locked" instead of
waiting, so there the test is skipped (see `markaz.funding.tests.test_concurrency`).
"""

import threading

import pytest
from django.db import connection

from markaz.core.access import scope_for
from markaz.events import services
from markaz.events.models import Registration

THREADS = 12


def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def _crowd(center, n):
    from markaz.core.factories import UserFactory
    from markaz.core.models import Membership

    users = [UserFactory(username=f"rush{i}", email=f"rush{i}@example.org") for i in range(n)]
    Membership.objects.bulk_create(
        Membership(user=u, center=center, role="innovator") for u in users
    )
    return users


def _race(target, args_list):
    errors = []
    start = threading.Barrier(len(args_list))

    def run(*args):
        try:
            start.wait()
            target(*args)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=a) for a in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_the_capacity(event_a, center_a):
    if _in_memory_sqlite():
        pytest.skip("in-memory SQLite cannot run concurrent writers; see the module docstring")
    users = _crowd(center_a, THREADS)
    errors = _race(
        lambda u: services.register(scope=scope_for(u), event=event_a), [(u,) for u in users]
    )
    assert errors == []
    statuses = list(Registration.objects.filter(event=event_a).values_list("status", flat=True))
    assert sorted(statuses) == ["confirmed"] * 2 + ["waitlisted"] * (THREADS - 2)


@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_promote_the_waitlist_in_order(event_a, center_a):
    if _in_memory_sqlite():
        pytest.skip("in-memory SQLite cannot run concurrent writers; see the module docstring")
    users = _crowd(center_a, 6)
    regs = [services.register(scope=scope_for(u), event=event_a) for u in users]
    errors = _race(
        lambda u, r: services.cancel_registration(scope=scope_for(u), registration=r),
        [(users[0], regs[0]), (users[1], regs[1])],
    )
    assert errors == []
    confirmed = Registration.objects.filter(event=event_a, status="confirmed")
    assert sorted(r.user.username for r in confirmed) == ["rush2", "rush3"]
    assert Registration.objects.filter(event=event_a, status="waitlisted").count() == 2
