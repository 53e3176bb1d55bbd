from django.urls import path

from markaz.accounts import views

urlpatterns = [
    path("accounts/security/", views.security, name="accounts-security"),
    path("accounts/security/2fa/enrol/", views.enrol, name="accounts-2fa-enrol"),
    path("accounts/security/2fa/disable/", views.disable, name="accounts-2fa-disable"),
    path("accounts/security/2fa/recovery/", views.recovery, name="accounts-2fa-recovery"),
    path("accounts/2fa/verify/", views.verify, name="accounts-2fa-verify"),
    path("c/<slug:center>/security/", views.center_policy, name="accounts-center-security"),
]
