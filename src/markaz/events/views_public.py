"""Pages outside a center: public events (no sign-in), a person's tickets and calendar feed.

The feed URL carries a secret (only its digest is stored) and needs no sign-in, so calendar
apps can subscribe; it joins the owner's registrations and every other app's feed items
(`markaz.core.calendar_feeds`), for the owner only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.calendar_feeds import digest_of, events_for
from markaz.core.web import apply_service_errors
from markaz.events import ics, selectors, services
from markaz.events import permissions as perms
from markaz.events.forms import FeedbackForm, RegistrationForm
from markaz.events.tickets import qr_svg
from markaz.events.views import registration_message


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- public events ---------------------------------------------------------------------------


def public_list(request, slug: str):
    center = selectors.public_center(slug)
    events = selectors.upcoming(selectors.public_events(center))
    return render(request, "events/public_list.html", {"center": center, "events": events})


def public_detail(request, slug: str, pk: int):
    center = selectors.public_center(slug)
    event = selectors.get_public_event(center, pk)
    scope = request.scope
    registration = selectors.my_registration_for(scope, event) if scope.is_authenticated else None
    return render(
        request,
        "events/public_detail.html",
        {
            "center": center,
            "event": event,
            "registration": registration,
            "can_register": perms.registration_is_open(event)
            and not (registration and registration.is_active),
        },
    )


def public_ics(request, slug: str, pk: int):
    event = selectors.get_public_event(selectors.public_center(slug), pk)
    return _ics_response(ics.event_ics(event, include_link=False), f"event-{event.pk}.ics")


@login_required
def public_register(request, slug: str, pk: int):
    """Anyone signed in may register for a public event, member of the center or not."""
    center = selectors.public_center(slug)
    event = selectors.get_public_event(center, pk)
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


# -- tickets ---------------------------------------------------------------------------------


@login_required
def my_tickets(request):
    regs = selectors.my_registrations(request.scope)
    return render(request, "events/mine.html", {"page": regs, "everywhere": True})


@login_required
def ticket(request, pk: int):
    registration = selectors.get_my_registration(request.scope, pk)
    event = registration.event
    return render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "event": event,
            "show_link": perms.can_see_online_link(request.scope, event, registration),
            "can_cancel": perms.can_cancel(request.scope, registration),
            "can_give_feedback": perms.can_give_feedback(request.scope, registration),
        },
    )


@login_required
def ticket_qr(request, pk: int):
    registration = selectors.get_my_registration(request.scope, pk)
    if registration.status != "confirmed":
        raise Http404("No ticket yet.")
    return HttpResponse(qr_svg(registration.ticket_code), content_type="image/svg+xml")


@login_required
def ticket_ics(request, pk: int):
    registration = selectors.get_my_registration(request.scope, pk)
    event = registration.event
    body = ics.event_ics(
        event,
        include_link=perms.can_see_online_link(request.scope, event, registration),
        registration=registration,
    )
    return _ics_response(body, f"event-{event.pk}.ics")


@login_required
@require_POST
def ticket_cancel(request, pk: int):
    registration = selectors.get_my_registration(request.scope, pk)
    try:
        services.cancel_registration(scope=request.scope, registration=registration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("events-ticket", pk=pk)


@login_required
def ticket_feedback(request, pk: int):
    registration = selectors.get_my_registration(request.scope, pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_feedback(
                scope=request.scope,
                registration=registration,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("events-ticket", pk=pk)
    return render(
        request,
        "events/feedback.html",
        {
            "form": form,
            "registration": registration,
            "event": registration.event,
            "allowed": perms.can_give_feedback(request.scope, registration),
        },
    )


# -- calendar feed ---------------------------------------------------------------------------


@login_required
def my_calendar(request):
    """Shows the feed URL right after it is made or rotated (only its digest is kept)."""
    feed = selectors.feed_of_user(request.user)
    url = None
    if request.method == "POST":
        secret = services.rotate_calendar_feed(scope=request.scope)
        url = request.build_absolute_uri(reverse("events-calendar-feed", args=[secret]))
        if feed is not None:
            messages.success(request, _("New address made: the old one no longer works."))
        feed = selectors.feed_of_user(request.user)
    return render(request, "events/calendar.html", {"feed": feed, "url": url})


def calendar_feed(request, secret: str):
    feed = selectors.feed_of_secret_digest(digest_of(secret))
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar.")
    cal = ics.calendar(list(events_for(feed.user)), name=_("My Markaz calendar"))
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
