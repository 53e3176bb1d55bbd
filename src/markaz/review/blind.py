"""Blind review: what a reviewer may see of an application when its call hides identities.

Pure functions (no Django): the service collects the identity strings of an application
(venture names, people's names, organization names, emails) and these hide them in any text,
answer or file name shown to a reviewer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

HIDDEN = "▇▇▇"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"\+?\d[\d\s()-]{6,}\d")
MIN_TOKEN = 3  # shorter name parts ("Al", "Co") would hide ordinary words


def identity_tokens(names: Iterable[str]) -> list[str]:
    """Whole names and their longer words, longest first (so a full name goes before a part)."""
    found: set[str] = set()
    for name in names:
        name = (name or "").strip()
        if not name:
            continue
        found.add(name)
        if "@" in name:
            found.add(name.split("@", 1)[0])
            continue
        for word in re.split(r"[\s,.;:()\-_/]+", name):
            if len(word) >= MIN_TOKEN:
                found.add(word)
    return sorted(found, key=lambda t: (-len(t), t))


def redact(text: str, tokens: Iterable[str]) -> str:
    """Replace emails, phone numbers and every identity token (whole words, any case) with a
    mark. Words of a name are hidden on their own too ("Kiosks"), at the price of hiding an
    ordinary word that happens to be part of a name: a leak costs more than a blank."""
    if not text:
        return text or ""
    out = EMAIL.sub(HIDDEN, text)
    out = PHONE.sub(HIDDEN, out)
    tokens = [t for t in tokens if t]
    if tokens:
        words = "|".join(re.escape(t) for t in tokens)
        pattern = re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)
        out = pattern.sub(HIDDEN, out)
    return out


def redact_value(value, tokens: list[str]):
    """Redact strings inside nested answers (dicts, lists) and leave other values alone."""
    if isinstance(value, str):
        return redact(value, tokens)
    if isinstance(value, dict):
        return {k: redact_value(v, tokens) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(v, tokens) for v in value]
    return value


def blind_file_name(name: str, position: int, tokens: Iterable[str]) -> str:
    """A file name without names in it: the redacted stem, or `attachment-N.ext` if little
    would be left of it."""
    path = PurePosixPath(name or "")
    stem, suffix = path.stem, path.suffix.lower()
    cleaned = redact(stem, tokens)
    if cleaned != stem or not stem:
        return f"attachment-{position}{suffix}"
    return f"{stem}{suffix}"


def reference(application_id: int) -> str:
    """The neutral label a reviewer sees (the same as `Application.reference`)."""
    return f"A-{application_id:06d}"
