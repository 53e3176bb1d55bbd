"""What every review service shares: the staff check and the statuses that count."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from markaz.core.access import AccessScope
from markaz.review import permissions as perms
from markaz.review.models import AssignmentStatus

REVIEWABLE = ("submitted", "accepted", "waitlisted", "rejected")
LIVE = (AssignmentStatus.ASSIGNED, AssignmentStatus.SUBMITTED)


def require_staff(scope: AccessScope, center) -> None:
    if not perms.can_manage_review(scope, center):
        raise PermissionDenied
