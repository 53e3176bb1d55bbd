"""Pages for mentors, mentees and staff (thin: selectors read, services write)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.web import apply_service_errors, center_view, forbid_unless, paginate
from markaz.mentoring import ics, reports, selectors, services, services_pairs
from markaz.mentoring import permissions as perms
from markaz.mentoring.forms import (
    AreaForm,
    EndForm,
    FeedbackForm,
    GoalForm,
    MentorProfileForm,
    NeedsForm,
    NoteForm,
    SessionForm,
    StaffProfileForm,
)
from markaz.stakeholders.selectors import people_for
from markaz.ventures.selectors import ventures_for


def _flash(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@center_view()
def home(request):
    scope, center = request.scope, request.center
    profile = selectors.own_profile(scope)
    mentorships = selectors.mentorships_for(scope, center)
    if not perms.can_manage_mentoring(scope, center):
        mentorships = mentorships.filter(status="active")
    return render(
        request,
        "mentoring/home.html",
        {
            "profile": profile if profile and profile.centers.filter(pk=center.pk) else None,
            "can_serve": perms.can_serve_as_mentor(scope, center),
            "can_manage": perms.can_manage_mentoring(scope, center),
            "mentorships": mentorships[:50],
            "sessions": selectors.sessions_for(scope, center).order_by("-starts_at")[:10],
            "needs_ventures": selectors.needs_ventures_for(scope, center),
            "rankable": selectors.rankable_rounds_for(scope, center),
        },
    )


def _profile_form(request, profile, form_class=MentorProfileForm, **extra):
    return form_class(
        request.POST or None,
        instance=profile,
        areas=selectors.areas_for(request.center),
        ventures=ventures_for(request.scope, request.center),
        **extra,
    )


def _expertise_of(form):
    return list(form.cleaned_data["expertise"])


@center_view()
def my_profile(request):
    """A mentor's own profile for this center (created on first save)."""
    forbid_unless(perms.can_serve_as_mentor(request.scope, request.center))
    profile = selectors.own_profile(request.scope)
    form = _profile_form(request, profile)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        if not form.errors:
            try:
                services.save_mentor_profile(
                    scope=request.scope,
                    center=request.center,
                    profile=profile,
                    data=data,
                    expertise=_expertise_of(form),
                    sdg_goals=list(form.cleaned_data["sdg_goals"]),
                    conflicted_ventures=list(form.cleaned_data["conflicted_ventures"]),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Profile saved."))
                return redirect("mentoring-home", center=request.center.slug)
    return render(request, "mentoring/form.html", {"form": form, "title": _("My mentor profile")})


@center_view()
def mentor_list(request):
    forbid_unless(perms.can_manage_mentoring(request.scope, request.center))
    profiles = selectors.mentor_profiles_for(request.scope, request.center)
    return render(request, "mentoring/mentor_list.html", {"page": paginate(request, profiles)})


@center_view()
def mentor_create(request):
    forbid_unless(perms.can_manage_mentoring(request.scope, request.center))
    form = _profile_form(
        request, None, StaffProfileForm, people=people_for(request.scope, request.center)
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        if not form.errors:
            try:
                profile = services.save_mentor_profile(
                    scope=request.scope,
                    center=request.center,
                    person=form.cleaned_data["person"],
                    data=data,
                    expertise=_expertise_of(form),
                    sdg_goals=list(form.cleaned_data["sdg_goals"]),
                    conflicted_ventures=list(form.cleaned_data["conflicted_ventures"]),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Profile saved."))
                return redirect(
                    "mentoring-mentor-detail", center=request.center.slug, pk=profile.pk
                )
    return render(request, "mentoring/form.html", {"form": form, "title": _("New mentor profile")})


@center_view()
def mentor_detail(request, pk: int):
    profile = selectors.get_mentor_profile_for(request.scope, request.center, pk)
    mentorships = selectors.mentorships_for(request.scope, request.center).filter(mentor=profile)
    return render(
        request,
        "mentoring/mentor_detail.html",
        {"profile": profile, "mentorships": mentorships, "windows": _windows(profile)},
    )


@center_view()
def mentor_edit(request, pk: int):
    profile = selectors.get_mentor_profile_for(request.scope, request.center, pk)
    forbid_unless(perms.can_manage_mentoring(request.scope, request.center))
    form = _profile_form(request, profile)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        if not form.errors:
            try:
                services.save_mentor_profile(
                    scope=request.scope,
                    center=request.center,
                    profile=profile,
                    data=data,
                    expertise=_expertise_of(form),
                    sdg_goals=list(form.cleaned_data["sdg_goals"]),
                    conflicted_ventures=list(form.cleaned_data["conflicted_ventures"]),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Profile saved."))
                return redirect("mentoring-mentor-detail", center=request.center.slug, pk=pk)
    return render(request, "mentoring/form.html", {"form": form, "title": profile.display_name})


def _windows(obj) -> list[tuple[str, str]]:
    from markaz.mentoring.forms import WEEKDAYS, format_spans

    return [
        (str(label), format_spans(obj.availability, day))
        for day, label in enumerate(WEEKDAYS)
        if format_spans(obj.availability, day)
    ]


@center_view()
def area_list(request):
    forbid_unless(perms.can_manage_mentoring(request.scope, request.center))
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_expertise_area(
                scope=request.scope, center=request.center, data=form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Expertise area added."))
            return redirect("mentoring-area-list", center=request.center.slug)
    return render(
        request,
        "mentoring/area_list.html",
        {"areas": selectors.areas_for(request.center), "form": form},
    )


@center_view()
def needs_edit(request, pk: int):
    """A venture's mentoring needs (its managers and staff)."""
    venture = selectors.get_needs_venture_for(request.scope, request.center, pk)
    form = NeedsForm(
        request.POST or None,
        instance=selectors.needs_of(venture),
        areas=selectors.areas_for(request.center),
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        if not form.errors:
            try:
                services.save_mentee_needs(
                    scope=request.scope,
                    venture=venture,
                    data=data,
                    areas=list(form.cleaned_data["areas"]),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Needs saved."))
                return redirect("mentoring-home", center=request.center.slug)
    title = _("Mentoring needs of %(venture)s") % {"venture": venture.name}
    return render(request, "mentoring/form.html", {"form": form, "title": title})


@center_view()
def mentorship_list(request):
    qs = selectors.mentorships_for(request.scope, request.center)
    return render(
        request,
        "mentoring/mentorship_list.html",
        {
            "page": paginate(request, qs),
            "can_manage": perms.can_manage_mentoring(request.scope, request.center),
        },
    )


@center_view()
def mentorship_detail(request, pk: int):
    mentorship = selectors.get_mentorship_for(request.scope, request.center, pk)
    scope = request.scope
    return render(
        request,
        "mentoring/mentorship_detail.html",
        {
            "m": mentorship,
            "side": perms.side_of(scope, mentorship),
            "sessions": mentorship.sessions.all(),
            "goals": selectors.goals_of(mentorship),
            "needs": selectors.needs_of(mentorship.venture),
            "can_schedule": perms.can_schedule(scope, mentorship),
            "can_end": perms.can_end(scope, mentorship),
            "goal_form": GoalForm(),
            "end_form": EndForm(),
            "slots": services_pairs.suggested_slots(mentorship)[:8],
        },
    )


@center_view()
@require_POST
def mentorship_end(request, pk: int):
    mentorship = selectors.get_mentorship_for(request.scope, request.center, pk)
    form = EndForm(request.POST)
    form.is_valid()
    forbid_unless(perms.can_end(request.scope, mentorship))
    services_pairs.end_mentorship(
        scope=request.scope, mentorship=mentorship, reason=form.cleaned_data.get("reason", "")
    )
    messages.success(request, _("The mentorship has ended. The venture can be matched again."))
    return redirect("mentoring-mentorship-detail", center=request.center.slug, pk=pk)


@center_view()
@require_POST
def mentorship_goal_add(request, pk: int):
    mentorship = selectors.get_mentorship_for(request.scope, request.center, pk)
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            services_pairs.add_goal(
                scope=request.scope, mentorship=mentorship, data=form.cleaned_data
            )
        except ValidationError as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("Goal saved."))
    else:
        messages.error(request, _("Check the goal and its progress."))
    return redirect("mentoring-mentorship-detail", center=request.center.slug, pk=pk)


@center_view()
@require_POST
def goal_update(request, pk: int):
    goal = selectors.get_goal_for(request.scope, request.center, pk)
    form = GoalForm(request.POST)
    if form.is_valid():
        services_pairs.update_goal(scope=request.scope, goal=goal, data=form.cleaned_data)
        messages.success(request, _("Goal saved."))
    else:
        messages.error(request, _("Check the goal and its progress."))
    return redirect(
        "mentoring-mentorship-detail", center=request.center.slug, pk=goal.mentorship_id
    )


@center_view()
def mentorship_session_add(request, pk: int):
    mentorship = selectors.get_mentorship_for(request.scope, request.center, pk)
    forbid_unless(perms.can_schedule(request.scope, mentorship))
    form = SessionForm(
        request.POST or None,
        initial={"timezone": mentorship.mentor.timezone, "minutes": 60, "format": "online"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services_pairs.schedule_session(
                scope=request.scope, mentorship=mentorship, data=form.service_data()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Session scheduled; both sides have the invite."))
            return redirect("mentoring-session-detail", center=request.center.slug, pk=session.pk)
    return render(
        request,
        "mentoring/session_form.html",
        {"form": form, "m": mentorship, "slots": services_pairs.suggested_slots(mentorship)[:8]},
    )


@center_view()
def session_detail(request, pk: int):
    session = selectors.get_session_for(request.scope, request.center, pk)
    side = perms.side_of(request.scope, session.mentorship)
    feedback = selectors.feedback_of(session)
    return render(
        request,
        "mentoring/session_detail.html",
        {
            "session": session,
            "m": session.mentorship,
            "notes": selectors.notes_of(session),
            "feedback": feedback,
            "can_rate": side is not None
            and not any(f.author_id == request.user.pk for f in feedback),
            "note_form": NoteForm(),
            "feedback_form": FeedbackForm(),
        },
    )


@center_view()
@require_POST
def session_note(request, pk: int):
    session = selectors.get_session_for(request.scope, request.center, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services_pairs.add_session_note(
            scope=request.scope, session=session, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Note saved."))
    else:
        messages.error(request, _("Write a note."))
    return redirect("mentoring-session-detail", center=request.center.slug, pk=pk)


@center_view()
@require_POST
def session_feedback(request, pk: int):
    session = selectors.get_session_for(request.scope, request.center, pk)
    forbid_unless(perms.side_of(request.scope, session.mentorship) is not None)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services_pairs.give_feedback(scope=request.scope, session=session, **form.cleaned_data)
        except ValidationError as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("Thank you for your feedback."))
    else:
        messages.error(request, _("Choose a rating from 1 to 5."))
    return redirect("mentoring-session-detail", center=request.center.slug, pk=pk)


@center_view()
@require_POST
def session_status(request, pk: int):
    session = selectors.get_session_for(request.scope, request.center, pk)
    try:
        services_pairs.set_session_status(
            scope=request.scope, session=session, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("mentoring-session-detail", center=request.center.slug, pk=pk)


@center_view()
def session_ics(request, pk: int):
    session = selectors.get_session_for(request.scope, request.center, pk)
    response = HttpResponse(ics.invite(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


@center_view()
def report(request):
    forbid_unless(perms.can_manage_mentoring(request.scope, request.center))
    return render(request, "mentoring/report.html", {"report": reports.summary(request.center)})
