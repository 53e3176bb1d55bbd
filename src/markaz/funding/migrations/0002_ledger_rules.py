"""The database keeps the ledger honest on its own (SQLite and PostgreSQL).

- Entries are append-only: no UPDATE, no DELETE. As for the audit log, SQLite allows a DELETE
  only while `core_audit_maintenance` holds a row (the test suite's flush window, see
  `markaz.core.maintenance`); PostgreSQL's TRUNCATE fires no row trigger.
- After each insert (PostgreSQL raises integrity errors, as SQLite's RAISE(ABORT) does): a fund's net commitments never exceed its amount; an award's net
  disbursements never exceed its net commitments, and neither goes below zero.
  SQLite stores decimals as floating point, so its sums are compared rounded to 4 places.
"""

from django.db import migrations

# message → (when the check is relevant to the new row, the violated condition). The guards
# keep inserts cheap: only a new commitment can over-commit a fund.
CHECKS = {
    "fund over-committed": (
        "NEW.account = 'committed' AND NEW.direction = 1",
        """(SELECT ROUND(COALESCE(SUM(fund_amount * direction), 0), 4) FROM funding_ledgerentry
             WHERE fund_id = NEW.fund_id AND account = 'committed')
           > (SELECT ROUND(amount, 4) FROM funding_fund WHERE id = NEW.fund_id)""",
    ),
    "award over-disbursed": (
        "(NEW.account = 'disbursed') = (NEW.direction = 1)",
        """(SELECT ROUND(COALESCE(SUM(amount * direction), 0), 4) FROM funding_ledgerentry
             WHERE award_id = NEW.award_id AND account = 'disbursed')
           > (SELECT ROUND(COALESCE(SUM(amount * direction), 0), 4) FROM funding_ledgerentry
             WHERE award_id = NEW.award_id AND account = 'committed')""",
    ),
    "negative disbursed balance": (
        "NEW.account = 'disbursed' AND NEW.direction = -1",
        """(SELECT ROUND(COALESCE(SUM(amount * direction), 0), 4) FROM funding_ledgerentry
             WHERE award_id = NEW.award_id AND account = 'disbursed') < 0""",
    ),
}


def _name(message: str) -> str:
    return "funding_ledger_" + message.replace(" ", "_").replace("-", "_")


SQLITE = [
    """CREATE TRIGGER funding_ledger_no_update BEFORE UPDATE ON funding_ledgerentry
       BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;""",
    """CREATE TRIGGER funding_ledger_no_delete BEFORE DELETE ON funding_ledgerentry
       WHEN NOT EXISTS (SELECT 1 FROM core_audit_maintenance)
       BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;""",
    *(
        f"""CREATE TRIGGER {_name(message)} AFTER INSERT ON funding_ledgerentry
            WHEN {guard} AND {condition}
            BEGIN SELECT RAISE(ABORT, '{message}'); END;"""
        for message, (guard, condition) in CHECKS.items()
    ),
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS funding_ledger_no_update;",
    "DROP TRIGGER IF EXISTS funding_ledger_no_delete;",
    *(f"DROP TRIGGER IF EXISTS {_name(message)};" for message in CHECKS),
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION funding_ledger_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'ledger entries are append-only' USING ERRCODE = 'restrict_violation';
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER funding_ledger_append_only BEFORE UPDATE OR DELETE ON funding_ledgerentry
       FOR EACH ROW EXECUTE FUNCTION funding_ledger_append_only();""",
    """CREATE OR REPLACE FUNCTION funding_ledger_balances() RETURNS trigger AS $$
       BEGIN
       """
    + "\n".join(
        f"""IF {guard} THEN IF {condition} THEN
              RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation';
            END IF; END IF;"""
        for message, (guard, condition) in CHECKS.items()
    )
    + """
       RETURN NULL; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER funding_ledger_balances AFTER INSERT ON funding_ledgerentry
       FOR EACH ROW EXECUTE FUNCTION funding_ledger_balances();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS funding_ledger_balances ON funding_ledgerentry;",
    "DROP FUNCTION IF EXISTS funding_ledger_balances();",
    "DROP TRIGGER IF EXISTS funding_ledger_append_only ON funding_ledgerentry;",
    "DROP FUNCTION IF EXISTS funding_ledger_append_only();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = (
        POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial"), ("core", "0002_audit_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
