"""Images on import: read their size, turn them upright, and downscale big ones (Pillow)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

Image.MAX_IMAGE_PIXELS = 200_000_000  # Pillow's bomb guard, above any phone or scanner image
FORMAT_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
THUMB_SIDE = 96


@dataclass(frozen=True)
class Picture:
    data: bytes  # what is stored: the original or its downscaled copy
    mime: str
    width: int
    height: int
    scaled: bool


def read_picture(data: bytes, max_pixels: int, keep_original: bool) -> Picture | None:
    """The image to store, or None when data is not an image Pillow knows. Images above
    max_pixels are downscaled (kept in their format, JPEG at quality 85) unless keep_original."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format or ""
            if fmt not in FORMAT_MIME:
                return None
            width, height = image.size
            if keep_original or width * height <= max_pixels or fmt == "GIF":
                return Picture(data, FORMAT_MIME[fmt], width, height, scaled=False)
            return _downscaled(image, fmt, max_pixels)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def _downscaled(image: Image.Image, fmt: str, max_pixels: int) -> Picture:
    upright = ImageOps.exif_transpose(image)
    ratio = (max_pixels / (upright.width * upright.height)) ** 0.5
    size = (max(1, int(upright.width * ratio)), max(1, int(upright.height * ratio)))
    small = upright.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if fmt == "JPEG":
        small.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    else:
        small.save(out, fmt)
    return Picture(out.getvalue(), FORMAT_MIME[fmt], small.width, small.height, scaled=True)


def thumbnail_png(data: bytes, side: int = THUMB_SIDE) -> bytes | None:
    """A small PNG of an image for lists and the timeline; None if data is no image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((side, side))
            out = io.BytesIO()
            upright.convert("RGBA").save(out, "PNG")
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
