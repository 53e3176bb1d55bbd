from unittest import mock

import pytest
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_healthz_reports_a_healthy_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("gone")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unhealthy",
        "database": "unreachable",
        "error": "OperationalError",
    }


@pytest.mark.django_db
def test_audit_entries_cannot_be_updated_or_deleted_even_in_bulk(center_a):
    from django.db import DatabaseError, transaction

    from markaz.core import audit
    from markaz.core.models import AuditEntry

    entry = audit.record(action="core.test.done", center=center_a)
    with pytest.raises(ValueError):
        entry.save()
    for attempt in (
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(action="forged"),
        lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()
    assert AuditEntry.objects.get(pk=entry.pk).action == "core.test.done"
