from django.urls import path

from markaz.funding import views, views_public

C = "c/<slug:center>/funding/"

urlpatterns = [
    path(f"{C}funds/", views.fund_list, name="funding-fund-list"),
    path(f"{C}funds/new/", views.fund_create, name="funding-fund-create"),
    path(f"{C}funds/<int:pk>/", views.fund_detail, name="funding-fund-detail"),
    path(f"{C}awards/", views.award_list, name="funding-award-list"),
    path(f"{C}awards/new/", views.award_create, name="funding-award-create"),
    path(f"{C}awards/<int:pk>/", views.award_detail, name="funding-award-detail"),
    path(
        f"{C}awards/<int:pk>/milestones/new/",
        views.award_milestone_add,
        name="funding-award-milestone-add",
    ),
    path(f"{C}awards/<int:pk>/refund/", views.award_refund, name="funding-award-refund"),
    path(f"{C}milestones/<int:pk>/", views.milestone_detail, name="funding-milestone-detail"),
    path(
        f"{C}milestones/<int:pk>/evidence/",
        views.milestone_evidence,
        name="funding-milestone-evidence",
    ),
    path(
        f"{C}milestones/<int:pk>/evidence/file/",
        views.milestone_evidence_file,
        name="funding-milestone-evidence-file",
    ),
    path(
        f"{C}milestones/<int:pk>/review/", views.milestone_review, name="funding-milestone-review"
    ),
    path(
        f"{C}milestones/<int:pk>/payment/",
        views.milestone_prepare,
        name="funding-milestone-prepare",
    ),
    path(
        f"{C}milestones/<int:pk>/approve/",
        views.milestone_approve,
        name="funding-milestone-approve",
    ),
    path(f"{C}ledger/", views.ledger_list, name="funding-ledger"),
    path(f"{C}ledger/ledger.csv", views.ledger_csv, name="funding-ledger-csv"),
    path(f"{C}ledger/ledger.xlsx", views.ledger_xlsx, name="funding-ledger-xlsx"),
    path(f"{C}ledger/<int:pk>/reverse/", views.entry_reverse, name="funding-entry-reverse"),
    # Public: no sign-in, publishable awards only.
    path("open-data/<slug:slug>/", views_public.open_data, name="funding-open-data"),
    path(
        "open-data/<slug:slug>/360giving.json",
        views_public.open_data_360giving,
        name="funding-open-data-360giving",
    ),
    path(
        "open-data/<slug:slug>/iati.xml", views_public.open_data_iati, name="funding-open-data-iati"
    ),
]
