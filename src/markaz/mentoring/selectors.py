"""Reads of mentoring for a user. Staff see their center's; a pair sees its own. Else 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from markaz.core.access import AccessScope, get_visible
from markaz.core.models import Center
from markaz.mentoring.models import (
    ExpertiseArea,
    Feedback,
    Goal,
    MatchRound,
    MenteeNeeds,
    MentorProfile,
    Mentorship,
    Session,
    SessionNote,
)
from markaz.mentoring.permissions import can_manage_mentoring
from markaz.ventures.models import TeamMember, Venture
from markaz.ventures.selectors import ventures_for


def own_profile(scope: AccessScope) -> MentorProfile | None:
    if not scope.is_authenticated:
        return None
    mine = Q(user_id=scope.user_id)
    if scope.person_id is not None:
        mine |= Q(person_id=scope.person_id, user__isnull=True)
    return MentorProfile.objects.filter(mine).first()


def _own_profile_q(scope: AccessScope, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}user_id": scope.user_id}) if scope.is_authenticated else Q(pk__in=[])
    if scope.person_id is not None:
        q |= Q(**{f"{prefix}person_id": scope.person_id, f"{prefix}user__isnull": True})
    return q


def areas_for(center: Center) -> QuerySet[ExpertiseArea]:
    """The shipped default areas and the center's own."""
    return ExpertiseArea.objects.filter(Q(center__isnull=True) | Q(center=center))


def mentor_profiles_for(scope: AccessScope, center: Center) -> QuerySet[MentorProfile]:
    qs = (
        MentorProfile.objects.filter(centers=center)
        .select_related("user", "person", "user__person")
        .prefetch_related("expertise")
    )
    if can_manage_mentoring(scope, center):
        return qs
    if not scope.has_role(center):
        return qs.none()
    return qs.filter(_own_profile_q(scope))


def get_mentor_profile_for(scope: AccessScope, center: Center, pk: int) -> MentorProfile:
    return get_visible(mentor_profiles_for(scope, center), pk=pk)


def needs_ventures_for(scope: AccessScope, center: Center) -> QuerySet[Venture]:
    """Ventures whose needs the user may see and edit: all for staff, managed ones otherwise."""
    qs = ventures_for(scope, center)
    if can_manage_mentoring(scope, center):
        return qs
    if scope.person_id is None:
        return qs.none()
    managed = TeamMember.objects.filter(person_id=scope.person_id, can_manage=True)
    return qs.filter(pk__in=managed.values("venture_id"))


def get_needs_venture_for(scope: AccessScope, center: Center, pk: int) -> Venture:
    return get_visible(needs_ventures_for(scope, center), pk=pk)


def needs_of(venture: Venture) -> MenteeNeeds | None:
    return MenteeNeeds.objects.filter(venture=venture).prefetch_related("areas").first()


def rounds_for(scope: AccessScope, center: Center) -> QuerySet[MatchRound]:
    qs = MatchRound.objects.filter(center=center)
    return qs if can_manage_mentoring(scope, center) else qs.none()


def get_round_for(scope: AccessScope, center: Center, pk: int) -> MatchRound:
    return get_visible(rounds_for(scope, center), pk=pk)


def rankable_rounds_for(scope: AccessScope, center: Center) -> QuerySet[MatchRound]:
    """Stable rounds before publishing in which the user ranks (as a mentor or a venture)."""
    if not scope.has_role(center):
        return MatchRound.objects.none()
    qs = MatchRound.objects.filter(center=center, mode="stable").exclude(status="published")
    own = MentorProfile.objects.filter(_own_profile_q(scope))
    mine = Q(mentors__in=own)
    if own.filter(centers=center, opted_out=False).exists():
        mine |= Q(mentors__isnull=True)  # a round without chosen mentors takes them all
    if scope.person_id is not None:
        managed = TeamMember.objects.filter(person_id=scope.person_id, can_manage=True)
        mine |= Q(ventures__in=managed.values("venture_id"))
    return qs.filter(mine).distinct()


def get_rankable_round_for(scope: AccessScope, center: Center, pk: int) -> MatchRound:
    if can_manage_mentoring(scope, center):
        return get_visible(
            MatchRound.objects.filter(center=center, mode="stable").exclude(status="published"),
            pk=pk,
        )
    return get_visible(rankable_rounds_for(scope, center), pk=pk)


def mentorships_for(scope: AccessScope, center: Center) -> QuerySet[Mentorship]:
    qs = Mentorship.objects.filter(center=center).select_related(
        "venture", "mentor", "mentor__user", "mentor__person", "mentor__user__person", "round"
    )
    if can_manage_mentoring(scope, center):
        return qs
    if not scope.has_role(center):
        return qs.none()
    mine = Q(mentor__in=MentorProfile.objects.filter(_own_profile_q(scope)))
    if scope.person_id is not None:
        teams = TeamMember.objects.filter(person_id=scope.person_id).values("venture_id")
        mine |= Q(venture__in=teams)
    return qs.filter(mine)


def get_mentorship_for(scope: AccessScope, center: Center, pk: int) -> Mentorship:
    return get_visible(mentorships_for(scope, center), pk=pk)


def sessions_for(scope: AccessScope, center: Center) -> QuerySet[Session]:
    return Session.objects.filter(
        mentorship__in=mentorships_for(scope, center).values("pk")
    ).select_related("mentorship", "mentorship__venture", "mentorship__mentor")


def get_session_for(scope: AccessScope, center: Center, pk: int) -> Session:
    return get_visible(sessions_for(scope, center), pk=pk)


def notes_of(session: Session) -> QuerySet[SessionNote]:
    """Call only after get_session_for: notes are for the pair and staff."""
    return session.notes.select_related("author")


def feedback_of(session: Session) -> QuerySet[Feedback]:
    return session.feedback.select_related("author")


def goals_of(mentorship: Mentorship) -> QuerySet[Goal]:
    return mentorship.goals.all()


def get_goal_for(scope: AccessScope, center: Center, pk: int) -> Goal:
    return get_visible(
        Goal.objects.filter(mentorship__in=mentorships_for(scope, center).values("pk")), pk=pk
    )
