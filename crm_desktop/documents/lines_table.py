"""The proposal's lines table: header repeated on every page, wrapped descriptions, sections
that never sit alone at the bottom of a page, and a subtotal per section."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from crm_desktop.documents import styles as st
from crm_desktop.i18n import N_
from crm_desktop.services.core.formats import Formats
from crm_desktop.services.quotes.pricing import Totals
from crm_desktop.services.quotes.quote_types import LineData, QuoteData

TAX_LABELS = {"exempt": N_("Exempt"), "excluded": N_("Excl.")}  # others: their rate
# Rows a section header keeps with it on its page: itself and the first two of its lines.
KEEP_WITH_SECTION = 2


class Writer(Protocol):
    data: QuoteData
    totals: Totals
    places: int
    lang: str
    fmt: Formats
    s: dict[str, Any]

    def t(self, message: str, **params: Any) -> str: ...
    def money(self, value: Decimal) -> str: ...


def _columns(width: float) -> list[float]:
    fixed = [8 * mm, 24 * mm, 26 * mm, 17 * mm, 13 * mm, 28 * mm]
    return [fixed[0], width - sum(fixed), *fixed[1:]]


def _header(w: Writer) -> list[str]:
    return [
        "#",
        w.t(N_("Description")),
        w.t(N_("Quantity")),
        w.t(N_("Unit price")),
        w.t(N_("Discount")),
        w.t(N_("IVA")),
        w.t(N_("Amount")),
    ]


def _description(w: Writer, line: LineData) -> list[Paragraph]:
    text = st.esc(line.description)
    if line.optional:
        text = f"<i>{w.t(N_('Optional'))}:</i> {text}"
    parts = [Paragraph(text, w.s["cell"])]
    if line.overridden and line.list_price is not None:
        note = w.t(
            N_("List price {price}; changed: {reason}"),
            price=w.fmt.unit_price(line.list_price, w.places),
            reason=line.price_override_reason or "",
        )
        parts.append(Paragraph(st.esc(note), w.s["cell_note"]))
    return parts


def _discount(w: Writer, line: LineData) -> str:
    if line.discount_pct:
        return w.fmt.percent(line.discount_pct)
    amounts = w.totals.lines[line.key or line.id]
    return w.fmt.number(amounts.shown_discount, w.places) if amounts.shown_discount else ""


def _tax_label(w: Writer, line: LineData) -> str:
    """ "Exempt", "Excl." or the rate frozen on the line ("19 %", "10,5 %"); "incl." when the
    price holds the tax."""
    if line.tax_category in TAX_LABELS:
        return w.t(TAX_LABELS[line.tax_category])
    amounts = w.totals.lines[line.key or line.id]
    rates = [rate for _code, rate in line.to_input().taxes()]
    label = " + ".join(w.fmt.percent(rate * 100) for rate in rates)  # "19 % + 8 %"
    return f"{label} {w.t(N_('incl.'))}" if amounts.with_tax is not None else label


def _item_row(w: Writer, line: LineData, number: int) -> list[Any]:
    amounts = w.totals.lines[line.key or line.id]
    qty = w.fmt.quantity(line.quantity)
    return [
        str(number),
        _description(w, line),
        f"{qty} {line.unit}" if line.unit else qty,
        w.fmt.unit_price(line.unit_price, w.places),
        _discount(w, line),
        _tax_label(w, line),
        w.fmt.number(amounts.shown, w.places),  # tax included on an "IVA incluido" line
    ]


def lines_table(w: Writer, width: float) -> Table:
    rows: list[list[Any]] = [_header(w)]
    commands: list[tuple[Any, ...]] = _base_style()
    sections = {s.key: s for s in w.totals.sections if s.key is not None}
    current: str | None = None
    number = 0

    def close_section() -> None:
        if current is not None and current in sections:
            title = w.t(N_("Subtotal {section}"), section=sections[current].title)
            amount = w.fmt.number(sections[current].subtotal, w.places)
            rows.append(["", title, "", "", "", "", amount])
            commands.extend(_subtotal_style(len(rows) - 1))

    for line in w.data.lines:
        r = len(rows)
        if line.kind == "section":
            close_section()
            r, current = len(rows), line.key or line.id
            rows.append(
                ["", Paragraph(st.esc(line.description), w.s["section"]), "", "", "", "", ""]
            )
            commands += [("SPAN", (1, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), st.BAND),
                         ("NOSPLIT", (0, r), (-1, r + KEEP_WITH_SECTION))]  # fmt: skip
        elif line.kind == "text":
            rows.append(
                ["", Paragraph(st.esc(line.description), w.s["cell_note"]), "", "", "", "", ""]
            )
            commands.append(("SPAN", (1, r), (-1, r)))
        else:
            number += 1
            rows.append(_item_row(w, line, number))
            if line.optional:
                commands.append(("TEXTCOLOR", (0, r), (-1, r), st.MUTED))
    close_section()
    last = len(rows) - 1
    commands = [_clip(c, last) for c in commands]
    table = Table(rows, colWidths=_columns(width), repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _clip(command: tuple[Any, ...], last: int) -> tuple[Any, ...]:
    """A NOSPLIT range that runs past the last row ends at it."""
    if command[0] == "NOSPLIT" and command[2][1] > last:
        return (command[0], command[1], (command[2][0], last))
    return command


def _base_style() -> list[tuple[Any, ...]]:
    return [
        ("FONT", (0, 0), (-1, -1), st.FONT, 8),
        ("FONT", (0, 0), (-1, 0), st.BOLD, 7.5),
        ("TEXTCOLOR", (0, 0), (-1, 0), st.BAND),
        ("BACKGROUND", (0, 0), (-1, 0), st.ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
        ("ALIGN", (5, 0), (5, -1), "CENTER"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, st.RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]


def _subtotal_style(r: int) -> list[tuple[Any, ...]]:
    return [
        ("SPAN", (1, r), (-2, r)),
        ("FONT", (0, r), (-1, r), st.BOLD, 8),
        ("ALIGN", (1, r), (-1, r), "RIGHT"),
        ("LINEABOVE", (1, r), (-1, r), 0.6, st.INK),
        ("NOSPLIT", (0, r - 1), (-1, r)),  # a subtotal never starts a page alone
    ]
