"""The PDF proposal of a quote (ReportLab Platypus), in the quote's language and currency.

Deterministic: the same quote gives the same bytes apart from the creation date (invariant mode
fixes the document id and the font subset names; only /CreationDate and /ModDate carry the time).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from crm_desktop.documents import styles as st
from crm_desktop.documents.lines_table import lines_table
from crm_desktop.files import write_atomically
from crm_desktop.i18n import N_, gettext
from crm_desktop.services.core.formats import formats
from crm_desktop.services.quotes.pricing import TaxGroup, Totals
from crm_desktop.services.quotes.quote_types import AcceptanceData, QuoteData
from crm_desktop.services.quotes.taxes import BY_CODE

PAGE = LETTER  # Colombian commercial documents are printed on letter ("carta") paper
MARGIN = 15 * mm
FRAME_PADDING = 6  # SimpleDocTemplate's frame pads each side by 6 pt
WIDTH = PAGE[0] - 2 * MARGIN - 2 * FRAME_PADDING


@dataclass(frozen=True)
class Company:
    name: str
    tax_id: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    logo_path: Path | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> Company:
        """The company block from crm_desktop.settings (company.* options)."""
        logo = str(settings.get("company.logo_path") or "")
        return cls(
            name=settings.get("company.name"),
            tax_id=settings.get("company.tax_id"),
            address=settings.get("company.address"),
            phone=settings.get("company.phone"),
            email=settings.get("company.email"),
            website=settings.get("company.website"),
            logo_path=Path(logo) if logo else None,
        )


def proposal_filename(data: QuoteData) -> str:
    word = gettext(N_("Quote"), data.language)
    return f"{word}-{data.number}-r{data.revision}.pdf"


class _Writer:
    """Builds the story of one proposal; self.t translates into the quote's language."""

    def __init__(
        self, data: QuoteData, company: Company, accepted: AcceptanceData | None = None
    ) -> None:
        self.data, self.company, self.lang = data, company, data.language
        self.accepted = accepted  # a signed acceptance prints its signature and the hash
        self.continued_pages: set[int] = set()  # pages that start with the totals
        # The client's language and country: "$ 39.147.410" for Colombia and Argentina alike.
        self.fmt = formats(data.language, data.client.country)
        self.totals: Totals = data.totals()
        self.places = self.totals.places
        self.s = st.styles()

    def t(self, message: str, **params: Any) -> str:
        return gettext(message, self.lang, **params)

    def money(self, value: Decimal) -> str:
        return self.fmt.money(value, self.data.currency, self.places)

    def story(self) -> list[Flowable]:
        return [
            self.letterhead(),
            Spacer(1, 4 * mm),
            self.title(),
            Spacer(1, 3 * mm),
            self.parties(),
            Spacer(1, 5 * mm),
            lines_table(self, WIDTH),
            Spacer(1, 3 * mm),
            # Totals, notes and signatures stay together when they fit on one page; a page
            # they start says whose totals they are (TotalsStart).
            KeepTogether(
                _unwrapped(
                    [
                        TotalsStart(self.continued_pages),
                        self.totals_block(),
                        *self.terms(),
                        Spacer(1, 8 * mm),
                        self.signatures(),
                        *self.sealed(),
                    ]
                )
            ),
        ]

    # -- top of the first page -------------------------------------------------------------
    def letterhead(self) -> Flowable:
        c, s = self.company, self.s
        logo_file = c.logo_path if c.logo_path and c.logo_path.is_file() else st.SAMPLE_LOGO
        logo = Image(str(logo_file), width=60 * mm, height=15 * mm, kind="proportional")
        logo.hAlign = "LEFT"
        lines = [Paragraph(st.esc(c.name), s["company"])]
        facts = [
            self.t(N_("NIT {tax_id}"), tax_id=c.tax_id) if c.tax_id else "",
            c.address,
            st.national_phone(c.phone, "CO"),  # the company is Colombian (company.* settings)
            c.email,
            c.website,
        ]
        lines += [Paragraph(st.esc(f), s["company_data"]) for f in facts if f]
        table = Table([[logo, lines]], colWidths=[WIDTH * 0.45, WIDTH * 0.55])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), *_no_padding()]))
        return table

    def title(self) -> Flowable:
        d, s = self.data, self.s
        number = self.t(
            N_("No. {number} · Revision {revision}"), number=d.number, revision=d.revision
        )
        number = st.esc(number)
        if self.accepted is not None:  # on a line of its own, in the accent colour
            stamp = st.esc(self.t(N_("Accepted and signed")))
            number = f'{number}<br/><font color="#{st.ACCENT.hexval()[2:]}">{stamp}</font>'
        table = Table(
            [
                [
                    Paragraph(self.t(N_("QUOTATION")), s["title"]),
                    Paragraph(number, s["company"]),
                ]
            ],
            colWidths=[WIDTH * 0.5, WIDTH * 0.5],
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LINEBELOW", (0, 0), (-1, 0), 1.2, st.ACCENT),
                    *_no_padding(),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return table

    def parties(self) -> Flowable:
        d, c = self.data, self.data.client
        client = [
            (N_("Client"), c.legal_name),
            (N_("Tax id"), st.tax_id(c.tax_id_kind, c.tax_id)),
            (N_("Contact"), c.contact_name),
            (N_("E-mail"), c.contact_email),
            (N_("Phone"), st.national_phone(c.contact_phone, c.country)),
            (N_("Address"), ", ".join(x for x in (c.address, c.city) if x)),
        ]
        quote = [
            (N_("Date"), self.fmt.long_day(d.issued_on)),
            (N_("Valid until"), self.fmt.long_day(d.valid_until)),
            (N_("Currency"), d.currency),
            (N_("Sales rep"), d.owner_name),
        ]
        if d.currency != "COP":
            rate = self.fmt.money(d.exchange_rate, "COP", 2)
            symbol = self.fmt.symbol(d.currency)
            per = self.t(N_("{rate} per {symbol} 1"), rate=rate, symbol=symbol)
            quote.insert(3, (N_("Exchange rate"), per))
        half = WIDTH / 2 - 3 * mm
        table = Table(
            [[self._facts(client, half), self._facts(quote, half)]],
            colWidths=[WIDTH / 2, WIDTH / 2],
        )
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), *_no_padding()]))
        return table

    def _facts(self, pairs: list[tuple[str, str | None]], width: float) -> Table:
        room = width - 26 * mm - 12  # the value's column less its cell padding (6 pt a side)
        rows = [
            [Paragraph(self.t(label), self.s["label"]), self._value(label, value, room)]
            for label, value in pairs
            if value
        ]
        table = Table(rows, colWidths=[26 * mm, width - 26 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONT", (0, 0), (-1, -1), st.FONT, 8.5),
                    ("BACKGROUND", (0, 0), (-1, -1), st.BAND),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return table

    def _value(self, label: str, value: str, room: float) -> Paragraph:
        if label == N_("E-mail"):  # one unbreakable word: it must fit its box whole
            return st.fitting(value, self.s["value"], room)
        return Paragraph(st.esc(value), self.s["value"])

    # -- after the lines -------------------------------------------------------------------
    def totals_block(self) -> Flowable:
        t = self.totals
        rows: list[tuple[str, Decimal, bool]] = [(self.t(N_("Gross amount")), t.gross, False)]
        if t.line_discounts:
            rows.append((self.t(N_("Line discounts")), -t.line_discounts, False))
        rows.append((self.t(N_("Subtotal")), t.subtotal, True))
        if t.global_discount:
            pct = self.fmt.percent(t.global_discount_pct)
            rows.append((self.t(N_("Global discount ({pct})"), pct=pct), -t.global_discount, False))
        for group in t.taxes:
            rows.extend(self._tax_rows(group))
        rows.append((self.t(N_("TOTAL")), t.grand_total, True))
        table = Table(
            [[label, self.money(amount)] for label, amount, _ in rows],
            colWidths=[62 * mm, 38 * mm],
            hAlign="RIGHT",
        )
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), st.FONT, 8.5),
            ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("LINEABOVE", (0, -1), (-1, -1), 1, st.ACCENT),
            ("FONT", (0, -1), (-1, -1), st.BOLD, 10.5),
            ("TEXTCOLOR", (0, -1), (-1, -1), st.ACCENT),
        ]
        commands += [
            ("FONT", (0, i), (-1, i), st.BOLD, 8.5) for i, r in enumerate(rows[:-1]) if r[2]
        ]
        table.setStyle(TableStyle(commands))
        parts: list[Flowable] = [table]
        if t.optional_total:
            note = self.t(N_("Optional items are not included in the total: {amount}."),
                          amount=self.money(t.optional_total))  # fmt: skip
            parts += [Spacer(1, 2 * mm), Paragraph(st.esc(note), self.s["small"])]
        if any(a.with_tax is not None and a.counted for a in t.lines.values()):
            note = self.t(N_("Lines marked “incl.” show their price and amount with the tax "
                             "included, as listed; the subtotal and the taxable bases are "
                             "without it, and the tax is added back below."))  # fmt: skip
            parts += [Spacer(1, 2 * mm), Paragraph(st.esc(note), self.s["small"])]
        return KeepTogether(parts)

    def _tax_rows(self, group: TaxGroup) -> list[tuple[str, Decimal, bool]]:
        if group.category == "exempt":
            return [(self.t(N_("Exempt from IVA (0 %)")), group.base, False)]
        if group.category == "excluded":
            return [(self.t(N_("Excluded from IVA")), group.base, False)]
        name = self._tax_name(group)
        return [
            (self.t(N_("Taxable base {tax}"), tax=name), group.base, False),
            (name, group.tax, False),
        ]

    def _tax_name(self, group: TaxGroup) -> str:
        """The tax's name in the quote's language; a rate frozen on old lines shows itself."""
        seeded = BY_CODE.get(group.category)
        if seeded is not None and seeded.rate == group.rate:
            name = seeded.name_es if self.lang == "es" else seeded.name_en
            return name
        kind = "IVA" if self.lang == "es" else "VAT"
        if seeded is not None and seeded.kind == "consumption":
            kind = "INC" if self.lang == "es" else "Consumption tax"
        return f"{kind} {self.fmt.percent(group.rate * 100)}"

    def terms(self) -> list[Flowable]:
        d, s = self.data, self.s
        parts: list[Flowable] = []
        for title, text in (
            (N_("Payment terms"), d.payment_terms),
            (N_("Delivery terms"), d.delivery_terms),
            (N_("Notes"), d.notes),
        ):
            if text:
                parts.append(KeepTogether([Paragraph(self.t(title), s["heading"]),
                                           Paragraph(st.esc(text), s["body"])]))  # fmt: skip
        validity = self.t(
            N_("This quotation is valid until {date}. Prices in {currency}."),
            date=self.fmt.long_day(d.valid_until),
            currency=d.currency,
        )
        parts.append(Paragraph(st.esc(validity), s["heading"]))
        return parts

    def sealed(self) -> list[Flowable]:
        if self.accepted is None:
            return []
        from crm_desktop.documents.accepted import seal

        return [Spacer(1, 4 * mm), seal(self, self.accepted)]

    def signatures(self) -> Flowable:
        if self.accepted is not None:
            return self.signed_signatures(self.accepted)
        s = self.s
        rows = [
            [
                Paragraph(
                    self.t(N_("For {company}"), company=st.esc(self.company.name)), s["body"]
                ),
                "",
                Paragraph(self.t(N_("Accepted by the client")), s["body"]),
            ],
            ["", "", ""],
            [
                Paragraph(st.esc(self.data.owner_name or ""), s["body"]),
                "",
                Paragraph(self.t(N_("Name, signature and stamp")), s["body"]),
            ],
            [
                Paragraph(self.t(N_("Sales rep")), s["small"]),
                "",
                Paragraph(self.t(N_("Date")), s["small"]),
            ],
        ]
        table = Table(
            rows,
            colWidths=[WIDTH * 0.42, WIDTH * 0.16, WIDTH * 0.42],
            rowHeights=[None, 16 * mm, None, None],
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEABOVE", (0, 2), (0, 2), 0.6, st.INK),
                    ("LINEABOVE", (2, 2), (2, 2), 0.6, st.INK),
                    *_no_padding(),
                    ("TOPPADDING", (0, 2), (-1, 2), 3),
                ]
            )
        )
        return KeepTogether([table])

    def signed_signatures(self, accepted: AcceptanceData) -> Flowable:
        from crm_desktop.documents.accepted import signed_rows

        table = Table(signed_rows(self, accepted),
                      colWidths=[WIDTH * 0.36, WIDTH * 0.08, WIDTH * 0.56])  # fmt: skip
        table.setStyle(_signature_style())
        return KeepTogether([table])


def _signature_style() -> TableStyle:
    """Lines to sign on above the names (row 2); the signature row left to its content."""
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
            ("LINEABOVE", (0, 2), (0, 2), 0.6, st.INK),
            ("LINEABOVE", (2, 2), (2, 2), 0.6, st.INK),
            *_no_padding(),
            ("TOPPADDING", (0, 2), (-1, 2), 3),
        ]
    )


def _unwrapped(flowables: list[Flowable]) -> list[Flowable]:
    """The content of nested KeepTogethers: one inside another measures as infinitely tall
    (ReportLab), so the outer one would always start a new page."""
    found: list[Flowable] = []
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            found.extend(_unwrapped(list(flowable._content)))
        else:
            found.append(flowable)
    return found


class TotalsStart(Flowable):  # type: ignore[misc]
    """Takes no room; notes the page number when the totals start at the top of a page."""

    def __init__(self, pages: set[int]) -> None:
        super().__init__()
        self.pages = pages

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._atTop and self.canv.getPageNumber() > 1:
            self.pages.add(self.canv.getPageNumber())


def _no_padding() -> list[tuple[Any, ...]]:
    """No cell padding, and the embedded font for any plain-text cell (Table's default is
    Helvetica, which would be referenced and never embedded)."""
    return [("FONT", (0, 0), (-1, -1), st.FONT, 8.5)] + [
        (side, (0, 0), (-1, -1), 0)
        for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
    ]


def _numbered_canvas(
    footer: str, page_label: Callable[[int, int], str], continued: Callable[[int], str]
) -> type[Canvas]:
    """A canvas that holds its pages until the end, so each can say "Page X of Y"."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = st.FONT  # else Helvetica, referenced, never embedded
            super().__init__(*args, **kwargs)
            # The id stays invariant; only the creation date says when it was made.
            self._doc._timeStamp = TimeStamp(invariant=0)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                self._footer(number, count)
                super().showPage()
            super().save()

        def _footer(self, number: int, count: int) -> None:
            self.saveState()
            self.setFont(st.FONT, 7.5)
            self.setFillColor(st.MUTED)
            self.setStrokeColor(st.RULE)
            self.line(MARGIN, 12 * mm, PAGE[0] - MARGIN, 12 * mm)
            self.drawString(MARGIN, 8 * mm, footer)
            self.drawRightString(PAGE[0] - MARGIN, 8 * mm, page_label(number, count))
            banner = continued(number)
            if banner:
                self.setFont(st.BOLD, 8.5)
                self.setFillColor(st.ACCENT)
                self.drawString(MARGIN, PAGE[1] - MARGIN + 4 * mm, banner)
            self.restoreState()

    return NumberedCanvas


def render_proposal(
    data: QuoteData, company: Company, accepted: AcceptanceData | None = None
) -> bytes:
    """The proposal of data as PDF bytes; with `accepted`, the accepted and signed proposal."""
    st.register_fonts()
    writer = _Writer(data, company, accepted)
    buffer = io.BytesIO()
    title = f"{writer.t(N_('Quote'))} {data.number} r{data.revision}"
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=title,
        author=company.name,
        subject=data.client.legal_name,
        creator="crm-desktop",
        invariant=1,
        lang="es-CO" if data.language == "es" else "en",
    )
    footer = f"{company.name} · {title}"

    def page_label(number: int, count: int) -> str:
        return writer.t(N_("Page {page} of {pages}"), page=number, pages=count)

    def continued(number: int) -> str:
        if number not in writer.continued_pages:
            return ""
        return writer.t(N_("Quote {number} · continued"), number=data.number)

    doc.build(writer.story(), canvasmaker=_numbered_canvas(footer, page_label, continued))
    return buffer.getvalue()


def write_proposal(data: QuoteData, company: Company, path: Path) -> Path:
    """Render and write atomically: a half-written proposal is never left behind."""
    return write_atomically(path, render_proposal(data, company))
