import pytest

from markaz.core.access import scope_for
from markaz.knowledge import services
from markaz.knowledge.models import Status


def make_entry(user, center, *, visibility="center", publish=True, by=None, **data):
    """An entry written through the services, so it is versioned and indexed."""
    data = {"type": "case-study", "title_en": "Solar water pumps", **data, "visibility": visibility}
    entry = services.create_entry(scope=scope_for(user), center=center, data=data)
    if publish:
        entry = services.set_entry_status(
            scope=scope_for(by or user), entry=entry, status=Status.PUBLISHED
        )
    return entry


@pytest.fixture
def entry_factory():
    return make_entry
