"""The pieces of a signed acceptance both the laptop and the server check: the hash of the
signed content and the bounds of the signature image (no image library: the server reads a
PNG's header only, after its size is bounded)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
from datetime import datetime, tzinfo

MAX_SIGNATURE_PNG = 64 * 1024  # bytes of the PNG; a signature pad's strokes need ~5–20 KiB
MAX_SIGNATURE_B64 = (MAX_SIGNATURE_PNG + 2) // 3 * 4  # its base64, as the record stores it
MAX_SIGNATURE_SIDE = 2000  # pixels, either side
MAX_ACCEPTED_CONTENT = 500_000  # characters of canonical JSON (a revision snapshot's bound)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# The time zone a client signs in, by the client's country (a quote has no place of its own):
# the dialog, the builder and the accepted PDF all say the moment in it.
COUNTRY_ZONES = {
    "CO": "America/Bogota",
    "AR": "America/Argentina/Buenos_Aires",
    "CL": "America/Santiago",
    "MX": "America/Mexico_City",
    "PE": "America/Lima",
}


def client_zone(country: str | None) -> tzinfo:
    from zoneinfo import ZoneInfo  # only when a moment is said: the CLI starts faster

    return ZoneInfo(COUNTRY_ZONES.get(country or "CO", "America/Bogota"))


def sha256_hex(content: str) -> str:
    """The SHA-256 of the canonical content as UTF-8 bytes, as lower-case hex."""
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def signed_content_matches(content: str | None, digest: str) -> bool:
    if content is None or len(digest) != 64:
        return False
    return hmac.compare_digest(sha256_hex(content), digest.lower())


def png_size(encoded: str) -> tuple[int, int] | None:
    """(width, height) of a base64 PNG within the bounds, or None if it is not one."""
    if len(encoded) > MAX_SIGNATURE_B64:
        return None
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) < 33 or not raw.startswith(PNG_MAGIC) or raw[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", raw[16:24])
    if not (0 < width <= MAX_SIGNATURE_SIDE and 0 < height <= MAX_SIGNATURE_SIDE):
        return None
    return width, height


def utc_offset(local: datetime) -> str:
    """ "UTC−05:00": the offset a moment was said in, printed next to it."""
    offset = local.strftime("%z") or "+0000"
    return f"UTC{offset[0]}{offset[1:3]}:{offset[3:5]}".replace("-", "\u2212")
