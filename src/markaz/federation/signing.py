"""Keys and signatures: Ed25519 over a canonical JSON serialization of each activity.

The deployment's private key comes from MARKAZ_FEDERATION_KEY (base64 seed) or the file named
by MARKAZ_FEDERATION_KEY_FILE in production; otherwise one is generated once and kept in the
data dir (`federation-key`, never committed).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

SIGNATURE_TYPE = "Ed25519Signature2020"


def canonical(data: dict) -> bytes:
    """Sorted keys, no insignificant whitespace, UTF-8: the bytes that get signed."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(data: dict) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _load_seed() -> bytes:
    from django.conf import settings

    if value := os.environ.get("MARKAZ_FEDERATION_KEY"):
        return base64.b64decode(value)
    if settings.MARKAZ_FEDERATION_KEY_FILE:
        return base64.b64decode(Path(settings.MARKAZ_FEDERATION_KEY_FILE).read_text().strip())
    path = Path(settings.DATA_DIR) / "federation-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(_b64(bytes(SigningKey.generate())))
    return base64.b64decode(path.read_text().strip())


@lru_cache(maxsize=1)
def signing_key() -> SigningKey:
    return SigningKey(_load_seed())


def public_key() -> str:
    return _b64(bytes(signing_key().verify_key))


def sign(data: dict, *, key_id: str, key: SigningKey | None = None) -> dict:
    """The activity with a `signature` over everything else."""
    body = {k: v for k, v in data.items() if k != "signature"}
    value = (key or signing_key()).sign(canonical(body)).signature
    return {**body, "signature": {"type": SIGNATURE_TYPE, "creator": key_id, "value": _b64(value)}}


@lru_cache(maxsize=64)
def _verify_key(public_key_b64: str) -> VerifyKey:
    return VerifyKey(base64.b64decode(public_key_b64))


def verify(data: dict, public_key_b64: str) -> bool:
    """True when `data` carries a valid signature by the holder of `public_key_b64`."""
    signature = data.get("signature")
    if not isinstance(signature, dict) or not isinstance(signature.get("value"), str):
        return False
    body = {k: v for k, v in data.items() if k != "signature"}
    try:
        _verify_key(public_key_b64).verify(canonical(body), base64.b64decode(signature["value"]))
    except (BadSignatureError, ValueError, TypeError):
        return False
    return True


def sign_request(method: str, path: str, date: str, key: SigningKey | None = None) -> str:
    """Signature of a request to a peer: `METHOD path-with-query\\ndate`."""
    return _b64((key or signing_key()).sign(f"{method} {path}\n{date}".encode()).signature)


def verify_request(method: str, path: str, date: str, signature: str, public_key_b64: str) -> bool:
    try:
        VerifyKey(base64.b64decode(public_key_b64)).verify(
            f"{method} {path}\n{date}".encode(), base64.b64decode(signature)
        )
    except (BadSignatureError, ValueError, TypeError):
        return False
    return True
