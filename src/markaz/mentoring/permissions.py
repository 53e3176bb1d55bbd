"""Named predicates for mentoring: staff run it; a pair sees its own mentorship and sessions."""

from __future__ import annotations

from markaz.core.access import AccessScope
from markaz.core.models import Center, Role
from markaz.mentoring.models import MatchRound, MentorProfile, Mentorship, RoundStatus
from markaz.ventures.permissions import can_edit_venture, is_on_team


def can_manage_mentoring(scope: AccessScope, center: Center | int) -> bool:
    return scope.is_staff_of(center)


def can_serve_as_mentor(scope: AccessScope, center: Center | int) -> bool:
    """Who may keep a mentor profile for this center: its mentors and its staff."""
    return scope.has_role(center, Role.MENTOR, Role.ADMIN, Role.STAFF)


def owns_profile(scope: AccessScope, profile: MentorProfile) -> bool:
    if not scope.is_authenticated:
        return False
    if profile.user_id is not None:
        return profile.user_id == scope.user_id
    return scope.person_id is not None and profile.person_id == scope.person_id


def is_mentor_of(scope: AccessScope, mentorship: Mentorship) -> bool:
    return scope.has_role(mentorship.center_id) and owns_profile(scope, mentorship.mentor)


def is_mentee_of(scope: AccessScope, mentorship: Mentorship) -> bool:
    return scope.has_role(mentorship.center_id) and is_on_team(scope, mentorship.venture)


def side_of(scope: AccessScope, mentorship: Mentorship) -> str | None:
    if is_mentor_of(scope, mentorship):
        return "mentor"
    if is_mentee_of(scope, mentorship):
        return "mentee"
    return None


def can_see_mentorship(scope: AccessScope, mentorship: Mentorship) -> bool:
    return (
        can_manage_mentoring(scope, mentorship.center_id) or side_of(scope, mentorship) is not None
    )


def can_schedule(scope: AccessScope, mentorship: Mentorship) -> bool:
    return mentorship.status == "active" and can_see_mentorship(scope, mentorship)


def can_end(scope: AccessScope, mentorship: Mentorship) -> bool:
    return mentorship.status == "active" and can_see_mentorship(scope, mentorship)


def can_edit_needs(scope: AccessScope, venture) -> bool:
    return can_edit_venture(scope, venture)


def can_rank_in(scope: AccessScope, match_round: MatchRound, *, venture=None) -> bool:
    """Stable rounds before publishing: a mentor of the round, or a venture's managers."""
    if match_round.mode != "stable" or match_round.status == RoundStatus.PUBLISHED:
        return False
    if not scope.has_role(match_round.center_id):
        return False
    if venture is not None:
        return is_on_team(scope, venture, managing=True) and (
            match_round.ventures.filter(pk=venture.pk).exists()
        )
    from markaz.mentoring.rounds import round_mentors

    return any(owns_profile(scope, p) for p in round_mentors(match_round))
