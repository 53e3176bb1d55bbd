"""Federation fixtures, shared with the whole suite (models imported inside fixtures)."""

from __future__ import annotations

import pytest


@pytest.fixture
def federation_operator(db):
    from markaz.core.factories import UserFactory

    return UserFactory(username="fed-operator", is_superuser=True, is_staff=True)


@pytest.fixture
def federation_coordinator(db):
    from markaz.core.factories import NetworkFactory, UserFactory
    from markaz.core.models import NetworkRole

    user = UserFactory(username="fed-coordinator")
    NetworkRole.objects.create(user=user, network=NetworkFactory(slug="fed-coordinated"))
    return user


@pytest.fixture
def fake_peer(db, monkeypatch):
    """An active peer whose outbox is a list in memory, signed with its own key."""
    from markaz.federation.tests.fakes import FakePeer

    fake = FakePeer()
    monkeypatch.setattr("markaz.federation.client.fetch_outbox", fake.fetch_outbox)
    return fake
