"""Concurrent disbursements against one award: the invariants hold and every accepted request
has its ledger entry.

Runs on PostgreSQL (row locks) and on file-based SQLite (IMMEDIATE transactions). pytest's
SQLite test database lives in memory with a shared cache, where concurrent writers fail with
"table is locked" instead of waiting, so there the test is skipped; `markaz bench ledger`
runs the same race on a file-based SQLite database.
"""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from markaz.funding import ledger
from markaz.funding.models import EntryKind

THREADS = 20


def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_disbursements_never_exceed_the_commitment(award_a):
    if _in_memory_sqlite():
        pytest.skip("in-memory SQLite cannot run concurrent writers; see the module docstring")
    accepted, refused, errors = [], [], []
    start = threading.Barrier(THREADS)

    def attempt(n: int) -> None:
        try:
            start.wait()
            entry = ledger.disburse(
                award=award_a,
                amount=Decimal("1500.00"),
                entry_date=dt.date(2026, 4, 1),
                method="bank_transfer",
                external_reference=f"T-{n}",
            )
            accepted.append(entry.pk)
        except ValidationError:
            refused.append(n)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert (len(accepted), len(refused)) == (6, 14)  # 6 × 1,500 ≤ 10,000 < 7 × 1,500
    balance = ledger.award_balance(award_a)
    assert balance.disbursed == Decimal("9000.00") <= balance.committed
    paid = award_a.entries.filter(kind=EntryKind.DISBURSEMENT)
    assert sorted(paid.values_list("pk", flat=True)) == sorted(accepted)
