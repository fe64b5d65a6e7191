"""The accepted proposal carries the signature image, the signer, the moment and the SHA-256."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from crm_desktop.documents.proposal import Company, render_proposal
from crm_desktop.documents.samples import sample_quote
from crm_desktop.services.core.signed import sha256_hex
from crm_desktop.services.quotes.acceptance import canonical_content
from crm_desktop.services.quotes.quote_types import AcceptanceData

TOOLS = all(shutil.which(t) for t in ("qpdf", "pdftotext", "pdfimages"))
needs_tools = pytest.mark.skipif(not TOOLS, reason="poppler-utils and qpdf (scripts/setup.sh)")


def drawn_signature() -> bytes:
    """A signature-like PNG (Pillow draws it here; the program draws it with Qt)."""
    image = Image.new("L", (600, 200), 255)
    pen = ImageDraw.Draw(image)
    pen.line([(20, 150), (120, 40), (180, 160), (260, 50), (330, 150), (560, 90)], 0, 4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def accepted_pdf(tmp_path: Path, country: str = "CO", language: str = "es") -> tuple[Path, str]:
    data = sample_quote(3, language)
    data = data.__class__(**{**data.__dict__, "client": data.client.__class__(
        **{**data.client.__dict__, "country": country})})  # fmt: skip
    content = canonical_content(data)
    accepted = AcceptanceData(
        quote_id=data.id,
        revision=data.revision,
        signer_name="Laura Restrepo Ñáñez",
        signer_id_kind="cc" if country == "CO" else "dni",
        signer_id="1020304050" if country == "CO" else "20123456",
        signed_at=datetime(2026, 11, 30, 19, 5, tzinfo=UTC),
        sha256=sha256_hex(content),
        content=content,
        signature_png=drawn_signature(),
    )
    path = tmp_path / "aceptada.pdf"
    path.write_bytes(render_proposal(data, Company(name="Andina Software S.A.S."), accepted))
    return path, accepted.sha256


def text_of(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", " ", out.stdout.decode())


@needs_tools
def test_the_accepted_pdf_is_valid_and_says_who_signed_when_and_what(tmp_path: Path) -> None:
    path, digest = accepted_pdf(tmp_path)
    subprocess.run(["qpdf", "--check", str(path)], capture_output=True, check=True)
    text = text_of(path)
    assert "Aceptada y firmada" in text
    assert "Laura Restrepo Ñáñez" in text
    assert "CC 1020304050" in text
    assert "30 de noviembre de 2026, 2:05 p. m. (UTC−05:00)" in text  # Bogotá, es-CO
    assert digest in text
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True)
    sizes = [line.split()[3:5] for line in images.stdout.decode().splitlines()[2:]]
    assert ["600", "200"] in sizes  # the signature, whole, next to the logo


@needs_tools
def test_an_argentine_client_signs_in_its_own_zone_and_id(tmp_path: Path) -> None:
    path, _ = accepted_pdf(tmp_path, "AR")
    text = text_of(path)
    assert "DNI 20.123.456" in text
    assert "30 de noviembre de 2026, 16:05 (UTC−03:00)" in text  # Buenos Aires, es-AR


def test_a_proposal_without_acceptance_keeps_the_blank_to_sign() -> None:
    data = sample_quote(3, "es")
    pdf = render_proposal(data, Company(name="Andina"))
    assert b"SHA-256" not in pdf
