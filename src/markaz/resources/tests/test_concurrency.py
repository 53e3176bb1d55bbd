"""Concurrent bookings of the same slot: exactly one wins per unit of capacity, the others are
refused with an explanation, and the database holds no overlap.

Runs on PostgreSQL (every booking locks the resource row; the exclusion constraint backs capacity
one) with real transactions in threads. pytest's SQLite test database lives in memory with a shared
cache, where concurrent writers fail with "table is locked" instead of waiting, so there it is
skipped (as in funding); SQLite's single writer (IMMEDIATE transactions) and the trigger of
migration 0002 keep the same rule on a file database.
"""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from markaz.core.access import scope_for
from markaz.resources import services
from markaz.resources.models import Booking

THREADS = 12
START = dt.datetime(2030, 6, 3, 6, 0, tzinfo=dt.UTC)  # 09:00 in Amman


def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def _race(user, resource, venture, offsets_minutes: list[int], units: int = 1):
    accepted, refused, errors = [], [], []
    barrier = threading.Barrier(len(offsets_minutes))
    scope = scope_for(user)

    def attempt(offset: int) -> None:
        try:
            barrier.wait()
            start = START + dt.timedelta(minutes=offset)
            booking = services.create_booking(
                scope=scope,
                resource=resource,
                venture=venture,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=1),
                units=units,
            )
            accepted.append(booking.pk)
        except ValidationError:
            refused.append(offset)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(o,)) for o in offsets_minutes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return accepted, refused, errors


def _overlaps(resource) -> int:
    rows = list(
        Booking.objects.filter(resource=resource, status__in=("pending", "confirmed")).values_list(
            "starts_at", "ends_at"
        )
    )
    return sum(1 for i, a in enumerate(rows) for b in rows[i + 1 :] if a[0] < b[1] and b[0] < a[1])


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_one_room_slot_book_it_once(staff_a, room_a, venture_a):
    if _in_memory_sqlite():
        pytest.skip("in-memory SQLite cannot run concurrent writers; see the module docstring")
    accepted, refused, errors = _race(staff_a, room_a, venture_a, [0] * THREADS)
    assert errors == []
    assert (len(accepted), len(refused)) == (1, THREADS - 1)
    assert _overlaps(room_a) == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_requests_never_exceed_capacity(staff_a, center_a, venture_a):
    if _in_memory_sqlite():
        pytest.skip("in-memory SQLite cannot run concurrent writers; see the module docstring")
    from markaz.resources.factories import ResourceFactory

    shared = ResourceFactory(center=center_a, name_en="Shared lab", capacity=3)
    accepted, refused, errors = _race(staff_a, shared, venture_a, [0] * THREADS)
    assert errors == []
    assert (len(accepted), len(refused)) == (3, THREADS - 3)
    assert Booking.objects.filter(resource=shared, status="confirmed").count() == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_of_one_venture_never_exceed_its_weekly_quota(
    staff_a, printer_a, venture_a
):
    if _in_memory_sqlite():
        pytest.skip("in-memory SQLite cannot run concurrent writers; see the module docstring")
    # Eight one-hour slots that never compete for a unit: only the 4-hour quota can refuse.
    accepted, refused, errors = _race(staff_a, printer_a, venture_a, [60 * i for i in range(8)])
    assert errors == []
    assert (len(accepted), len(refused)) == (4, 4)
    assert Booking.objects.filter(resource=printer_a, venture=venture_a).count() == 4
