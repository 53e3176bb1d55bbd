"""`markaz federation identity|keygen|publish|sync|request|approve|suspend|peers`."""

from __future__ import annotations

import json
import sys


def _setup():
    from markaz.cli import setup_django

    setup_django()


def _peer(ref: str):
    from markaz.federation.models import Peer

    peer = (
        Peer.objects.filter(pk=int(ref)).first() if ref.isdigit() else None
    ) or Peer.objects.filter(base_url=ref.rstrip("/")).first()
    if peer is None:
        sys.exit(f"markaz federation: no peer {ref!r}")
    return peer


def cmd_identity(args) -> None:
    _setup()
    from django.conf import settings

    from markaz.federation import outbox, signing

    print(json.dumps({"name": settings.MARKAZ_FEDERATION_NAME, "actor": outbox.actor_url(),
                      "public_key": signing.public_key()}))  # fmt: skip


def cmd_keygen(args) -> None:
    import base64

    from nacl.signing import SigningKey

    # A new private key for MARKAZ_FEDERATION_KEY_FILE; keep it out of the repository.
    print(base64.b64encode(bytes(SigningKey.generate())).decode())


def cmd_publish(args) -> None:
    _setup()
    from markaz.federation.outbox import publish

    print(json.dumps({"published": publish(full=getattr(args, "full", False))}))


def cmd_sync(args) -> None:
    _setup()
    from dataclasses import asdict

    from markaz.demo.progress import progress_bar
    from markaz.federation import outbox, services
    from markaz.federation.models import Peer, PeerState

    outbox.publish()
    peers = Peer.objects.filter(state=PeerState.ACTIVE).order_by("id")
    if args.peer:
        peers = [_peer(args.peer)]
    results = []
    with progress_bar(not args.quiet, total=None, title="federation sync") as advance:
        for peer in peers:
            results.append(
                services.sync_peer(
                    peer,
                    limit=args.limit,
                    retries=args.retries,
                    progress=lambda n, name=str(peer): advance(name, n),
                )
            )
    print(json.dumps([asdict(r) for r in results], ensure_ascii=False))
    if any(not r.ok for r in results):
        sys.exit(1)


def cmd_request(args) -> None:
    _setup()
    from django.core.exceptions import ValidationError

    from markaz.federation import services

    networks = [n for n in (args.networks or "").split(",") if n.strip()]
    try:
        peer = services.request_peering(actor=None, base_url=args.url, networks=networks)
    except ValidationError as exc:
        sys.exit("markaz federation request: " + " ".join(exc.messages))
    print(json.dumps({"peer": peer.pk, "state": peer.state}))


def cmd_approve(args) -> None:
    _setup()
    from markaz.federation import services

    networks = None if args.networks is None else args.networks.split(",")
    peer = services.approve_peer(actor=None, peer=_peer(args.peer), networks=networks)
    print(json.dumps({"peer": peer.pk, "state": peer.state}))


def cmd_suspend(args) -> None:
    _setup()
    from markaz.federation import services

    peer = services.suspend_peer(actor=None, peer=_peer(args.peer))
    print(json.dumps({"peer": peer.pk, "state": peer.state}))


def cmd_peers(args) -> None:
    _setup()
    from markaz.federation.models import Peer

    rows = Peer.objects.values("id", "name", "base_url", "state", "cursor", "networks")
    print(json.dumps(list(rows), ensure_ascii=False))


def register(subparsers) -> None:
    p = subparsers.add_parser("federation", help="federation with other Markaz deployments")
    sub = p.add_subparsers(dest="federation_command", metavar="ACTION", required=True)
    sub.add_parser("identity", help="this deployment's name, actor URL and public key"
                   ).set_defaults(func=cmd_identity)  # fmt: skip
    sub.add_parser("keygen", help="print a new private key for MARKAZ_FEDERATION_KEY_FILE"
                   ).set_defaults(func=cmd_keygen)  # fmt: skip
    s = sub.add_parser("publish", help="record outbox activities for what changed (idempotent)")
    s.add_argument(
        "--full",
        action="store_true",
        help="rebuild every shared object, not only rows changed since the last run",
    )
    s.set_defaults(func=cmd_publish)  # fmt: skip
    s = sub.add_parser("sync", help="publish, then pull every active peer from its cursor")
    s.add_argument("--peer", help="only this peer (id or base URL)")
    s.add_argument("--limit", type=int, default=None, help="activities per page")
    s.add_argument("--retries", type=int, default=3)
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=cmd_sync)
    s = sub.add_parser("request", help="request peering with the deployment at URL")
    s.add_argument("url")
    s.add_argument("--networks", default="", help="shared network slugs, comma-separated")
    s.set_defaults(func=cmd_request)
    s = sub.add_parser("approve", help="approve a peering request (id or base URL)")
    s.add_argument("peer")
    s.add_argument("--networks", default=None, help="shared network slugs, comma-separated")
    s.set_defaults(func=cmd_approve)
    s = sub.add_parser("suspend", help="suspend a peer; its items are hidden at once")
    s.add_argument("peer")
    s.set_defaults(func=cmd_suspend)
    sub.add_parser("peers", help="list peers as JSON").set_defaults(func=cmd_peers)
