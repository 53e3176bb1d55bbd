from django.urls import path

from markaz.privacy import views

urlpatterns = [
    path("me/data/", views.my_data, name="privacy-my-data"),
    path("me/data/download/", views.download, name="privacy-download"),
    path("me/data/erasure/cancel/", views.cancel_erasure, name="privacy-cancel-erasure"),
    path(
        "me/data/consents/<int:pk>/withdraw/",
        views.withdraw_consent,
        name="privacy-withdraw-consent",
    ),
    path(
        "c/<slug:center>/privacy/erasure-requests/",
        views.erasure_requests,
        name="privacy-erasure-requests",
    ),
    path(
        "c/<slug:center>/privacy/erasure-requests/<int:pk>/",
        views.erasure_request,
        name="privacy-erasure-request",
    ),
]
