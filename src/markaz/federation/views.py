"""Pages of federation (operators and network coordinators) and the machine endpoints."""

from __future__ import annotations

import email.utils
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from markaz.core.web import apply_service_errors, paginate, query_without_page
from markaz.federation import outbox, selectors, services, signing
from markaz.federation.forms import PeerNetworksForm, PeerRequestForm
from markaz.federation.models import PeerState
from markaz.federation.permissions import can_manage_federation, can_see_network_items

AS_JSON = "application/activity+json"
CLOCK_SKEW = 300


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = AS_JSON
    return response


# --- Machine endpoints ----------------------------------------------------------------------


@require_GET
def actor(request):
    """This deployment's identity: name, base URL, endpoints and Ed25519 public key."""
    me = outbox.actor_url()
    return _json(
        {
            "@context": [*outbox.AS_CONTEXT, "https://w3id.org/security/v1"],
            "id": me,
            "type": "Application",
            "name": settings.MARKAZ_FEDERATION_NAME,
            "url": settings.MARKAZ_FEDERATION_BASE_URL,
            "inbox": outbox.local_url("federation-inbox"),
            "outbox": outbox.local_url("federation-outbox"),
            "publicKey": {
                "id": outbox.key_id(),
                "owner": me,
                "type": "Ed25519VerificationKey2020",
                "publicKeyBase64": signing.public_key(),
            },
        }
    )


def _signed_peer(request):
    """The active peer that signed this request, or None."""
    actor_id = request.headers.get("X-Federation-Actor", "")
    signature = request.headers.get("X-Federation-Signature", "")
    date = request.headers.get("Date", "")
    peer = selectors.peer_by_actor(actor_id) if actor_id else None
    if peer is None or peer.state != PeerState.ACTIVE or not signature:
        return None
    try:
        sent = email.utils.parsedate_to_datetime(date)
    except (TypeError, ValueError):
        return None
    if abs((timezone.now() - sent).total_seconds()) > CLOCK_SKEW:
        return None
    target = request.get_full_path()
    if not signing.verify_request(request.method, target, date, signature, peer.public_key):
        return None
    return peer


@require_GET
def outbox_page(request):
    """A page of signed activities after `after`, for an active peer that signed the request."""
    peer = _signed_peer(request)
    if peer is None:
        return _json({"error": "not an active peer, or a bad request signature"}, status=403)
    try:
        after = max(int(request.GET.get("after", 0)), 0)
        limit = min(max(int(request.GET.get("limit", settings.MARKAZ_FEDERATION_PAGE)), 1), 1000)
    except ValueError:
        return _json({"error": "after and limit must be whole numbers"}, status=400)
    rows = list(outbox.activities_for(peer, after=after, limit=limit))
    base = outbox.local_url("federation-outbox")
    page = {
        "@context": outbox.AS_CONTEXT,
        "id": f"{base}?after={after}&limit={limit}",
        "type": "OrderedCollectionPage",
        "partOf": base,
        "orderedItems": [row.payload for row in rows],
    }
    if len(rows) == limit:
        page["next"] = f"{base}?after={rows[-1].id}&limit={limit}"
    return _json(page)


@csrf_exempt
@require_POST
def inbox(request):
    """Peering messages (Follow = request, Accept = approval), signed by the sender."""
    try:
        message = json.loads(request.body.decode())
    except (UnicodeDecodeError, ValueError):
        return _json({"error": "not JSON"}, status=400)
    try:
        peer = services.receive_message(message)
    except services.InboxError as exc:
        return _json({"error": str(exc)}, status=400)
    return _json({"state": peer.state}, status=202)


@require_GET
def activity(request, seq: int):
    """Public activities only; network ones are for the peers that pull them, signed."""
    row = outbox.public_activity(seq)
    if row is None:
        raise Http404
    return _json(row.payload)


# --- Pages ------------------------------------------------------------------------------------


def _manager(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_manage_federation(request.scope):
        raise Http404
    return None


def home(request):
    if (denied := _manager(request)) is not None:
        return denied
    form = PeerRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            peer = services.request_peering(
                actor=request.user,
                base_url=form.cleaned_data["base_url"],
                networks=form.cleaned_data["networks"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Peering requested. The other side must approve it."))
            return redirect("federation-peer", pk=peer.pk)
    peers = selectors.peers_for(request.scope)
    return render(
        request,
        "federation/home.html",
        {
            "form": form,
            "peers": peers,
            "identity": {
                "name": settings.MARKAZ_FEDERATION_NAME,
                "base_url": settings.MARKAZ_FEDERATION_BASE_URL,
                "actor": outbox.actor_url(),
                "public_key": signing.public_key(),
            },
            "outbox_size": outbox.outbox_size(),
        },
    )


def peer_detail(request, pk: int):
    if (denied := _manager(request)) is not None:
        return denied
    peer = selectors.get_peer_for(request.scope, pk)
    form = PeerNetworksForm(
        request.POST if request.POST.get("action") == "networks" else None,
        initial={"networks": ", ".join(peer.networks)},
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.approve_peer(actor=request.user, peer=peer)
                messages.success(request, _("Peering approved."))
            elif action == "suspend":
                services.suspend_peer(actor=request.user, peer=peer)
                messages.success(request, _("Peer suspended; its items are hidden."))
            elif action == "remove":
                services.remove_peer(actor=request.user, peer=peer)
                messages.success(request, _("Peer removed."))
            elif action == "sync":
                result = services.sync_peer(peer, retries=0)
                if result.ok:
                    messages.success(
                        request,
                        _("Synced: %(stored)s stored, %(deleted)s deleted, %(rejected)s rejected.")
                        % {
                            "stored": result.stored,
                            "deleted": result.deleted,
                            "rejected": result.rejected,
                        },
                    )
                else:
                    messages.error(request, _("Sync failed: %(error)s") % {"error": result.error})
            elif action == "networks" and form.is_valid():
                services.set_peer_networks(
                    actor=request.user, peer=peer, networks=form.cleaned_data["networks"]
                )
                messages.success(request, _("Shared networks saved."))
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("federation-peer", pk=peer.pk)
    return render(
        request,
        "federation/peer_detail.html",
        {
            "peer": peer,
            "form": form,
            "mirror_count": peer.mirrors.filter(deleted=False).count(),
            "rejected": selectors.rejected_for(request.scope).filter(peer=peer)[:10],
        },
    )


def rejected(request):
    if (denied := _manager(request)) is not None:
        return denied
    page = paginate(request, selectors.rejected_for(request.scope))
    return render(request, "federation/rejected.html", {"page": page})


def network_items(request):
    """From the network: what peers shared, attributed to where it came from."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_see_network_items(request.scope):
        raise Http404
    q = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    page = paginate(request, selectors.search_mirrors(request.scope, q, kind))
    for item in page.object_list:
        item.kind_label = KIND_LABELS.get(item.kind, item.kind)
    return render(
        request,
        "federation/network.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "query": query_without_page(request),
            "kinds": KIND_LABELS,
        },
    )


def mirror_detail(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    mirror = selectors.get_mirror_for(request.scope, pk)
    return render(
        request,
        "federation/mirror_detail.html",
        {
            "mirror": mirror,
            "kind_label": KIND_LABELS.get(mirror.kind, mirror.kind),
            "website": _website(mirror),
        },
    )


def _website(mirror) -> str:
    website = (mirror.data or {}).get("markaz:website")
    return (
        website if isinstance(website, str) and website.startswith(("http://", "https://")) else ""
    )


def _kind_labels() -> dict:
    from django.utils.translation import gettext_lazy

    return {
        "knowledge": gettext_lazy("Knowledge"),
        "call": gettext_lazy("Open call"),
        "event": gettext_lazy("Event"),
        "venture": gettext_lazy("Venture"),
        "impact": gettext_lazy("Impact figures"),
    }


KIND_LABELS = _kind_labels()
