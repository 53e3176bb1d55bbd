from django.urls import path

from markaz.knowledge import views

urlpatterns = [
    path("c/<slug:center>/knowledge/", views.library, name="knowledge-library"),
    path("c/<slug:center>/knowledge/new/", views.entry_create, name="knowledge-create"),
    path("c/<slug:center>/knowledge/preview/", views.preview, name="knowledge-preview"),
    path("c/<slug:center>/knowledge/<int:pk>/edit/", views.entry_edit, name="knowledge-edit"),
    path("c/<slug:center>/knowledge/<int:pk>/status/", views.entry_status, name="knowledge-status"),
    path(
        "c/<slug:center>/knowledge/<int:pk>/attachments/",
        views.attachment_add,
        name="knowledge-attachment-add",
    ),
    path("knowledge/", views.public_library, name="knowledge-public"),
    path("knowledge/<int:pk>/", views.entry_detail, name="knowledge-entry"),
    path("knowledge/<int:pk>/feedback/", views.feedback, name="knowledge-feedback"),
    path("knowledge/<int:pk>/history/", views.history, name="knowledge-history"),
    path("knowledge/<int:pk>/history/<int:number>/", views.version, name="knowledge-version"),
    path(
        "knowledge/<int:pk>/attachments/<int:attachment>/",
        views.attachment_download,
        name="knowledge-attachment",
    ),
    path("search/", views.search_page, name="knowledge-search"),
    path("search/suggest/", views.suggest, name="knowledge-suggest"),
]
