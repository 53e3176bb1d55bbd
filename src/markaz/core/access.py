"""The one permission and tenancy layer.

Every read that serves a user starts from an `AccessScope`: the user's roles in each center,
loaded once per request (one query), optionally narrowed to one center by an API token.
App selectors (`<app>/selectors.py`) filter querysets through it and app predicates
(`<app>/permissions.py`) ask it questions. Missing and forbidden look the same: `Http404`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from markaz.core.models import Center, Membership, NetworkRole, Role

STAFF_ROLES = frozenset({Role.ADMIN, Role.STAFF})
ALL_ROLES = frozenset(Role.values)


@dataclass
class AccessScope:
    user: object
    roles: dict[int, frozenset[str]] = field(default_factory=dict)
    coordinated_networks: frozenset[int] = frozenset()
    token_center_id: int | None = None

    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @property
    def is_operator(self) -> bool:
        """Platform superusers act as admins everywhere, except through a center token."""
        return bool(getattr(self.user, "is_superuser", False)) and self.token_center_id is None

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.is_authenticated else None

    def roles_in(self, center: Center | int) -> frozenset[str]:
        center_id = center if isinstance(center, int) else center.pk
        if self.token_center_id is not None and center_id != self.token_center_id:
            return frozenset()
        if self.is_operator:
            return ALL_ROLES
        return self.roles.get(center_id, frozenset())

    def has_role(self, center: Center | int, *roles: str) -> bool:
        return bool(self.roles_in(center) & set(roles or ALL_ROLES))

    def is_staff_of(self, center: Center | int) -> bool:
        return self.has_role(center, *STAFF_ROLES)

    def is_admin_of(self, center: Center | int) -> bool:
        return self.has_role(center, Role.ADMIN)

    def center_ids(self, *roles: str) -> set[int]:
        """Centers where the user holds any of `roles` (any role when none given)."""
        wanted = set(roles or ALL_ROLES)
        ids = {cid for cid, held in self.roles.items() if held & wanted}
        if self.token_center_id is not None:
            ids &= {self.token_center_id}
        return ids

    @cached_property
    def person_id(self) -> int | None:
        if not self.is_authenticated:
            return None
        from markaz.stakeholders.models import Person

        return Person.objects.filter(user_id=self.user.pk).values_list("pk", flat=True).first()

    def centers_qs(self, *roles: str):
        if self.is_operator:
            return Center.objects.all()
        return Center.objects.filter(pk__in=self.center_ids(*roles))


def scope_for(user, *, token_center_id: int | None = None) -> AccessScope:
    if user is None or not getattr(user, "is_authenticated", False):
        return AccessScope(user=user or AnonymousUser())
    roles: dict[int, set[str]] = {}
    for center_id, role in Membership.objects.filter(user=user).values_list("center_id", "role"):
        roles.setdefault(center_id, set()).add(role)
    networks = NetworkRole.objects.filter(user=user).values_list("network_id", flat=True)
    return AccessScope(
        user=user,
        roles={cid: frozenset(r) for cid, r in roles.items()},
        coordinated_networks=frozenset(networks),
        token_center_id=token_center_id,
    )


def get_center_for(scope: AccessScope, slug: str, *roles: str) -> Center:
    """The center named by slug, if the scope holds one of `roles` there (any role if none)."""
    center = Center.objects.filter(slug=slug).first()
    if center is None or not scope.has_role(center, *roles):
        raise Http404("No such center.")
    return center


def get_visible(queryset, **lookup):
    """Fetch one row from an already-scoped queryset; missing and forbidden are both 404."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404("Not found.")
    return obj
