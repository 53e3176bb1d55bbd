"""The audit table's maintenance window (see core/migrations/0002_audit_append_only.py)."""

from django.db import connection


def open_audit_purge_window() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO core_audit_maintenance (opened_at) VALUES (datetime('now'))"
            )


def close_audit_purge_window() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_audit_maintenance")
