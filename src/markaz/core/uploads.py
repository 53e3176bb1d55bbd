"""Upload checks: size limit and a type allow-list decided by the file's content, not its name."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Leading bytes of the formats we accept, and the extensions they may carry.
SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n", {".png"}),
    "jpeg": (b"\xff\xd8\xff", {".jpg", ".jpeg"}),
    "webp": (b"RIFF", {".webp"}),
    "pdf": (b"%PDF-", {".pdf"}),
    "zip-office": (b"PK\x03\x04", {".docx", ".odt", ".xlsx", ".pptx"}),
}
IMAGES = ("png", "jpeg", "webp")
DOCUMENTS = ("pdf", "zip-office")


def sniff(head: bytes) -> str | None:
    for kind, (magic, _ext) in SIGNATURES.items():
        if head.startswith(magic) and (kind != "webp" or head[8:12] == b"WEBP"):
            return kind
    return None


def validate_upload(upload, allowed: tuple[str, ...]) -> str:
    """Raise ValidationError unless the upload is small enough and of an allowed kind."""
    limit = settings.MARKAZ_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    name = (upload.name or "").lower()
    if kind not in allowed or not any(name.endswith(ext) for ext in SIGNATURES[kind][1]):
        raise ValidationError(_("This type of file is not accepted here."))
    return kind
