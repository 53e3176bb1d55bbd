"""Network-wide pages: directory, map, impact, shared knowledge, open calls, mentors, membership
management and practice communities. Only members of the network's centers and its
coordinators see them; everyone else gets 404.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.access import get_visible
from markaz.core.web import apply_service_errors, forbid_unless, paginate
from markaz.knowledge.rendering import render_markdown
from markaz.network import geo, selectors, services
from markaz.network import permissions as perms
from markaz.network.forms import (
    CenterChoiceForm,
    CommunityForm,
    ReplyForm,
    ShareEntryForm,
    ThreadForm,
)
from markaz.network.views import agreement_download


def network_view(view):
    @wraps(view)
    def wrapper(request, *args, network: str, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        request.network = selectors.get_network_for(request.scope, network)
        return view(request, *args, **kwargs)

    return wrapper


@network_view
def overview(request):
    scope, network = request.scope, request.network
    centers = list(selectors.directory(network))
    dots, unplaced = geo.place([c.country.code for c in centers])
    mentor_count, mentors = selectors.shared_mentors(scope, network)
    return render(
        request,
        "network/overview.html",
        {
            "network": network,
            "centers": centers,
            "dots": dots,
            "unplaced": unplaced,
            "grid": geo.graticule(),
            "map_width": geo.WIDTH,
            "map_height": geo.HEIGHT,
            "impact": selectors.impact_by_center(network),
            "figures": selectors.impact_figures(network),
            "peer_impact": selectors.peer_impact(scope, network),
            "entries": list(selectors.shared_knowledge(scope, network)[:20]),
            "calls": list(selectors.open_calls_in(network)[:20]),
            "mentor_count": mentor_count,
            "mentors": mentors,
            "partnerships": selectors.network_partnerships(scope, network)[:50],
            "is_coordinator": perms.is_coordinator(scope, network),
            "my_centers": selectors.my_centers_in(scope, network),
        },
    )


@network_view
def partnership_document(request, pk: int):
    """Coordinators reach agreements from the network (they hold no role in its centers)."""
    p = get_visible(selectors.network_partnerships(request.scope, request.network), pk=pk)
    return agreement_download(request.scope, p)


@network_view
def members(request):
    scope, network = request.scope, request.network
    forbid_unless(perms.can_manage_membership(scope, network))
    form = CenterChoiceForm(request.POST or None, centers=selectors.centers_outside(network))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_center_to_network(
                scope=scope, network=network, center=form.cleaned_data["center"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Center added to the network."))
            return redirect("network-members", network=network.slug)
    return render(
        request,
        "network/members.html",
        {
            "network": network,
            "centers": selectors.directory(network),
            "form": form,
            "invite_form": CenterChoiceForm(centers=selectors.centers_outside(network)),
            "pending": selectors.pending_invitations_of(network),
        },
    )


@require_POST
@network_view
def member_invite(request):
    scope, network = request.scope, request.network
    forbid_unless(perms.can_manage_membership(scope, network))
    form = CenterChoiceForm(request.POST, centers=selectors.centers_outside(network))
    if form.is_valid():
        try:
            services.invite_center(scope=scope, network=network, center=form.cleaned_data["center"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Invitation sent to the center's admins."))
    else:
        messages.error(request, _("Choose a center outside the network."))
    return redirect("network-members", network=network.slug)


@require_POST
@network_view
def member_remove(request, member: str):
    scope, network = request.scope, request.network
    forbid_unless(perms.can_manage_membership(scope, network))
    center = get_visible(selectors.directory(network), slug=member)
    services.remove_center_from_network(scope=scope, network=network, center=center)
    messages.success(request, _("Center removed from the network."))
    return redirect("network-members", network=network.slug)


# -- practice communities --------------------------------------------------------------------


@network_view
def community_list(request):
    scope, network = request.scope, request.network
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            c = services.create_community(scope=scope, network=network, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Community created."))
            return redirect("network-community-detail", network=network.slug, pk=c.pk)
    return render(
        request,
        "network/community_list.html",
        {
            "network": network,
            "page": paginate(request, selectors.communities_for(scope, network)),
            "form": form,
        },
    )


@network_view
def community_detail(request, pk: int):
    scope, network = request.scope, request.network
    community = selectors.get_community_for(scope, network, pk)
    return render(
        request,
        "network/community_detail.html",
        {
            "network": network,
            "community": community,
            "threads": selectors.threads_of(community),
            "shared": selectors.shared_entries_for(scope, community),
            "is_member": selectors.is_member(scope, community),
            "thread_form": ThreadForm(),
            "share_form": ShareEntryForm(entries=selectors.shareable_entries(scope, network)),
            "members": community.memberships.select_related("user")[:100],
        },
    )


@require_POST
@network_view
def community_join(request, pk: int):
    community = selectors.get_community_for(request.scope, request.network, pk)
    services.join_community(scope=request.scope, community=community)
    messages.success(request, _("You joined the community."))
    return redirect("network-community-detail", network=request.network.slug, pk=pk)


@require_POST
@network_view
def community_leave(request, pk: int):
    community = selectors.get_community_for(request.scope, request.network, pk)
    services.leave_community(scope=request.scope, community=community)
    messages.success(request, _("You left the community."))
    return redirect("network-community-detail", network=request.network.slug, pk=pk)


@require_POST
@network_view
def thread_create(request, pk: int):
    scope = request.scope
    community = selectors.get_community_for(scope, request.network, pk)
    forbid_unless(selectors.is_member(scope, community))
    form = ThreadForm(request.POST)
    if form.is_valid():
        try:
            t = services.start_thread(scope=scope, community=community, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect(
                "network-thread-detail", network=request.network.slug, pk=pk, thread=t.pk
            )
    else:
        messages.error(request, _("Give the discussion a title and a message."))
    return redirect("network-community-detail", network=request.network.slug, pk=pk)


@network_view
def thread_detail(request, pk: int, thread: int):
    scope = request.scope
    community = selectors.get_community_for(scope, request.network, pk)
    t = selectors.get_thread_for(community, thread)
    is_member = selectors.is_member(scope, community)
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        forbid_unless(is_member)
        if form.is_valid():
            try:
                services.post_reply(scope=scope, thread=t, body=form.cleaned_data["body"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect(
                    "network-thread-detail", network=request.network.slug, pk=pk, thread=t.pk
                )
    replies = [(r, render_markdown(r.body)) for r in selectors.replies_of(t)]
    return render(
        request,
        "network/thread_detail.html",
        {
            "network": request.network,
            "community": community,
            "thread": t,
            "body_html": render_markdown(t.body),
            "replies": replies,
            "form": form,
            "is_member": is_member,
        },
    )


@require_POST
@network_view
def community_share(request, pk: int):
    scope = request.scope
    community = selectors.get_community_for(scope, request.network, pk)
    forbid_unless(selectors.is_member(scope, community))
    form = ShareEntryForm(request.POST, entries=selectors.shareable_entries(scope, request.network))
    if form.is_valid():
        try:
            services.share_entry(scope=scope, community=community, entry=form.cleaned_data["entry"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Entry shared with the community."))
    else:
        messages.error(request, _("Choose an entry shared with the network."))
    return redirect("network-community-detail", network=request.network.slug, pk=pk)
