from django.urls import path

from markaz.programs import views, views_public

C = "c/<slug:center>/programs/"

urlpatterns = [
    path(C, views.program_list, name="programs-program-list"),
    path(f"{C}new/", views.program_create, name="programs-program-create"),
    path(f"{C}<int:pk>/", views.program_detail, name="programs-program-detail"),
    path(f"{C}<int:pk>/edit/", views.program_edit, name="programs-program-edit"),
    path(f"{C}<int:pk>/calls/new/", views.call_create, name="programs-program-call-create"),
    path(f"{C}calls/<int:pk>/", views.call_detail, name="programs-call-detail"),
    path(f"{C}calls/<int:pk>/edit/", views.call_edit, name="programs-call-edit"),
    path(f"{C}calls/<int:pk>/phase/", views.call_phase, name="programs-call-phase"),
    path(f"{C}calls/<int:pk>/sections/", views.call_section_add, name="programs-call-section-add"),
    path(f"{C}calls/<int:pk>/questions/", views.call_field_add, name="programs-call-field-add"),
    path(f"{C}calls/<int:pk>/apply/", views.call_apply, name="programs-call-apply"),
    path(
        f"{C}calls/<int:pk>/applications.csv",
        views.call_export_csv,
        name="programs-call-export-csv",
    ),
    path(
        f"{C}calls/<int:pk>/applications.xlsx",
        views.call_export_xlsx,
        name="programs-call-export-xlsx",
    ),
    path(f"{C}questions/<int:pk>/", views.field_edit, name="programs-field-edit"),
    path(f"{C}questions/<int:pk>/delete/", views.field_delete, name="programs-field-delete"),
    path(f"{C}applications/", views.application_list, name="programs-applications"),
    path(
        f"{C}applications/<int:pk>/",
        views.application_detail,
        name="programs-application-detail",
    ),
    path(
        f"{C}applications/<int:pk>/documents/",
        views.application_document,
        name="programs-application-document",
    ),
    path(
        f"{C}applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="programs-application-withdraw",
    ),
    path(
        f"{C}applications/<int:pk>/decide/",
        views.application_decide,
        name="programs-application-decide",
    ),
    path(f"{C}files/<int:pk>/", views.attachment_download, name="programs-attachment-download"),
    path(f"{C}files/<int:pk>/delete/", views.attachment_delete, name="programs-attachment-delete"),
    path(f"{C}cohorts/<int:pk>/", views.cohort_detail, name="programs-cohort-detail"),
    # Public: no sign-in.
    path("calls/", views_public.open_calls, name="programs-open-calls"),
    path("calls/<slug:center_slug>/", views_public.center_open_calls, name="programs-center-calls"),
    path(
        "calls/<slug:center_slug>/<slug:call_slug>/",
        views_public.call_page,
        name="programs-public-call",
    ),
]
