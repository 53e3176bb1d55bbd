from django.urls import path

from markaz.core import views

urlpatterns = [
    path("", views.home, name="home"),
]
