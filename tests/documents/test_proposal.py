"""The PDF proposal: extracted figures, pages, repeated header, validity, determinism."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal as D
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from crm_desktop.documents.proposal import (
    Company,
    proposal_filename,
    render_proposal,
    write_proposal,
)
from crm_desktop.documents.samples import sample_quote
from crm_desktop.services.core.formats import formats
from crm_desktop.services.quotes.quote_data import QuoteData
from crm_desktop.settings import Settings

COMPANY = Company.from_settings(Settings(None))


@cache
def rendered(lines: int, language: str = "es", currency: str = "COP") -> tuple[QuoteData, bytes]:
    data = sample_quote(lines, language, currency)
    return data, render_proposal(data, COMPANY)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Extracted text with each run of white space (cell breaks) as one space."""
    return " ".join(text.split())


@pytest.mark.parametrize(("lines", "pages"), [(1, 1), (40, 3), (500, 25)])
def test_page_count_and_page_x_of_y(lines: int, pages: int) -> None:
    _data, pdf = rendered(lines)
    texts = pages_text(pdf)
    assert len(texts) == pages
    for number, text in enumerate(texts, start=1):
        assert f"Página {number} de {pages}" in text
        assert "Descripción" in text and "Precio unit." in text  # the header on every page


def test_figures_in_the_text_are_the_quotes_totals() -> None:
    data, pdf = rendered(40)
    text = flat(" ".join(pages_text(pdf)))
    totals = data.totals()

    def cop(value: D) -> str:
        return " ".join(formats("es", "CO").money(value, "COP").split())

    assert f"TOTAL {cop(totals.grand_total)}" in text
    assert f"Subtotal {cop(totals.subtotal)}" in text
    assert f"Descuento global (5%) -{cop(totals.global_discount)}" in text
    iva19 = next(t for t in totals.taxes if t.category == "iva19")
    assert f"Base gravable IVA 19 % {cop(iva19.base)}" in text
    assert f"IVA 19 % {cop(iva19.tax)}" in text
    assert f"Excluido de IVA {cop(totals.taxes[-1].base)}" in text
    assert "COTIZACIÓN" in text and "Ferretería y Suministros Ñandú S.A.S." in text
    assert "NIT 900.123.456-8" in text and "2 de diciembre de 2026" in text
    assert "Precio de lista 300.000; cambiado: Precio especial aprobado" in text
    for section in totals.sections:
        assert f"Subtotal {section.title} {formats('es').number(section.subtotal)}" in text


def test_english_usd_proposal_shows_cents() -> None:
    data, pdf = rendered(1, "en", "USD")
    text = flat(pages_text(pdf)[0])
    totals = data.totals()
    assert "QUOTATION" in text and "Page 1 of 1" in text and "December 2, 2026" in text
    assert f"TOTAL ${totals.grand_total:,.2f}" in text
    assert "COP 4,100.00 per $ 1" in text


def test_no_section_header_is_left_alone_at_the_bottom_of_a_page() -> None:
    _data, pdf = rendered(500)
    for text in pages_text(pdf):
        rows = text.splitlines()
        titles = [i for i, row in enumerate(rows) if row.startswith("Grupo ")]
        if titles:
            after = rows[titles[-1] + 1 :]
            assert any(row.isdigit() for row in after), "a section header ends the page alone"


def test_qpdf_finds_the_file_valid(tmp_path: Path) -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.skip("qpdf is not installed")
    for lines in (1, 40):
        path = tmp_path / f"{lines}.pdf"
        path.write_bytes(rendered(lines)[1])
        result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def _without_dates(pdf: bytes) -> bytes:
    return re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)", b"", pdf)


def test_same_quote_gives_the_same_bytes_apart_from_the_creation_date() -> None:
    data = sample_quote(40)
    first, second = render_proposal(data, COMPANY), render_proposal(data, COMPANY)
    assert b"/CreationDate (D:2000" not in first  # the real date, not the invariant one
    assert _without_dates(first) == _without_dates(second)
    other = render_proposal(data.with_lines(data.lines[:-1]), COMPANY)
    assert _without_dates(other) != _without_dates(first)


def test_write_proposal_and_its_file_name(tmp_path: Path) -> None:
    data = sample_quote(1)
    path = write_proposal(data, COMPANY, tmp_path / proposal_filename(data))
    assert path.name == "Cotización-JP-7F3A-000042-r2.pdf"
    assert path.read_bytes().startswith(b"%PDF-") and not list(tmp_path.glob("*.part"))


def test_an_argentine_client_reads_pesos_and_dates_of_argentina() -> None:
    data = sample_quote(1)
    data = replace(data, currency="ARS", client=replace(data.client, country="AR"))
    text = flat(pages_text(render_proposal(data, COMPANY))[0])
    assert f"TOTAL $ {formats('es', 'AR').number(data.totals().grand_total)}" in text
    assert "2 de diciembre de 2026" in text


# -- finishing (issue 13, item 6) --------------------------------------------------------------
def _client(data: QuoteData, **changes: object) -> QuoteData:
    return replace(data, client=replace(data.client, **changes))  # type: ignore[arg-type]


def test_every_font_is_embedded_none_is_only_referenced() -> None:
    for lines in (1, 40):
        _data, pdf = rendered(lines)
        reader = PdfReader(io.BytesIO(pdf))
        for page in reader.pages:
            fonts = page["/Resources"]["/Font"]
            for ref in fonts.values():
                font = ref.get_object()
                descendant = font.get("/DescendantFonts")
                described = descendant[0].get_object() if descendant else font
                assert "/FontDescriptor" in described, font["/BaseFont"]
                descriptor = described["/FontDescriptor"].get_object()
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font
        assert b"Helvetica" not in pdf
    if shutil.which("pdffonts"):
        out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=False)
        if out.returncode == 0:  # older poppler reads no stdin
            assert " no " not in out.stdout.decode()


def test_phones_print_in_the_countrys_national_format_and_emails_whole() -> None:
    email = "direccion.compras.regionales@ferreteria-nandu-suministros.com.co"
    data = _client(sample_quote(1), contact_phone="+576023851892", contact_email=email)
    text = flat(pages_text(render_proposal(data, COMPANY))[0])
    assert "(602) 3851892" in text and "+576023851892" not in text
    # Too long for its box even at 7 pt: it breaks after "@" only, each part whole.
    assert email.replace("@", "@ ") in text
    assert "(601) 5550100" in text  # the company's "+57 601 555 0100"
    ar = _client(sample_quote(1), country="AR", contact_phone="+541143215678")
    assert "011 4321-5678" in flat(pages_text(render_proposal(ar, COMPANY))[0])


@pytest.mark.parametrize("lines", [40, 500])
def test_notes_and_signatures_stay_with_the_totals(lines: int) -> None:
    _data, pdf = rendered(lines)
    last = flat(pages_text(pdf)[-1])
    for text in ("TOTAL", "Condiciones de pago", "Notas", "Aceptada por el cliente"):
        assert text in last
    assert "continúa" not in last  # the totals follow the last lines on their page


def test_a_page_that_starts_with_the_totals_says_whose_they_are() -> None:
    data = replace(sample_quote(30), notes=". ".join(["Garantía de un año en sitio"] * 120))
    texts = [flat(t) for t in pages_text(render_proposal(data, COMPANY))]
    starts = [i for i, t in enumerate(texts) if "Valor bruto" in t]
    assert len(starts) == 1
    page = texts[starts[0]]
    assert f"Cotización {data.number} · continúa" in page
    assert "Descripción" not in page  # no line of the table on it: the totals start it
    assert sum("continúa" in t for t in texts) == 1


@pytest.mark.parametrize(
    "email",
    [
        "ana@andina.co",
        "sandra.parra@tecnologiaaltamira.com",
        "direccion.compras.regionales@ferreteria-nandu-suministros.com.co",
        "una.direccion.de.correo.muy.larga.sin.arroba.que.no.cabe.en.la.caja.del.cliente",
    ],
)
def test_an_email_never_overflows_its_box(email: str) -> None:
    """Issue 13: a long e-mail printed past the client box's right edge."""
    from reportlab.platypus import Paragraph

    from crm_desktop.documents.proposal import WIDTH
    from crm_desktop.documents.styles import fitting, styles

    room = WIDTH / 2 - 3 * mm - 26 * mm - 12  # proposal._facts: the value column's room
    cell = fitting(email, styles()["value"], room)
    assert isinstance(cell, Paragraph)
    assert cell.minWidth() <= room  # its widest unbreakable piece fits
    words = cell.getPlainText().replace("\n", " ").split()
    assert "".join(words) == email and all(len(w) > 1 for w in words)  # whole, or split at @
    if len(email) < 40:
        assert cell.style.fontSize >= 7.5 and len(words) == 1
