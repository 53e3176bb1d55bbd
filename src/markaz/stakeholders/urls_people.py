from django.urls import path

from markaz.stakeholders import views

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("new/", views.person_create, name="person-create"),
    path("<int:pk>/", views.person_detail, name="person-detail"),
    path("<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("<int:pk>/affiliations/new/", views.affiliation_create, name="affiliation-create"),
    path(
        "<int:pk>/affiliations/<int:affiliation_pk>/remove/",
        views.affiliation_remove,
        name="affiliation-remove",
    ),
]
