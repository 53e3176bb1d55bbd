from django.urls import path

from markaz.network import views, views_network

C = "c/<slug:center>/centers-network/"
N = "centers-network/<slug:network>/"

urlpatterns = [
    path(C, views.home, name="network-home"),
    path(f"{C}partnerships/new/", views.partnership_create, name="network-partnership-create"),
    path(f"{C}partnerships/<int:pk>/", views.partnership_detail, name="network-partnership-detail"),
    path(
        f"{C}partnerships/<int:pk>/accept/",
        views.partnership_accept,
        name="network-partnership-accept",
    ),
    path(f"{C}partnerships/<int:pk>/end/", views.partnership_end, name="network-partnership-end"),
    path(
        f"{C}partnerships/<int:pk>/document/",
        views.partnership_document,
        name="network-partnership-document",
    ),
    path(f"{C}referrals/new/", views.referral_create, name="network-referral-create"),
    path(f"{C}referrals/<int:pk>/", views.referral_detail, name="network-referral-detail"),
    path(
        f"{C}referrals/<int:pk>/ask-consent/",
        views.referral_ask_consent,
        name="network-referral-ask-consent",
    ),
    path(
        f"{C}referrals/<int:pk>/consent/", views.referral_consent, name="network-referral-consent"
    ),
    path(f"{C}referrals/<int:pk>/accept/", views.referral_accept, name="network-referral-accept"),
    path(
        f"{C}referrals/<int:pk>/decline/", views.referral_decline, name="network-referral-decline"
    ),
    path(
        f"{C}referrals/<int:pk>/withdraw/",
        views.referral_withdraw,
        name="network-referral-withdraw",
    ),
    path(
        f"{C}invitations/<int:pk>/answer/",
        views.invitation_answer,
        name="network-invitation-answer",
    ),
    # Network-wide: members of the network's centers and its coordinators.
    path(N, views_network.overview, name="network-overview"),
    path(f"{N}members/", views_network.members, name="network-members"),
    path(
        f"{N}members/<slug:member>/remove/",
        views_network.member_remove,
        name="network-member-remove",
    ),
    path(f"{N}members/invite/", views_network.member_invite, name="network-member-invite"),
    path(f"{N}communities/", views_network.community_list, name="network-community-list"),
    path(
        f"{N}communities/<int:pk>/",
        views_network.community_detail,
        name="network-community-detail",
    ),
    path(
        f"{N}partnerships/<int:pk>/document/",
        views_network.partnership_document,
        name="network-agreement-document",
    ),
    path(
        f"{N}communities/<int:pk>/join/",
        views_network.community_join,
        name="network-community-join",
    ),
    path(
        f"{N}communities/<int:pk>/leave/",
        views_network.community_leave,
        name="network-community-leave",
    ),
    path(
        f"{N}communities/<int:pk>/share/",
        views_network.community_share,
        name="network-community-share",
    ),
    path(
        f"{N}communities/<int:pk>/threads/new/",
        views_network.thread_create,
        name="network-thread-create",
    ),
    path(
        f"{N}communities/<int:pk>/threads/<int:thread>/",
        views_network.thread_detail,
        name="network-thread-detail",
    ),
]
