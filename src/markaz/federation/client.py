"""HTTP to peers (urllib, with timeouts): the actor document, signed outbox pulls, inbox posts."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.urls import reverse

from markaz.federation import signing


class PeerError(Exception):
    """A peer could not be reached or answered something unusable."""


def _date() -> str:
    return dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")


def _signed_headers(method: str, url: str) -> dict[str, str]:
    from markaz.federation.outbox import actor_url

    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    date = _date()
    return {
        "Accept": "application/activity+json",
        "Date": date,
        "X-Federation-Actor": actor_url(),
        "X-Federation-Signature": signing.sign_request(method, target, date),
    }


def _open(request: urllib.request.Request) -> dict:
    timeout = settings.MARKAZ_FEDERATION_TIMEOUT
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read().decode())
    except urllib.error.HTTPError as exc:
        raise PeerError(f"HTTP {exc.code} from {request.full_url}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise PeerError(f"{request.full_url}: {exc}") from exc


def _request(url: str, **kwargs) -> urllib.request.Request:
    """Only http(s): a peer's URL never opens a file or another scheme."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise PeerError(f"not an http(s) URL: {url}")
    return urllib.request.Request(url, **kwargs)  # noqa: S310 - scheme checked above


def fetch_actor(base_url: str) -> dict:
    url = base_url.rstrip("/") + reverse("federation-actor")
    data = _open(_request(url, headers={"Accept": "application/activity+json"}))
    if not isinstance(data, dict) or not data.get("publicKey", {}).get("publicKeyBase64"):
        raise PeerError(f"{url} is not a Markaz federation actor")
    return data


def fetch_outbox(outbox_url: str, *, after: int, limit: int) -> dict:
    url = f"{outbox_url}?{urllib.parse.urlencode({'after': after, 'limit': limit})}"
    return _open(_request(url, headers=_signed_headers("GET", url)))


def post_inbox(inbox_url: str, message: dict) -> dict:
    body = json.dumps(message).encode()
    headers = {"Content-Type": "application/activity+json", **_signed_headers("POST", inbox_url)}
    return _open(_request(inbox_url, data=body, headers=headers, method="POST"))
