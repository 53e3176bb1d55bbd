from django.urls import path

from markaz.impact import views, views_dashboards, views_reports

C = "c/<slug:center>/impact/"
CSV, XLSX = {"fmt": "csv"}, {"fmt": "xlsx"}
D = views_dashboards

urlpatterns = [
    path(C, views.home, name="impact-home"),
    path(f"{C}indicators/", views.indicator_list, name="impact-indicator-list"),
    path(f"{C}indicators/new/", views.indicator_create, name="impact-indicator-create"),
    path(f"{C}indicators/<int:pk>/", views.indicator_detail, name="impact-indicator-detail"),
    path(f"{C}indicators/<int:pk>/edit/", views.indicator_edit, name="impact-indicator-edit"),
    path(f"{C}periods/", views.period_list, name="impact-period-list"),
    path(f"{C}ventures/<int:pk>/", views.venture_detail, name="impact-venture"),
    path(f"{C}ventures/<int:pk>/steps/", views.venture_step, name="impact-venture-step"),
    path(
        f"{C}ventures/<int:pk>/steps/<int:impact_step>/edit/",
        views.step_edit,
        name="impact-venture-step-edit",
    ),
    path(
        f"{C}ventures/<int:pk>/steps/<int:impact_step>/delete/",
        views.step_delete,
        name="impact-venture-step-delete",
    ),
    path(f"{C}ventures/<int:pk>/indicators/", views.venture_attach, name="impact-venture-attach"),
    path(
        f"{C}ventures/<int:pk>/indicators/<int:impact_vi>/edit/",
        views.venture_indicator_edit,
        name="impact-venture-indicator-edit",
    ),
    path(f"{C}ventures/<int:pk>/targets/", views.venture_target, name="impact-venture-target"),
    path(f"{C}ventures/<int:pk>/report/", views.venture_report, name="impact-venture-report"),
    path(f"{C}ventures/<int:pk>/sroi/new/", views.sroi_create, name="impact-venture-sroi"),
    path(f"{C}ventures/<int:pk>/data.csv", D.venture_export, CSV, name="impact-venture-csv"),
    path(f"{C}ventures/<int:pk>/data.xlsx", D.venture_export, XLSX, name="impact-venture-xlsx"),
    path(f"{C}reports/", views_reports.report_list, name="impact-report-list"),
    path(f"{C}reports/<int:pk>/", views_reports.report_detail, name="impact-report-detail"),
    path(f"{C}reports/<int:pk>/review/", views_reports.report_review, name="impact-report-review"),
    path(
        f"{C}reports/<int:pk>/evidence/",
        views_reports.report_evidence,
        name="impact-report-evidence",
    ),
    path(
        f"{C}reports/<int:pk>/evidence/file/",
        views_reports.report_evidence_file,
        name="impact-report-evidence-file",
    ),
    path(f"{C}sroi/<int:pk>/", views.sroi_detail, name="impact-sroi-detail"),
    path(f"{C}import/", views_reports.import_page, name="impact-import"),
    path(f"{C}dashboard/", D.center_dashboard, name="impact-dashboard"),
    path(f"{C}dashboard/data.csv", D.center_export, CSV, name="impact-dashboard-csv"),
    path(f"{C}dashboard/data.xlsx", D.center_export, XLSX, name="impact-dashboard-xlsx"),
    path(f"{C}programs/<int:pk>/", D.program_dashboard, name="impact-program"),
    path(f"{C}programs/<int:pk>/sroi/new/", views.program_sroi_create, name="impact-program-sroi"),
    path(f"{C}programs/<int:pk>/data.csv", D.program_export, CSV, name="impact-program-csv"),
    path(f"{C}programs/<int:pk>/data.xlsx", D.program_export, XLSX, name="impact-program-xlsx"),
    path(f"{C}funder/", D.funder_dashboard, name="impact-funder"),
    path(f"{C}funder/data.csv", D.funder_export, CSV, name="impact-funder-csv"),
    path(f"{C}funder/data.xlsx", D.funder_export, XLSX, name="impact-funder-xlsx"),
    path(f"{C}network/", D.network_dashboard, name="impact-network"),
    path(f"{C}network/data.csv", D.network_export, CSV, name="impact-network-csv"),
    path(f"{C}network/data.xlsx", D.network_export, XLSX, name="impact-network-xlsx"),
]
