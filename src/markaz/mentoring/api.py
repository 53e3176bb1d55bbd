"""API of mentoring: profiles, needs, match rounds, mentorships, sessions, reports.

Same selectors, predicates and services as the pages, so the same rules: staff run their
center's mentoring; a mentor and a venture's team see their own mentorships; else 404.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from markaz.core import reference
from markaz.core.access import get_center_for
from markaz.core.api_auth import require, scope_of
from markaz.core.schemas import PageParams, paginate, problems
from markaz.mentoring import permissions as perms
from markaz.mentoring import reports, rounds, selectors, services, services_pairs
from markaz.mentoring.schemas import (
    AreaIn,
    AreaOut,
    EndIn,
    GoalIn,
    GoalPatch,
    MatchRankingOut,
    MatchRoundDetailOut,
    MatchRoundIn,
    MentoringReportOut,
    MentorProfileIn,
    MentorProfileOut,
    MentorshipFilters,
    MentorshipGoalOut,
    MentorshipOut,
    MentorshipPage,
    NeedsIn,
    NeedsOut,
    NoteIn,
    NoteOut,
    PairIn,
    ProfilePage,
    RankingIn,
    RoundPage,
    SessionDetailOut,
    SessionFeedbackIn,
    SessionFeedbackOut,
    SessionIn,
    SessionOut,
    SessionStatusIn,
    SolveOut,
)
from markaz.programs.selectors import programs_for
from markaz.ventures.selectors import ventures_for

router = Router(tags=["mentoring"])
M = "/centers/{slug}/mentoring"


def _center(request, slug: str):
    scope = scope_of(request)
    return scope, get_center_for(scope, slug)


def _refs(qs, ids: list[int], field: str) -> list:
    found = list(qs.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({field: _("Unknown ids: choose from this center.")})
    return found


# -- areas and profiles ------------------------------------------------------------------------


@router.get(
    f"{M}/areas",
    response={200: list[AreaOut], **problems(401, 404)},
    operation_id="list_expertise_areas",
    summary="Expertise areas: defaults and the center's own",
)
def list_expertise_areas(request, slug: str):
    _scope, center = _center(request, slug)
    return list(selectors.areas_for(center))


@router.post(
    f"{M}/areas",
    response={201: AreaOut, **problems(401, 403, 404, 422)},
    operation_id="create_expertise_area",
    summary="Add an expertise area (staff)",
)
def create_expertise_area(request, slug: str, payload: AreaIn):
    scope, center = _center(request, slug)
    require(perms.can_manage_mentoring(scope, center))
    area = services.add_expertise_area(scope=scope, center=center, data=payload.model_dump())
    return Status(201, area)


def _profile_args(scope, center, payload: MentorProfileIn) -> dict:
    data = payload.model_dump()
    return {
        "expertise": _refs(selectors.areas_for(center), data.pop("expertise"), "expertise"),
        "sdg_goals": reference.goals_by_numbers(data.pop("sdg_goals")),
        "conflicted_ventures": _refs(
            ventures_for(scope, center), data.pop("conflicted_ventures"), "conflicted_ventures"
        ),
        "data": data,
    }


@router.get(
    f"{M}/mentors",
    response={200: ProfilePage, **problems(401, 404, 422)},
    operation_id="list_mentor_profiles",
    summary="Mentors serving the center (staff; others: their own)",
)
def list_mentor_profiles(request, slug: str, filters: Query[PageParams]):
    scope, center = _center(request, slug)
    qs = selectors.mentor_profiles_for(scope, center).prefetch_related("sdg_goals")
    return paginate(request, qs, filters)


@router.get(
    f"{M}/mentors/{{mentor_id}}",
    response={200: MentorProfileOut, **problems(401, 404)},
    operation_id="get_mentor_profile",
    summary="One mentor profile",
)
def get_mentor_profile(request, slug: str, mentor_id: int):
    scope, center = _center(request, slug)
    return selectors.get_mentor_profile_for(scope, center, mentor_id)


@router.put(
    f"{M}/mentors/{{mentor_id}}",
    response={200: MentorProfileOut, **problems(401, 403, 404, 422)},
    operation_id="update_mentor_profile",
    summary="Replace a mentor profile (staff or the mentor)",
)
def update_mentor_profile(request, slug: str, mentor_id: int, payload: MentorProfileIn):
    scope, center = _center(request, slug)
    profile = selectors.get_mentor_profile_for(scope, center, mentor_id)
    require(perms.owns_profile(scope, profile) or perms.can_manage_mentoring(scope, center))
    return services.save_mentor_profile(
        scope=scope, center=center, profile=profile, **_profile_args(scope, center, payload)
    )


@router.get(
    f"{M}/me/profile",
    response={200: MentorProfileOut, **problems(401, 404)},
    operation_id="get_my_mentor_profile",
    summary="The signed-in mentor's own profile",
)
def get_my_mentor_profile(request, slug: str):
    scope, center = _center(request, slug)
    profile = selectors.own_profile(scope)
    if profile is None or not profile.centers.filter(pk=center.pk).exists():
        raise Http404
    return profile


@router.put(
    f"{M}/me/profile",
    response={200: MentorProfileOut, **problems(401, 403, 404, 422)},
    operation_id="save_my_mentor_profile",
    summary="Create or replace one's own mentor profile for this center",
)
def save_my_mentor_profile(request, slug: str, payload: MentorProfileIn):
    scope, center = _center(request, slug)
    require(perms.can_serve_as_mentor(scope, center))
    return services.save_mentor_profile(
        scope=scope,
        center=center,
        profile=selectors.own_profile(scope),
        **_profile_args(scope, center, payload),
    )


# -- needs -------------------------------------------------------------------------------------


@router.get(
    f"{M}/needs/{{venture_id}}",
    response={200: NeedsOut, **problems(401, 404)},
    operation_id="get_mentee_needs",
    summary="A venture's mentoring needs (its managers, staff)",
)
def get_mentee_needs(request, slug: str, venture_id: int):
    scope, center = _center(request, slug)
    venture = selectors.get_needs_venture_for(scope, center, venture_id)
    needs = selectors.needs_of(venture)
    if needs is None:
        raise Http404
    return needs


@router.put(
    f"{M}/needs/{{venture_id}}",
    response={200: NeedsOut, **problems(401, 403, 404, 422)},
    operation_id="save_mentee_needs",
    summary="Record a venture's mentoring needs",
)
def save_mentee_needs(request, slug: str, venture_id: int, payload: NeedsIn):
    scope, center = _center(request, slug)
    venture = selectors.get_needs_venture_for(scope, center, venture_id)
    data = payload.model_dump()
    areas = _refs(selectors.areas_for(center), data.pop("areas"), "areas")
    return services.save_mentee_needs(scope=scope, venture=venture, data=data, areas=areas)


# -- rounds ------------------------------------------------------------------------------------


@router.get(
    f"{M}/rounds",
    response={200: RoundPage, **problems(401, 404, 422)},
    operation_id="list_match_rounds",
    summary="Match rounds (staff)",
)
def list_match_rounds(request, slug: str, filters: Query[PageParams]):
    scope, center = _center(request, slug)
    qs = selectors.rounds_for(scope, center).prefetch_related("ventures", "mentors")
    return paginate(request, qs, filters)


@router.post(
    f"{M}/rounds",
    response={201: MatchRoundDetailOut, **problems(401, 403, 404, 422)},
    operation_id="create_match_round",
    summary="Create a match round over chosen ventures (staff)",
)
def create_match_round(request, slug: str, payload: MatchRoundIn):
    scope, center = _center(request, slug)
    require(perms.can_manage_mentoring(scope, center))
    data = payload.model_dump()
    if data["program"] is not None:
        data["program"] = _refs(programs_for(scope, center), [data["program"]], "program")[0]
    ventures = _refs(ventures_for(scope, center), data.pop("ventures"), "ventures")
    mentors = _refs(selectors.mentor_profiles_for(scope, center), data.pop("mentors"), "mentors")
    match_round = services.create_round(
        scope=scope, center=center, data=data, ventures=ventures, mentors=mentors
    )
    return Status(201, match_round)


def _round(request, slug: str, round_id: int):
    scope, center = _center(request, slug)
    return scope, center, selectors.get_round_for(scope, center, round_id)


@router.get(
    f"{M}/rounds/{{round_id}}",
    response={200: MatchRoundDetailOut, **problems(401, 404)},
    operation_id="get_match_round",
    summary="A round with its pairs and why each fits",
)
def get_match_round(request, slug: str, round_id: int):
    return _round(request, slug, round_id)[2]


@router.post(
    f"{M}/rounds/{{round_id}}/solve",
    response={200: SolveOut, **problems(401, 403, 404, 422)},
    operation_id="solve_match_round",
    summary="Propose pairs around locked and excluded ones (staff)",
)
def solve_match_round(request, slug: str, round_id: int):
    scope, _c, match_round = _round(request, slug, round_id)
    return services.solve_round(scope=scope, match_round=match_round)


@router.post(
    f"{M}/rounds/{{round_id}}/pairs",
    response={200: MatchRoundDetailOut, **problems(401, 403, 404, 422)},
    operation_id="set_round_pair",
    summary="Lock (or override), exclude or clear a pair (staff)",
)
def set_round_pair(request, slug: str, round_id: int, payload: PairIn):
    scope, _c, match_round = _round(request, slug, round_id)
    venture = match_round.ventures.filter(pk=payload.venture).first()
    mentor = rounds.round_mentors(match_round).filter(pk=payload.mentor).first()
    if venture is None:
        raise ValidationError({"venture": _("This venture is not in the round.")})
    if mentor is None:
        raise ValidationError({"mentor": _("This mentor is not in the round.")})
    services.set_pair(
        scope=scope, match_round=match_round, venture=venture, mentor=mentor, state=payload.state
    )
    return match_round


@router.post(
    f"{M}/rounds/{{round_id}}/publish",
    response={200: list[MentorshipOut], **problems(401, 403, 404, 422)},
    operation_id="publish_match_round",
    summary="Create the mentorships and introduce both sides (staff)",
)
def publish_match_round(request, slug: str, round_id: int):
    scope, _c, match_round = _round(request, slug, round_id)
    return services.publish_round(scope=scope, match_round=match_round)


@router.post(
    f"{M}/rounds/{{round_id}}/rankings",
    response={200: MatchRankingOut, **problems(401, 403, 404, 422)},
    operation_id="submit_round_ranking",
    summary="Submit a ranking in a stable round (a mentor, or a venture's manager)",
)
def submit_round_ranking(request, slug: str, round_id: int, payload: RankingIn):
    scope, center = _center(request, slug)
    match_round = selectors.get_rankable_round_for(scope, center, round_id)
    venture = None
    if payload.venture is not None:
        venture = selectors.get_needs_venture_for(scope, center, payload.venture)
    return services.submit_ranking(
        scope=scope, match_round=match_round, ranked=payload.ranked, venture=venture
    )


# -- mentorships, goals, sessions --------------------------------------------------------------


@router.get(
    f"{M}/mentorships",
    response={200: MentorshipPage, **problems(401, 404, 422)},
    operation_id="list_mentorships",
    summary="Mentorships: staff all; a mentor or team their own",
)
def list_mentorships(request, slug: str, filters: Query[MentorshipFilters]):
    scope, center = _center(request, slug)
    qs = selectors.mentorships_for(scope, center).prefetch_related("goals")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return paginate(request, qs, filters)


def _mentorship(request, slug: str, mentorship_id: int):
    scope, center = _center(request, slug)
    return scope, selectors.get_mentorship_for(scope, center, mentorship_id)


@router.get(
    f"{M}/mentorships/{{mentorship_id}}",
    response={200: MentorshipOut, **problems(401, 404)},
    operation_id="get_mentorship",
    summary="One mentorship with its goals",
)
def get_mentorship(request, slug: str, mentorship_id: int):
    return _mentorship(request, slug, mentorship_id)[1]


@router.post(
    f"{M}/mentorships/{{mentorship_id}}/end",
    response={200: MentorshipOut, **problems(401, 403, 404, 422)},
    operation_id="end_mentorship",
    summary="End a mentorship (either side or staff)",
)
def end_mentorship(request, slug: str, mentorship_id: int, payload: EndIn):
    scope, mentorship = _mentorship(request, slug, mentorship_id)
    return services_pairs.end_mentorship(scope=scope, mentorship=mentorship, reason=payload.reason)


@router.post(
    f"{M}/mentorships/{{mentorship_id}}/goals",
    response={201: MentorshipGoalOut, **problems(401, 403, 404, 422)},
    operation_id="add_mentorship_goal",
    summary="Add a goal to a mentorship",
)
def add_mentorship_goal(request, slug: str, mentorship_id: int, payload: GoalIn):
    scope, mentorship = _mentorship(request, slug, mentorship_id)
    goal = services_pairs.add_goal(scope=scope, mentorship=mentorship, data=payload.model_dump())
    return Status(201, goal)


@router.patch(
    f"{M}/goals/{{goal_id}}",
    response={200: MentorshipGoalOut, **problems(401, 403, 404, 422)},
    operation_id="update_mentorship_goal",
    summary="Update a goal's progress",
)
def update_mentorship_goal(request, slug: str, goal_id: int, payload: GoalPatch):
    scope, center = _center(request, slug)
    goal = selectors.get_goal_for(scope, center, goal_id)
    data = payload.model_dump(exclude_unset=True)
    return services_pairs.update_goal(scope=scope, goal=goal, data=data)


@router.post(
    f"{M}/mentorships/{{mentorship_id}}/sessions",
    response={201: SessionOut, **problems(401, 403, 404, 422)},
    operation_id="schedule_mentoring_session",
    summary="Schedule a session inside both availabilities; emails the invite",
)
def schedule_mentoring_session(request, slug: str, mentorship_id: int, payload: SessionIn):
    scope, mentorship = _mentorship(request, slug, mentorship_id)
    require(perms.can_schedule(scope, mentorship))
    session = services_pairs.schedule_session(
        scope=scope, mentorship=mentorship, data=payload.model_dump()
    )
    return Status(201, session)


def _session(request, slug: str, session_id: int):
    scope, center = _center(request, slug)
    return scope, selectors.get_session_for(scope, center, session_id)


@router.get(
    f"{M}/sessions/{{session_id}}",
    response={200: SessionDetailOut, **problems(401, 404)},
    operation_id="get_mentoring_session",
    summary="A session with its private notes and feedback (the pair, staff)",
)
def get_mentoring_session(request, slug: str, session_id: int):
    return _session(request, slug, session_id)[1]


@router.post(
    f"{M}/sessions/{{session_id}}/status",
    response={200: SessionOut, **problems(401, 403, 404, 422)},
    operation_id="set_mentoring_session_status",
    summary="Mark a session held or cancelled",
)
def set_mentoring_session_status(request, slug: str, session_id: int, payload: SessionStatusIn):
    scope, session = _session(request, slug, session_id)
    return services_pairs.set_session_status(scope=scope, session=session, status=payload.status)


@router.post(
    f"{M}/sessions/{{session_id}}/notes",
    response={201: NoteOut, **problems(401, 403, 404, 422)},
    operation_id="add_session_note",
    summary="Add a private note to a session",
)
def add_session_note(request, slug: str, session_id: int, payload: NoteIn):
    scope, session = _session(request, slug, session_id)
    return Status(
        201, services_pairs.add_session_note(scope=scope, session=session, text=payload.text)
    )


@router.post(
    f"{M}/sessions/{{session_id}}/feedback",
    response={201: SessionFeedbackOut, **problems(401, 403, 404, 422)},
    operation_id="give_session_feedback",
    summary="Rate a session 1–5 (mentor or mentee, once each)",
)
def give_session_feedback(request, slug: str, session_id: int, payload: SessionFeedbackIn):
    scope, session = _session(request, slug, session_id)
    require(perms.side_of(scope, session.mentorship) is not None)
    feedback = services_pairs.give_feedback(scope=scope, session=session, **payload.model_dump())
    return Status(201, feedback)


@router.get(
    f"{M}/report",
    response={200: MentoringReportOut, **problems(401, 403, 404)},
    operation_id="get_mentoring_report",
    summary="Mentor hours and satisfaction (staff)",
)
def get_mentoring_report(request, slug: str):
    scope, center = _center(request, slug)
    require(perms.can_manage_mentoring(scope, center))
    return reports.summary(center)
