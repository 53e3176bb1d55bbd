"""Writes of federation: peering (both sides approve), pulling peers' outboxes into mirrors.

Every write is one transaction with an audit entry. Pulling is idempotent: mirrors are upserted
by (peer, origin object id), the cursor moves only with a page that was stored, and a peer that
is down keeps its last good cursor while attempts back off exponentially.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.federation import client, outbox, signing
from markaz.federation.models import Mirror, Peer, PeerState, RejectedActivity

MAX_BACKOFF = dt.timedelta(hours=6)
KINDS = {"Article": "knowledge", "Page": "call", "Event": "event", "Organization": "venture",
         "Note": "impact"}  # fmt: skip
# Rejections that only the authenticated peer can cause: they may move the cursor past them.
# Anything else (unsigned, forged, tampered) never moves it, so a forger cannot make this
# deployment skip the peer's genuine activities.
SIGNED_REJECTIONS = frozenset({"malformed", "replay"})


def origin_links(peer: Peer, obj: dict) -> dict[str, str]:
    """The object's public pages at its origin, per language: only http(s) URLs under the
    peer's own base URL (a peer cannot make a mirror link elsewhere)."""
    raw = obj.get("url")
    items = raw if isinstance(raw, list) else [raw]
    prefix = peer.base_url.rstrip("/") + "/"
    links: dict[str, str] = {}
    for item in items:
        href, lang = (item, "") if isinstance(item, str) else (None, "")
        if isinstance(item, dict):
            href, lang = item.get("href"), str(item.get("hreflang") or "")
        if isinstance(href, str) and href.startswith(prefix) and len(href) <= 400:
            links.setdefault(lang[:8], href)
    return links


def _clean_networks(networks) -> list[str]:
    return sorted({str(n).strip() for n in networks or [] if str(n).strip()})


def _apply_actor(peer: Peer, actor: dict) -> None:
    peer.name = str(actor.get("name") or peer.name)[:200]
    peer.actor_url = actor["id"]
    peer.outbox_url = actor.get("outbox", "")
    peer.inbox_url = actor.get("inbox", "")
    peer.public_key = actor["publicKey"]["publicKeyBase64"]


def _refresh_state(peer: Peer) -> None:
    if peer.state in (PeerState.SUSPENDED, PeerState.REMOVED):
        return
    if peer.approved_here and peer.approved_there:
        peer.state = PeerState.ACTIVE
    elif peer.approved_here:
        peer.state = PeerState.REQUESTED
    else:
        peer.state = PeerState.PENDING


def request_peering(*, actor, base_url: str, networks=None) -> Peer:
    """Ask the deployment at `base_url` to peer: fetch its actor (its key), then tell it."""
    base_url = base_url.strip().rstrip("/")
    if base_url.rstrip("/") == settings.MARKAZ_FEDERATION_BASE_URL:
        raise ValidationError({"base_url": _("This is this deployment's own address.")})
    try:
        remote = client.fetch_actor(base_url)
    except client.PeerError as exc:
        raise ValidationError({"base_url": _("The deployment could not be reached: %(error)s")
                               % {"error": exc}}) from exc  # fmt: skip
    with transaction.atomic():
        peer = Peer.objects.select_for_update().filter(base_url=base_url).first() or Peer(
            base_url=base_url
        )
        if peer.pk and peer.state == PeerState.ACTIVE:
            raise ValidationError(_("This deployment is already an active peer."))
        _apply_actor(peer, remote)
        peer.approved_here = True
        if peer.state in (PeerState.REMOVED, PeerState.SUSPENDED):
            peer.state, peer.approved_there = PeerState.REQUESTED, False
        if networks is not None:
            peer.networks = _clean_networks(networks)
        _refresh_state(peer)
        peer.save()
        audit.record(action="federation.peer.requested", actor=actor, obj=peer,
                     changes={"base_url": base_url})  # fmt: skip
    _tell(peer, "Follow")
    return peer


def _tell(peer: Peer, verb: str) -> None:
    """Send a signed peering message; a failure is shown on the peer, not raised."""
    message = signing.sign(
        {
            "@context": outbox.AS_CONTEXT,
            "type": verb,
            "actor": outbox.actor_url(),
            "object": peer.actor_url,
            "published": timezone.now().isoformat(),
            "markaz:baseUrl": settings.MARKAZ_FEDERATION_BASE_URL,
        },
        key_id=outbox.key_id(),
    )
    try:
        client.post_inbox(peer.inbox_url, message)
    except client.PeerError as exc:
        Peer.objects.filter(pk=peer.pk).update(last_error=str(exc)[:500])


def approve_peer(*, actor, peer: Peer, networks=None) -> Peer:
    with transaction.atomic():
        peer = Peer.objects.select_for_update().get(pk=peer.pk)
        if peer.state == PeerState.REMOVED:
            raise ValidationError(_("A removed peer must request peering again."))
        peer.approved_here = True
        if peer.state == PeerState.SUSPENDED:
            peer.state = PeerState.PENDING
        if networks is not None:
            peer.networks = _clean_networks(networks)
        _refresh_state(peer)
        peer.save()
        audit.record(action="federation.peer.approved", actor=actor, obj=peer,
                     changes={"state": peer.state, "networks": peer.networks})  # fmt: skip
    _tell(peer, "Accept")
    return peer


def set_peer_networks(*, actor, peer: Peer, networks) -> Peer:
    with transaction.atomic():
        peer.networks = _clean_networks(networks)
        peer.save(update_fields=["networks", "updated_at"])
        audit.record(action="federation.peer.networks_changed", actor=actor, obj=peer,
                     changes={"networks": peer.networks})  # fmt: skip
    return peer


def suspend_peer(*, actor, peer: Peer) -> Peer:
    """Stop exchanging with a peer; its mirrors are hidden at once (a filter, not a delete)."""
    with transaction.atomic():
        if peer.state == PeerState.REMOVED:
            raise ValidationError(_("This peer was removed."))
        peer.state = PeerState.SUSPENDED
        peer.save(update_fields=["state", "updated_at"])
        audit.record(action="federation.peer.suspended", actor=actor, obj=peer)
    return peer


def remove_peer(*, actor, peer: Peer) -> Peer:
    with transaction.atomic():
        peer.state, peer.approved_here, peer.approved_there = PeerState.REMOVED, False, False
        peer.save(update_fields=["state", "approved_here", "approved_there", "updated_at"])
        audit.record(action="federation.peer.removed", actor=actor, obj=peer)
    return peer


# --- Inbox: peering messages from other deployments ---------------------------------------


class InboxError(Exception):
    pass


def receive_message(message: dict) -> Peer:
    """A signed Follow (peering request) or Accept (approval) from another deployment."""
    if not isinstance(message, dict) or message.get("type") not in ("Follow", "Accept"):
        raise InboxError("unsupported message")
    actor_id = str(message.get("actor") or "")
    base_url = str(message.get("markaz:baseUrl") or "").rstrip("/")
    if not actor_id or not base_url or not actor_id.startswith(base_url + "/"):
        raise InboxError("actor and base URL do not match")
    if message.get("object") != outbox.actor_url():
        raise InboxError("not addressed to this deployment")
    peer = Peer.objects.filter(base_url=base_url).first()
    if peer is None or not peer.public_key:
        if message["type"] != "Follow":
            raise InboxError("unknown peer")
        try:
            remote = client.fetch_actor(base_url)
        except client.PeerError as exc:
            raise InboxError(str(exc)) from exc
        if remote.get("id") != actor_id:
            raise InboxError("actor document does not match")
        peer = peer or Peer(base_url=base_url)
        _apply_actor(peer, remote)
    if not signing.verify(message, peer.public_key):
        _reject(peer if peer.pk else None, message, "bad-signature", "peering message")
        raise InboxError("bad signature")
    with transaction.atomic():
        if peer.state == PeerState.REMOVED:
            peer.state, peer.approved_here = PeerState.PENDING, False
        if peer.state == PeerState.SUSPENDED:
            raise InboxError("suspended")
        peer.approved_there = True
        _refresh_state(peer)
        peer.save()
        audit.record(action=f"federation.peer.{message['type'].lower()}_received", obj=peer)
    return peer


# --- Pulling -----------------------------------------------------------------------------------


@dataclass
class SyncResult:
    peer: str
    pulled: int = 0
    stored: int = 0
    deleted: int = 0
    skipped: int = 0
    rejected: int = 0
    pages: int = 0
    cursor: int = 0
    ok: bool = True
    error: str = ""
    errors: list[str] = field(default_factory=list)


def _reject(peer: Peer | None, activity, reason: str, detail: str = "") -> None:
    data = activity if isinstance(activity, dict) else {"value": str(activity)[:500]}
    seq = data.get("sequence")
    row = RejectedActivity.objects.create(
        peer=peer,
        activity_id=str(data.get("id") or "")[:400],
        sequence=seq if isinstance(seq, int) else None,
        reason=reason,
        detail=detail[:500],
        payload=data,
    )
    audit.record(action="federation.activity.rejected", obj=row,
                 changes={"reason": reason, "peer": str(peer or "")})  # fmt: skip


def _check(peer: Peer, activity, floor: int, known: dict[str, Mirror]) -> str | None:
    """None when the activity may be applied; otherwise the rejection reason ('' = skip)."""
    if not isinstance(activity, dict) or "signature" not in activity:
        return "unsigned"
    signature = activity.get("signature") or {}
    if activity.get("actor") != peer.actor_url or signature.get("creator") != (
        peer.actor_url + "#main-key"
    ):
        return "unknown-key"
    if not signing.verify(activity, peer.public_key):
        return "bad-signature"
    seq, obj = activity.get("sequence"), activity.get("object")
    if not isinstance(seq, int) or not isinstance(obj, dict) or not obj.get("id"):
        return "malformed"
    if activity.get("type") not in ("Create", "Update", "Delete"):
        return "malformed"
    mirror = known.get(obj["id"])
    if seq <= floor or (mirror is not None and seq <= mirror.origin_seq):
        same = mirror is not None and mirror.activity_id == activity.get("id")
        if same and mirror.activity_hash == signing.content_hash(activity):
            return ""  # the same activity again: idempotent, nothing to do
        return "replay"
    return None


def apply_activities(peer: Peer, items: list, *, result: SyncResult) -> int:
    """Check and store one page of activities; returns the highest sequence examined."""
    ids = [a["object"]["id"] for a in items if isinstance(a, dict)
           and isinstance(a.get("object"), dict) and a["object"].get("id")]  # fmt: skip
    known = {m.object_id: m for m in Mirror.objects.filter(peer=peer, object_id__in=ids)}
    floor = peer.cursor
    top = floor
    creates: dict[str, Mirror] = {}
    updates: dict[int, Mirror] = {}
    for activity in items:
        result.pulled += 1
        reason = _check(peer, activity, floor, known)
        if reason == "":  # authenticated, and already applied: the cursor may pass it
            result.skipped += 1
            top = max(top, activity["sequence"])
            continue
        if reason is not None:
            result.rejected += 1
            _reject(peer, activity, reason)
            seq = activity.get("sequence") if isinstance(activity, dict) else None
            if reason in SIGNED_REJECTIONS and isinstance(seq, int) and seq > top:
                top = seq
            continue
        seq, obj = activity["sequence"], activity["object"]
        top = max(top, seq)
        floor = max(floor, seq)  # sequences must keep increasing within a page too
        mirror = known.get(obj["id"])
        if mirror is None:
            mirror = Mirror(peer=peer, object_id=obj["id"])
            known[obj["id"]] = mirror
            creates[obj["id"]] = mirror
        elif mirror.pk:
            updates[mirror.pk] = mirror
        mirror.origin_seq = seq
        mirror.activity_id = str(activity.get("id", ""))[:400]
        mirror.activity_hash = signing.content_hash(activity)
        if activity["type"] == "Delete":
            mirror.deleted = True
            mirror.data = {}
            result.deleted += 1
            continue
        names, summaries = obj.get("nameMap") or {}, obj.get("summaryMap") or {}
        mirror.deleted = False
        mirror.kind = obj.get("markaz:kind") or KINDS.get(obj.get("type"), "other")
        mirror.title_en = str(names.get("en", ""))[:300]
        mirror.title_ar = str(names.get("ar", ""))[:300]
        mirror.summary_en = str(summaries.get("en", ""))
        mirror.summary_ar = str(summaries.get("ar", ""))
        links = origin_links(peer, obj)
        mirror.url = links.get(settings.LANGUAGE_CODE) or next(iter(links.values()), "")
        mirror.network_only = bool(activity.get("markaz:networks"))
        mirror.data = obj
        if not mirror.title_en and not mirror.title_ar:
            mirror.title_en = obj["id"][-300:]
        result.stored += 1
    fields = ["kind", "title_en", "title_ar", "summary_en", "summary_ar", "url", "data",
              "network_only", "deleted", "origin_seq", "activity_id", "activity_hash",
              "received_at"]  # fmt: skip
    for mirror in creates.values():
        mirror.kind = mirror.kind or "other"
    # One upsert by (peer, origin id) for new and changed mirrors alike (one mirror per origin
    # object in `known`, so no row is hit twice): far cheaper than bulk_update's CASE per field.
    rows = [*creates.values(), *updates.values()]
    for mirror in rows:
        mirror.pk = None
    Mirror.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True, unique_fields=["peer", "object_id"],
        update_fields=fields,
    )  # fmt: skip
    return top


def _backoff(failures: int) -> dt.timedelta:
    return min(dt.timedelta(seconds=30 * 2 ** min(failures, 20)), MAX_BACKOFF)


def sync_peer(peer: Peer, *, limit: int | None = None, retries: int = 3, sleep=time.sleep,
              progress=None, max_pages: int | None = None) -> SyncResult:  # fmt: skip
    """Pull a peer's outbox from the last good cursor to its end (or `max_pages`)."""
    limit = limit or settings.MARKAZ_FEDERATION_PAGE
    result = SyncResult(peer=str(peer), cursor=peer.cursor)
    attempt = 0
    while max_pages is None or result.pages < max_pages:
        Peer.objects.filter(pk=peer.pk).update(last_attempt_at=timezone.now())
        try:
            page = client.fetch_outbox(peer.outbox_url, after=peer.cursor, limit=limit)
            items = page.get("orderedItems")
            if not isinstance(items, list):
                raise client.PeerError("the outbox page has no orderedItems")
        except client.PeerError as exc:
            attempt += 1
            if attempt <= retries:
                sleep(min(0.5 * 2 ** (attempt - 1), 30))
                continue
            failures = peer.failures + 1
            Peer.objects.filter(pk=peer.pk).update(
                failures=failures, last_error=str(exc)[:500],
                next_attempt_at=timezone.now() + _backoff(failures),
            )  # fmt: skip
            peer.failures = failures
            result.ok, result.error = False, str(exc)
            return result
        attempt = 0
        if not items:
            break
        before = peer.cursor
        with transaction.atomic():
            locked = Peer.objects.select_for_update().get(pk=peer.pk)
            if locked.state != PeerState.ACTIVE or locked.cursor != peer.cursor:
                result.ok, result.error = False, "peer changed during sync"
                return result
            top = apply_activities(locked, items, result=result)
            locked.cursor = max(top, locked.cursor)
            locked.last_sync_at = timezone.now()
            locked.failures, locked.last_error, locked.next_attempt_at = 0, "", None
            locked.save(update_fields=["cursor", "last_sync_at", "failures", "last_error",
                                       "next_attempt_at", "updated_at"])  # fmt: skip
        peer.cursor, peer.failures = locked.cursor, 0
        result.pages += 1
        result.cursor = peer.cursor
        if progress is not None:
            progress(len(items))
        if len(items) < limit or peer.cursor == before:
            break  # the end, or a page that moved nothing (forged items only): stop here
    Peer.objects.filter(pk=peer.pk).update(
        last_sync_at=timezone.now(), failures=0, last_error="", next_attempt_at=None
    )
    return result


def sync_all_peers(*, force: bool = False, progress=None, **options) -> list[SyncResult]:
    """Publish local changes, then pull every active peer that is due. A job calls this."""
    outbox.publish()
    now = timezone.now()
    results = []
    for peer in Peer.objects.filter(state=PeerState.ACTIVE).order_by("id"):
        if not force and peer.next_attempt_at and peer.next_attempt_at > now:
            continue
        results.append(sync_peer(peer, progress=progress, **options))
    return results
