import pytest


@pytest.fixture
def probe_table(db):
    from markaz.jobs.tests.sample_jobs import create_probe_table

    create_probe_table()
    return None


@pytest.fixture
def database_queue(db, settings):
    """Jobs go to the database queue (as in production) instead of running in-process."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "email", "maintenance"],
        }
    }
    return settings.TASKS


@pytest.fixture
def operator(db):
    from markaz.core.factories import UserFactory

    return UserFactory(username="operator", is_staff=True, is_superuser=True)
