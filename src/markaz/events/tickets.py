"""Ticket QR codes: an SVG of the ticket code, which the check-in page accepts as typed."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg


def qr_svg(code: str) -> bytes:
    image = qrcode.make(code, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
