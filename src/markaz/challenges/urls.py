from django.urls import path

from markaz.challenges import views

C = "c/<slug:center>/challenges/"
ONE = f"{C}<int:pk>/"

urlpatterns = [
    path(C, views.challenge_list, name="challenges-list"),
    path(f"{C}new/", views.challenge_create, name="challenges-create"),
    path(f"{C}sectors/", views.sector_matrix, name="challenges-sectors"),
    path(ONE, views.challenge_detail, name="challenges-detail"),
    path(f"{ONE}edit/", views.challenge_edit, name="challenges-edit"),
    path(f"{ONE}status/", views.challenge_status, name="challenges-status"),
    path(f"{ONE}owners/", views.owners, name="challenges-owners"),
    path(
        f"{ONE}owners/<int:challenge_owner>/role/", views.owner_role, name="challenges-owner-role"
    ),
    path(
        f"{ONE}owners/<int:challenge_owner>/remove/",
        views.owner_remove,
        name="challenges-owner-remove",
    ),
    path(f"{ONE}comments/", views.comment_add, name="challenges-comment-add"),
    path(
        f"{ONE}comments/<int:challenge_comment>/edit/",
        views.comment_edit,
        name="challenges-comment-edit",
    ),
    path(
        f"{ONE}comments/<int:challenge_comment>/delete/",
        views.comment_delete,
        name="challenges-comment-delete",
    ),
    path(f"{ONE}documents/", views.attachment_add, name="challenges-attachment-add"),
    path(
        f"{ONE}documents/<int:challenge_attachment>/",
        views.attachment_download,
        name="challenges-attachment",
    ),
    path(
        f"{ONE}documents/<int:challenge_attachment>/remove/",
        views.attachment_remove,
        name="challenges-attachment-remove",
    ),
    path(f"{ONE}ventures/", views.venture_link, name="challenges-venture-link"),
    path(
        f"{ONE}ventures/<int:challenge_venture>/remove/",
        views.venture_unlink,
        name="challenges-venture-unlink",
    ),
    # Public: no sign-in, public challenges only.
    path("challenges/", views.public_list, name="challenges-public"),
    path("challenges/<int:pk>/", views.public_detail, name="challenges-public-detail"),
]
