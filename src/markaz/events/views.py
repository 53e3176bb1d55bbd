"""Center pages of events (thin: selectors read, services write).

Members see their center's events and register; staff create, edit, decide, check in and
read the reports. Personal pages (tickets, calendar) and public pages are in `views_public`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.web import (
    apply_service_errors,
    center_view,
    forbid_unless,
    paginate,
    query_without_page,
)
from markaz.events import ics, reports, selectors, services
from markaz.events import permissions as perms
from markaz.events.forms import (
    CheckInForm,
    DecisionForm,
    EventForm,
    QuestionForm,
    RegistrationForm,
    WalkInForm,
)
from markaz.events.models import RegistrationStatus
from markaz.stakeholders.selectors import organizations_for, people_for


def _flash_errors(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _staff(request) -> bool:
    return perms.can_manage_events(request.scope, request.center)


@center_view()
def event_list(request):
    qs = selectors.with_counts(selectors.events_for(request.scope, request.center))
    show = request.GET.get("show", "upcoming")
    qs = selectors.past(qs) if show == "past" else selectors.upcoming(qs)
    return render(
        request,
        "events/event_list.html",
        {
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "show": show,
            "can_manage": _staff(request),
        },
    )


@center_view()
def event_detail(request, pk: int):
    event = selectors.get_visible_counted(request.scope, request.center, pk)
    registration = selectors.my_registration_for(request.scope, event)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "registration": registration,
            "show_link": perms.can_see_online_link(request.scope, event, registration),
            "can_register": perms.can_register(request.scope, event)
            and not (registration and registration.is_active),
            "can_manage": _staff(request),
            "questions": selectors.questions_of(event),
        },
    )


@center_view()
def event_ics(request, pk: int):
    event = selectors.get_event_for(request.scope, request.center, pk)
    registration = selectors.my_registration_for(request.scope, event)
    body = ics.event_ics(
        event,
        include_link=perms.can_see_online_link(request.scope, event, registration),
        registration=registration if registration and registration.is_active else None,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@center_view()
def event_create(request):
    forbid_unless(_staff(request))
    form = EventForm(
        request.POST or None,
        organizations=organizations_for(request.scope, request.center),
        center=request.center,
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(
                scope=request.scope,
                center=request.center,
                data=form.service_data(),
                co_hosts=list(form.cleaned_data["co_hosts"]),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Event saved."))
            return redirect("events-detail", center=request.center.slug, pk=event.pk)
    return render(request, "events/form.html", {"form": form, "title": _("New event")})


@center_view()
def event_edit(request, pk: int):
    event = selectors.get_managed_event(request.scope, request.center, pk)
    form = EventForm(
        request.POST or None,
        instance=event,
        organizations=organizations_for(request.scope, request.center),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(
                scope=request.scope,
                event=selectors.get_managed_event(request.scope, request.center, pk),
                data=form.service_data(),
                co_hosts=list(form.cleaned_data["co_hosts"]),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Event saved."))
            return redirect("events-detail", center=request.center.slug, pk=pk)
    return render(
        request,
        "events/event_edit.html",
        {
            "form": form,
            "event": event,
            "title": _("Edit event"),
            "questions": selectors.questions_of(event),
            "question_form": QuestionForm(),
        },
    )


@center_view()
@require_POST
def question_add(request, pk: int):
    event = selectors.get_managed_event(request.scope, request.center, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.add_question(scope=request.scope, event=event, data=form.service_data())
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Question added."))
    else:
        messages.error(request, _("Check the question: %(errors)s") % {"errors": form.errors})
    return redirect("events-edit", center=request.center.slug, pk=pk)


@center_view()
@require_POST
def question_delete(request, pk: int):
    question = selectors.get_managed_question(request.scope, request.center, pk)
    services.delete_question(scope=request.scope, question=question)
    messages.success(request, _("Question removed."))
    return redirect("events-edit", center=request.center.slug, pk=question.event_id)


@center_view()
def event_register(request, pk: int):
    event = selectors.get_event_for(request.scope, request.center, pk)
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        questions=selectors.questions_of(event),
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(
                scope=request.scope, event=event, answers=form.answers()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, registration_message(registration))
            return redirect("events-ticket", pk=registration.pk)
    return render(
        request,
        "events/register.html",
        {"form": form, "event": event, "open": perms.can_register(request.scope, event)},
    )


def registration_message(registration) -> str:
    return {
        RegistrationStatus.CONFIRMED: _("You are registered. Your ticket is below."),
        RegistrationStatus.WAITLISTED: _(
            "The event is full: you are on the waitlist and will be told if a place frees up."
        ),
        RegistrationStatus.PENDING: _("Registration received: the organizers will confirm it."),
    }.get(registration.status, _("Registration saved."))


@center_view()
def my_registrations(request):
    regs = selectors.my_registrations(request.scope, request.center)
    return render(request, "events/mine.html", {"page": paginate(request, regs)})


@center_view()
def registrations(request, pk: int):
    event = selectors.get_managed_event(request.scope, request.center, pk)
    qs = selectors.registrations_of(request.scope, event)
    status = request.GET.get("status", "")
    if status in RegistrationStatus.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "page": paginate(request, qs.order_by("status", "waitlisted_at", "created_at", "id")),
            "query": query_without_page(request),
            "status": status,
            "statuses": RegistrationStatus.choices,
            "questions": list(selectors.questions_of(event)),
        },
    )


@center_view()
@require_POST
def registration_decide(request, pk: int):
    forbid_unless(_staff(request))
    registration = selectors.get_registration_for(request.scope, request.center, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_registration(
                scope=request.scope,
                registration=registration,
                approve=form.cleaned_data["decision"] == "approve",
            )
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Decision saved."))
    return redirect("events-registrations", center=request.center.slug, pk=registration.event_id)


@center_view()
@require_POST
def registration_cancel(request, pk: int):
    forbid_unless(_staff(request))
    registration = selectors.get_registration_for(request.scope, request.center, pk)
    try:
        services.cancel_registration(scope=request.scope, registration=registration)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Registration cancelled."))
    return redirect("events-registrations", center=request.center.slug, pk=registration.event_id)


@center_view()
def check_in(request, pk: int):
    event = selectors.get_managed_event(request.scope, request.center, pk)
    form = CheckInForm(request.POST or None)
    checked = None
    if request.method == "POST" and form.is_valid():
        try:
            registration, already = services.check_in(
                scope=request.scope, event=event, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            checked = {"registration": registration, "already": already}
            form = CheckInForm()
    attended = selectors.registrations_of(request.scope, event).filter(checked_in_at__isnull=False)
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "form": form,
            "checked": checked,
            "attended_count": attended.count(),
            "walk_in_form": WalkInForm(people=people_for(request.scope, request.center)),
        },
    )


@center_view()
@require_POST
def walk_in(request, pk: int):
    event = selectors.get_managed_event(request.scope, request.center, pk)
    form = WalkInForm(request.POST, people=people_for(request.scope, request.center))
    if form.is_valid():
        try:
            services.record_walk_in(
                scope=request.scope, event=event, person=form.cleaned_data["person"]
            )
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Walk-in recorded and checked in."))
    else:
        messages.error(request, _("Choose a person of this center."))
    return redirect("events-check-in", center=request.center.slug, pk=pk)


@center_view()
def attendance(request, pk: int):
    event = selectors.get_managed_event(request.scope, request.center, pk)
    confirmed = list(
        selectors.registrations_of(request.scope, event)
        .filter(status=RegistrationStatus.CONFIRMED)
        .select_related("feedback")
        .order_by("checked_in_at", "id")
    )
    feedback = [r.feedback for r in confirmed if perms.has_feedback(r)]
    ratings = [f.rating for f in feedback]
    return render(
        request,
        "events/attendance.html",
        {
            "event": event,
            "registrations": confirmed,
            "attended": sum(r.checked_in_at is not None for r in confirmed),
            "total": len(confirmed),
            "feedback": feedback,
            "average": round(sum(ratings) / len(ratings), 1) if ratings else None,
        },
    )


@center_view()
def report(request):
    data = reports.attendance_report(request.scope, request.center)
    return render(request, "events/report.html", {"report": data})
