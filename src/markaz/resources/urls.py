from django.urls import path

from markaz.resources import views

C = "c/<slug:center>/resources/"

urlpatterns = [
    path(C, views.catalog, name="resources-catalog"),
    path(f"{C}new/", views.resource_create, name="resources-create"),
    path(f"{C}items/<int:pk>/", views.resource_detail, name="resources-item-detail"),
    path(f"{C}items/<int:pk>/edit/", views.resource_edit, name="resources-item-edit"),
    path(f"{C}items/<int:pk>/book/", views.resource_book, name="resources-item-book"),
    path(
        f"{C}items/<int:pk>/request/", views.service_request_create, name="resources-item-request"
    ),
    path(f"{C}bookings/", views.booking_list, name="resources-bookings"),
    path(f"{C}approvals/", views.booking_approvals, name="resources-approvals"),
    path(f"{C}bookings/<int:pk>/decide/", views.booking_decide, name="resources-booking-decide"),
    path(f"{C}bookings/<int:pk>/cancel/", views.booking_cancel, name="resources-booking-cancel"),
    path(f"{C}services/", views.service_list, name="resources-services"),
    path(f"{C}services/<int:pk>/", views.service_detail, name="resources-service-detail"),
    path(f"{C}services/<int:pk>/respond/", views.service_respond, name="resources-service-respond"),
    path(f"{C}services/<int:pk>/deliver/", views.service_deliver, name="resources-service-deliver"),
    path(f"{C}services/<int:pk>/hours/", views.service_hours, name="resources-service-hours"),
    path(
        f"{C}services/<int:pk>/withdraw/", views.service_withdraw, name="resources-service-withdraw"
    ),
    path(f"{C}report/", views.report, name="resources-report"),
]
