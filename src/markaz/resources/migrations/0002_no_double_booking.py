"""No double booking, as a rule of the database (PostgreSQL and SQLite).

Two active (pending or confirmed) bookings of the same item of capacity one (`exclusive`)
never overlap in time, intervals half-open [start, end):

- PostgreSQL: an exclusion constraint with btree_gist over the resource id (=) and
  `tstzrange(starts_at, ends_at)` (&&). Concurrent inserts wait for each other's commit and
  the loser gets an exclusion violation (an IntegrityError), whatever the code above did.
- SQLite: triggers before insert and before update that refuse the overlapping row. SQLite
  has one writer at a time (the settings open IMMEDIATE transactions), so the trigger's check
  and the insert cannot interleave with another writer's.

Items of capacity above one are checked by the booking service under a lock on the resource
row (PostgreSQL) or the single writer lock (SQLite).
"""

from django.db import migrations

ACTIVE = "('pending', 'confirmed')"

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist;",
    f"""ALTER TABLE resources_booking ADD CONSTRAINT resources_booking_no_overlap
        EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
        WHERE (exclusive AND status IN {ACTIVE});""",
]
POSTGRES_REVERSE = [
    "ALTER TABLE resources_booking DROP CONSTRAINT IF EXISTS resources_booking_no_overlap;",
]


def _sqlite_trigger(name: str, event: str, same_row: str) -> str:
    return f"""CREATE TRIGGER {name} BEFORE {event} ON resources_booking
        WHEN NEW.exclusive AND NEW.status IN {ACTIVE}
        AND EXISTS (SELECT 1 FROM resources_booking b
                    WHERE b.resource_id = NEW.resource_id AND b.exclusive
                    AND b.status IN {ACTIVE} {same_row}
                    AND b.starts_at < NEW.ends_at AND NEW.starts_at < b.ends_at)
        BEGIN SELECT RAISE(ABORT, 'resources_booking_no_overlap'); END;"""


SQLITE = [
    _sqlite_trigger("resources_booking_no_overlap_insert", "INSERT", ""),
    _sqlite_trigger(
        "resources_booking_no_overlap_update",
        "UPDATE OF starts_at, ends_at, status, resource_id, exclusive",
        "AND b.id != NEW.id",
    ),
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS resources_booking_no_overlap_insert;",
    "DROP TRIGGER IF EXISTS resources_booking_no_overlap_update;",
]


def forwards(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRES if pg else SQLITE:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRES_REVERSE if pg else SQLITE_REVERSE:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
