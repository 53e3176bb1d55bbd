"""Reads of knowledge entries and of the search index, filtered by what the user may see.

Visibility of a published entry: `public` to anyone, `network` to members of any center that
shares a network with the owner center, `center` to members of the owner center. Drafts: the
owner center's staff and the draft's author.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from markaz.core.access import AccessScope, get_visible
from markaz.core.models import Center, Role
from markaz.knowledge.models import (
    Entry,
    EntryVersion,
    Feedback,
    Kind,
    SearchDocument,
    Status,
    Visibility,
)


def network_center_ids(scope: AccessScope) -> set[int]:
    """Centers sharing a network with a center where the user holds a role (those included)."""
    mine = scope.center_ids()
    if not mine:
        return set()
    shared = Center.objects.filter(networks__centers__in=mine).values_list("pk", flat=True)
    return mine | set(shared)


def _entry_q(scope: AccessScope, *, index: bool = False) -> Q:
    """Visible entries, as a Q on `Entry` or (index=True) on entry `SearchDocument` rows."""
    draft = Q(visibility="draft") if index else Q(status=Status.DRAFT)
    author = Q(owner_id=scope.user_id) if index else Q(created_by_id=scope.user_id)
    q = ~draft & Q(visibility=Visibility.PUBLIC)
    if not scope.is_authenticated:
        return q
    members = scope.center_ids()
    q |= ~draft & Q(visibility=Visibility.CENTER, center_id__in=members)
    q |= ~draft & Q(visibility=Visibility.NETWORK, center_id__in=network_center_ids(scope))
    staff = scope.center_ids(Role.ADMIN, Role.STAFF)
    return q | (draft & (Q(center_id__in=staff) | (author & Q(center_id__in=members))))


def visible_entries(scope: AccessScope) -> QuerySet[Entry]:
    if scope.is_operator:
        return Entry.objects.all()
    return Entry.objects.filter(_entry_q(scope))


def public_entries() -> QuerySet[Entry]:
    return Entry.objects.filter(status=Status.PUBLISHED, visibility=Visibility.PUBLIC)


def entries_for(scope: AccessScope, center: Center) -> QuerySet[Entry]:
    """The entries a center's library lists: its own ones that the user may see."""
    if not scope.has_role(center):
        return Entry.objects.none()
    return visible_entries(scope).filter(center=center)


def search_entries(
    qs: QuerySet[Entry], *, type: str = "", sdg: int | None = None, status: str = ""
) -> QuerySet[Entry]:
    if type:
        qs = qs.filter(type=type)
    if sdg:
        qs = qs.filter(sdgs=sdg)
    if status:
        qs = qs.filter(status=status)
    return qs


def get_entry_for(scope: AccessScope, pk: int) -> Entry:
    return get_visible(visible_entries(scope).select_related("center"), pk=pk)


def get_center_entry_for(scope: AccessScope, center: Center, pk: int) -> Entry:
    return get_visible(entries_for(scope, center), pk=pk)


def get_version_for(scope: AccessScope, entry: Entry, number: int) -> EntryVersion:
    """Old versions of an entry the user can see; drafts' history is the entry's."""
    return get_visible(entry.versions.select_related("saved_by"), number=number)


def feedback_counts(entry: Entry) -> dict[str, int]:
    rows = Feedback.objects.filter(entry=entry)
    return {"yes": rows.filter(useful=True).count(), "no": rows.filter(useful=False).count()}


def feedback_of(scope: AccessScope, entry: Entry) -> bool | None:
    if not scope.is_authenticated:
        return None
    return (
        Feedback.objects.filter(entry=entry, user_id=scope.user_id)
        .values_list("useful", flat=True)
        .first()
    )


def searchable_for(scope: AccessScope) -> QuerySet[SearchDocument]:
    """The index rows a user may find, built from each app's own selectors."""
    if scope.is_operator:
        return SearchDocument.objects.all()
    q = Q(kind=Kind.ENTRY) & _entry_q(scope, index=True)
    # Public ventures, published calls, public events and public challenges: anyone.
    q |= Q(kind__in=[Kind.VENTURE, Kind.CALL, Kind.EVENT, Kind.CHALLENGE], visibility="public")
    if scope.is_authenticated:
        from markaz.challenges.selectors import challenges_for
        from markaz.events.selectors import events_for
        from markaz.programs.selectors import calls_for
        from markaz.stakeholders.selectors import organizations_for, people_for
        from markaz.ventures.selectors import ventures_for

        for center in scope.centers_qs():
            q |= Q(kind=Kind.CALL, object_id__in=calls_for(scope, center).values("pk"))
            q |= Q(kind=Kind.EVENT, object_id__in=events_for(scope, center).values("pk"))
            q |= Q(kind=Kind.CHALLENGE, object_id__in=challenges_for(scope, center).values("pk"))
            q |= Q(kind=Kind.VENTURE, object_id__in=ventures_for(scope, center).values("pk"))
            q |= Q(
                kind=Kind.ORGANIZATION,
                object_id__in=organizations_for(scope, center).values("pk"),
            )
            q |= Q(kind=Kind.PERSON, object_id__in=people_for(scope, center).values("pk"))
    return SearchDocument.objects.filter(q)


def public_search_rows() -> QuerySet[SearchDocument]:
    """Index rows of public, published knowledge entries (what an anonymous reader finds)."""
    return SearchDocument.objects.filter(kind=Kind.ENTRY, visibility=Visibility.PUBLIC)
