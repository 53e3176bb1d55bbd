from django.urls import path

from markaz.events import views, views_public

C = "c/<slug:center>/events/"
R = f"{C}registrations/<int:pk>/"

urlpatterns = [
    path(C, views.event_list, name="events-list"),
    path(f"{C}new/", views.event_create, name="events-create"),
    path(f"{C}mine/", views.my_registrations, name="events-mine"),
    path(f"{C}reports/", views.report, name="events-report"),
    path(f"{C}<int:pk>/", views.event_detail, name="events-detail"),
    path(f"{C}<int:pk>/edit/", views.event_edit, name="events-edit"),
    path(f"{C}<int:pk>/event.ics", views.event_ics, name="events-ics"),
    path(f"{C}<int:pk>/register/", views.event_register, name="events-register"),
    path(f"{C}<int:pk>/registrations/", views.registrations, name="events-registrations"),
    path(f"{C}<int:pk>/check-in/", views.check_in, name="events-check-in"),
    path(f"{C}<int:pk>/check-in/walk-in/", views.walk_in, name="events-walk-in"),
    path(f"{C}<int:pk>/attendance/", views.attendance, name="events-attendance"),
    path(f"{C}<int:pk>/questions/new/", views.question_add, name="events-question-add"),
    path(
        f"{C}questions/<int:pk>/delete/",
        views.question_delete,
        name="events-question-delete",
    ),
    path(f"{R}decide/", views.registration_decide, name="events-registration-decide"),
    path(f"{R}cancel/", views.registration_cancel, name="events-registration-cancel"),
    # A person's own tickets and calendar (any center).
    path("my/tickets/", views_public.my_tickets, name="events-my-tickets"),
    path("my/tickets/<int:pk>/", views_public.ticket, name="events-ticket"),
    path("my/tickets/<int:pk>/qr.svg", views_public.ticket_qr, name="events-ticket-qr"),
    path("my/tickets/<int:pk>/event.ics", views_public.ticket_ics, name="events-ticket-ics"),
    path("my/tickets/<int:pk>/cancel/", views_public.ticket_cancel, name="events-ticket-cancel"),
    path(
        "my/tickets/<int:pk>/feedback/",
        views_public.ticket_feedback,
        name="events-ticket-feedback",
    ),
    path("calendar/", views_public.my_calendar, name="events-calendar"),
    path("calendar/<str:secret>.ics", views_public.calendar_feed, name="events-calendar-feed"),
    # Public: no sign-in, public events only.
    path("events/<slug:slug>/", views_public.public_list, name="events-public-list"),
    path("events/<slug:slug>/<int:pk>/", views_public.public_detail, name="events-public-detail"),
    path(
        "events/<slug:slug>/<int:pk>/event.ics",
        views_public.public_ics,
        name="events-public-ics",
    ),
    path(
        "events/<slug:slug>/<int:pk>/register/",
        views_public.public_register,
        name="events-public-register",
    ),
]
