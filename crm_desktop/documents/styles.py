"""What every PDF of the program shares: the embedded font, paragraph styles and colours.

Numbers, money and dates are written by the one formatting module, services/core/formats.py."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph
from stdnum import exceptions as stdnum_errors
from stdnum.co import nit

from crm_desktop.paths import RESOURCES

FONTS = RESOURCES / "fonts"
SAMPLE_LOGO = RESOURCES / "proposal" / "sample-logo.png"
FONT, BOLD, ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"

INK = colors.HexColor("#1d2733")
MUTED = colors.HexColor("#5f6b7a")
ACCENT = colors.HexColor("#1f4e79")
BAND = colors.HexColor("#e8eef5")
RULE = colors.HexColor("#b9c4d0")


@cache
def register_fonts() -> None:
    """Embed DejaVu Sans (Bitstream Vera licence, see resources/fonts): accents and ñ print, and
    the text stays extractable."""
    for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf"),
                       (ITALIC, "DejaVuSans-Oblique.ttf")):  # fmt: skip
        pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)


def style(name: str, size: float = 8.5, **kw: object) -> ParagraphStyle:
    register_fonts()
    base: dict[str, object] = {
        "fontName": FONT,
        "fontSize": size,
        "leading": size * 1.25,
        "textColor": INK,
        "alignment": TA_LEFT,
    }
    return ParagraphStyle(name, **(base | kw))


@cache
def styles() -> dict[str, ParagraphStyle]:
    return {
        "body": style("body", 9),
        "small": style("small", 7.5, textColor=MUTED),
        "cell": style("cell", 8),
        "cell_note": style("cell_note", 7, textColor=MUTED, fontName=ITALIC),
        "section": style("section", 9, fontName=BOLD, textColor=ACCENT),
        "title": style("title", 17, fontName=BOLD, textColor=ACCENT, leading=21),
        "company": style("company", 11, fontName=BOLD, alignment=TA_RIGHT),
        # e-mails and URLs are never split mid-word: a long one keeps its line whole
        "company_data": style(
            "company_data", 8, textColor=MUTED, alignment=TA_RIGHT, splitLongWords=0
        ),
        "label": style("label", 7, textColor=MUTED),
        "value": style("value", 9, splitLongWords=0),
        "heading": style("heading", 9.5, fontName=BOLD, textColor=ACCENT, spaceBefore=8),
        "signer": style("signer", 9.5, fontName=BOLD, spaceBefore=2),
        "hash": style("hash", 8.5, fontName=BOLD, textColor=ACCENT),
    }


def esc(text: str | None) -> str:
    """Plain text made safe for a Paragraph (its markup is XML-like); line breaks kept."""
    if not text:
        return ""
    safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return safe.replace("\n", "<br/>")


def tax_id(kind: str | None, value: str | None) -> str:
    """NIT 900.123.456-8 (formatted with its check digit), CUIT 20-26756539-3, DNI 20.123.456,
    CC 1020304050, ..."""
    if not value:
        return ""
    if kind in ("nit", "cuit", "dni"):
        from stdnum.ar import cuit, dni

        module = {"nit": nit, "cuit": cuit, "dni": dni}[kind]
        with contextlib.suppress(stdnum_errors.ValidationError):
            value = module.format(value)
    label = {"passport": "Pasaporte"}.get(kind or "", (kind or "").upper())
    return f"{label} {value}".strip()


def national_phone(raw: str | None, country: str) -> str:
    """A phone as people of country write it: "+576023851892" → "(602) 3851892" in Colombia;
    a number of another country in international form; text that is no number as it was."""
    if not raw:
        return ""
    import phonenumbers  # only when a proposal prints a phone: the CLI starts faster without

    try:
        number = phonenumbers.parse(raw, country or "CO")
    except phonenumbers.NumberParseException:
        return raw
    if not phonenumbers.is_possible_number(number):
        return raw
    national = phonenumbers.region_code_for_number(number) == (country or "CO")
    kind = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if national
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return str(phonenumbers.format_number(number, kind))


def fitting(text: str, base: ParagraphStyle, width: float) -> Paragraph:
    """An e-mail or URL kept whole inside width: smaller type (down to 7 pt) when it would
    overflow its box, and past that a break after "@" (between words, never inside one)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for size in (base.fontSize, 8.0, 7.5, 7.0):
        if stringWidth(text, base.fontName, size) <= width:
            return Paragraph(esc(text), _sized(base, size))
    size = 7.0
    parts = _pieces(text, lambda piece: stringWidth(piece, base.fontName, size) <= width)
    return Paragraph("<br/>".join(esc(p) for p in parts), _sized(base, size))


def _pieces(text: str, fits: Callable[[str], bool]) -> list[str]:
    """text cut after "@", then (a part still too wide) after dots and hyphens, greedily:
    each piece ends where the address itself has a boundary."""
    user, at, domain = text.partition("@")
    pieces: list[str] = []
    for part in [user + at, domain] if at else [text]:
        current = ""
        for chunk in re.findall(r"[^.\-]*[.\-]?", part):
            if current and not fits(current + chunk):
                pieces.append(current)
                current = ""
            current += chunk
        if current:
            pieces.append(current)
    return pieces


def _sized(base: ParagraphStyle, size: float) -> ParagraphStyle:
    if size == base.fontSize:
        return base
    return ParagraphStyle(f"{base.name}-{size}", parent=base, fontSize=size, leading=size * 1.25)
