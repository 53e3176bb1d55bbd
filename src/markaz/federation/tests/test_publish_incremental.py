"""The diff publisher builds and signs only what changed since its last run, and still misses
nothing: changes without a signal or an `updated_at` bump, related names, objects coming back."""

from __future__ import annotations

import pytest

from markaz.core.factories import NetworkFactory
from markaz.federation import outbox
from markaz.federation.models import OutboxActivity, SharedObject
from markaz.knowledge.factories import EntryFactory
from markaz.knowledge.models import Entry


@pytest.fixture
def built(monkeypatch):
    """The keys whose objects each publish() run built."""
    runs: list[set[str]] = []
    real = outbox._current

    def spy(keys):
        keys = list(keys) if keys is not None else None
        runs.append(set(keys) if keys is not None else {"*"})
        return real(keys)

    monkeypatch.setattr(outbox, "_current", spy)
    return runs


def _entry_keys(built_keys):
    return {k for k in built_keys if k.startswith("knowledge.entry:")}


def _verbs():
    return [(a.verb, a.key) for a in OutboxActivity.objects.order_by("id")]


def test_a_run_builds_only_the_rows_that_changed(center_a, built):
    entries = [EntryFactory(center=center_a, visibility="public") for _ in range(5)]
    assert outbox.publish() == 5
    assert outbox.publish() == 0
    assert _entry_keys(built[-1]) == set()  # nothing changed: nothing built
    # a bulk update: no signal, no updated_at bump
    Entry.objects.filter(pk=entries[2].pk).update(title_en="Revised")
    assert outbox.publish() == 1
    assert _entry_keys(built[-1]) == {f"knowledge.entry:{entries[2].pk}"}
    last = OutboxActivity.objects.order_by("-id").first()
    assert last.verb == "Update" and last.payload["object"]["nameMap"]["en"] == "Revised"


def test_a_column_the_object_does_not_show_is_remembered_without_an_activity(center_a, built):
    entry = EntryFactory(center=center_a, visibility="public")
    outbox.publish()
    Entry.objects.filter(pk=entry.pk).update(type="tool" if entry.type != "tool" else "guide")
    before = SharedObject.objects.get().source_hash
    assert outbox.publish() == 0
    assert SharedObject.objects.get().source_hash != before
    outbox.publish()
    assert _entry_keys(built[-1]) == set()


def test_renaming_the_center_republishes_its_entries(center_a):
    entry = EntryFactory(center=center_a, visibility="public")
    outbox.publish()
    center_a.name_en = "Renamed hub"
    center_a.save()
    outbox.publish()
    assert ("Update", f"knowledge.entry:{entry.pk}") in _verbs()
    last = OutboxActivity.objects.filter(key=f"knowledge.entry:{entry.pk}").order_by("-id")[0]
    assert last.payload["object"]["markaz:center"] == "Renamed hub"


def test_joining_a_network_shares_network_content_and_leaving_retracts_it(center_a):
    entry = EntryFactory(center=center_a, visibility="network")
    assert outbox.publish() == 0  # its center is in no network: not shared
    network = NetworkFactory(slug="mena")
    center_a.networks.add(network)
    outbox.publish()
    assert _verbs()[-1] == ("Create", f"knowledge.entry:{entry.pk}")
    center_a.networks.remove(network)
    outbox.publish()
    assert _verbs()[-1] == ("Delete", f"knowledge.entry:{entry.pk}")


def test_deleted_unpublished_and_republished_rows_are_tombstoned_and_created_again(center_a):
    gone = EntryFactory(center=center_a, visibility="public")
    back = EntryFactory(center=center_a, visibility="public")
    outbox.publish()
    Entry.objects.filter(pk=gone.pk).delete()
    Entry.objects.filter(pk=back.pk).update(status="draft")
    assert outbox.publish() == 2
    assert set(_verbs()[-2:]) == {("Delete", f"knowledge.entry:{gone.pk}"),
                                  ("Delete", f"knowledge.entry:{back.pk}")}  # fmt: skip
    # the very same row, published again: its fingerprint is the one it had, yet it comes back
    Entry.objects.filter(pk=back.pk).update(status="published")
    assert outbox.publish() == 1
    assert _verbs()[-1] == ("Create", f"knowledge.entry:{back.pk}")
    assert outbox.publish() == 0


def test_one_key_publish_leaves_the_rest_alone(center_a, built):
    one, other = (EntryFactory(center=center_a, visibility="public") for _ in range(2))
    outbox.publish()
    Entry.objects.filter(pk__in=[one.pk, other.pk]).update(title_en="Both changed")
    assert outbox.publish([f"knowledge.entry:{one.pk}"]) == 1
    assert _entry_keys(built[-1]) == {f"knowledge.entry:{one.pk}"}
    assert outbox.publish() == 1  # the other one, caught by the next full run
    assert _verbs()[-1] == ("Update", f"knowledge.entry:{other.pk}")


def test_a_full_run_rebuilds_everything_and_appends_nothing_new(center_a, built):
    for _ in range(3):
        EntryFactory(center=center_a, visibility="public")
    outbox.publish()
    assert outbox.publish(full=True) == 0
    assert len(_entry_keys(built[-1])) == 3


def test_machine_urls_reverse_as_in_the_root_urlconf():
    from django.urls import reverse

    names = [("federation-actor", None), ("federation-outbox", None),
             ("federation-inbox", None), ("federation-activity", {"seq": 7})]  # fmt: skip
    for name, kwargs in names:
        assert outbox.local_url(name, **(kwargs or {})).endswith(reverse(name, kwargs=kwargs))
