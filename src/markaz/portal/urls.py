from django.urls import path

from markaz.portal import views
from markaz.portal.feeds import FEEDS

P = "portal/"

urlpatterns = [
    path("sitemap.xml", views.sitemap, name="portal-sitemap"),
    path(P, views.home, name="portal-home"),
    path(f"{P}n/<slug:slug>/", views.network, name="portal-network"),
    path(f"{P}centers/<slug:slug>/", views.center, name="portal-center"),
    path(f"{P}centers/<slug:slug>/ventures/<int:pk>/", views.venture, name="portal-venture"),
]

for kind, feed in FEEDS.items():
    urlpatterns += [
        path(f"{P}feeds/{kind}.atom", feed("all"), name=f"portal-feed-{kind}-all"),
        path(
            f"{P}n/<slug:slug>/feeds/{kind}.atom",
            feed("network"),
            name=f"portal-feed-{kind}-network",
        ),
        path(
            f"{P}centers/<slug:slug>/feeds/{kind}.atom",
            feed("center"),
            name=f"portal-feed-{kind}-center",
        ),
    ]
