"""Quotes: create one for an account, edit its header and lines while it is a draft, save it.

Every write goes through services.crud, so each is validated whole and captured in the outbox.
A quote that was sent is frozen: changing it takes a new revision (services.quote_status).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of, today
from crm_desktop.i18n import N_
from crm_desktop.models import (
    Account,
    Contact,
    PriceList,
    PriceListItem,
    Product,
    Quote,
    QuoteLine,
    Tax,
    User,
)
from crm_desktop.models.enums import QuoteLineKind, QuoteStatus
from crm_desktop.models.local import OutboxOp
from crm_desktop.services.core import crud
from crm_desktop.services.core.collation import contains
from crm_desktop.services.core.device import next_quote_number
from crm_desktop.services.core.errors import FieldProblem, NotAllowed, ValidationError
from crm_desktop.services.core.rules import MAX_AMOUNT, validate_row
from crm_desktop.services.quotes.costs import freeze_cost
from crm_desktop.services.quotes.pricing import LineInput, line_amounts, pricing_places, round_money
from crm_desktop.services.quotes.quote_data import LineData, live_lines, load_quote
from crm_desktop.services.quotes.sealed import refuse_if_signed
from crm_desktop.services.quotes.taxes import BY_CODE, SEEDED, TaxInfo, UnknownTax, encode_extra

POSITION_STEP = 1024  # gaps between positions, so moving a line rewrites one row, not all
HEADER_FIELDS = frozenset(
    {
        "contact_id",
        "opportunity_id",
        "language",
        "issued_on",
        "valid_until",
        "payment_terms",
        "delivery_terms",
        "notes",
        "global_discount_pct",
    }
)
LINE_FIELDS = frozenset(
    {
        "kind",
        "product_id",
        "description",
        "quantity",
        "unit",
        "unit_price",
        "list_price",
        "price_override_reason",
        "discount_pct",
        "discount_amount",
        "tax_category",
        "tax_rate",
        "extra_taxes",
        "optional",
    }
)


@dataclass(frozen=True)
class ProductHit:
    id: str
    code: str
    name: str
    unit: str
    tax_category: str
    list_price: Decimal | None


def _problem(name: str, code: str, message: str, **params: Any) -> ValidationError:
    return ValidationError([FieldProblem(name, code, message, params)])


def _editable(session: Session, quote_id: str) -> Quote:
    quote = crud.get_live(session, Quote, quote_id)
    if quote.status != QuoteStatus.DRAFT:
        refuse_if_signed(session, quote)
        raise NotAllowed(
            N_("Quote {number} was sent and is frozen: make a new revision to change it."),
            number=quote.number,
        )
    return quote


# -- creating ------------------------------------------------------------------------------
def default_currency(session: Session, account_id: str) -> str:
    account = crud.get_live(session, Account, account_id)
    if account.price_list_id:
        price_list = session.get(PriceList, account.price_list_id)
        if price_list is not None:
            return price_list.currency
    return "COP"


def primary_contact_id(session: Session, account_id: str) -> str | None:
    return session.scalar(
        select(Contact.id)
        .where(Contact.account_id == account_id, Contact.deleted_at.is_(None))
        .order_by(Contact.is_primary.desc(), Contact.first_name)
        .limit(1)
    )


def create_quote(
    session: Session,
    account_id: str,
    *,
    owner_id: str | None = None,
    currency: str | None = None,
    exchange_rate: Decimal | None = None,
    validity_days: int = 30,
    **header: Any,
) -> Quote:
    """A draft quote with its number taken now, its currency and exchange rate frozen."""
    crud.get_live(session, Account, account_id)
    unknown = set(header) - HEADER_FIELDS
    if unknown:
        raise _problem(sorted(unknown)[0], "unknown_field", N_("This field cannot be set here."))
    currency = (currency or default_currency(session, account_id)).upper()
    if exchange_rate is None and currency != "COP":
        raise _problem("exchange_rate", "required", N_("This field is required."))
    owner = session.get(User, owner_id) if owner_id else None
    issued = header.pop("issued_on", None) or today(clock_of(session))
    values = {
        "account_id": account_id,
        "owner_id": owner_id,
        "status": QuoteStatus.DRAFT.value,
        "revision": 1,
        "currency": currency,
        "exchange_rate": exchange_rate if exchange_rate is not None else Decimal(1),
        "issued_on": issued,
        "valid_until": header.pop("valid_until", None) or issued + timedelta(days=validity_days),
        "contact_id": header.pop("contact_id", None) or primary_contact_id(session, account_id),
        "language": header.pop("language", None) or "es",
        "number": "-",  # validated first, numbered after: a rejected quote takes no number
    }
    validate_row("quotes", values | header)
    values["number"] = next_quote_number(session, owner.quote_prefix if owner else "")
    return crud.create(session, Quote, values | header)


def discard_empty_draft(session: Session, quote_id: str) -> bool:
    """A new quote closed before it had a line is not kept as a numbered $ 0 draft: it is
    deleted, and if it never left this laptop its outbox ops are discarded (kept as
    tombstones, as every discarded op is), so the office never sees it. True if discarded."""
    quote = session.get(Quote, quote_id)
    if quote is None or quote.deleted_at is not None or quote.status != QuoteStatus.DRAFT.value:
        return False
    has_line = session.scalar(
        select(QuoteLine.id)
        .where(QuoteLine.quote_id == quote_id, QuoteLine.deleted_at.is_(None))
        .limit(1)
    )
    if has_line is not None or quote.revision != 1:
        return False
    ops = session.scalars(
        select(OutboxOp).where(OutboxOp.table_name == "quotes", OutboxOp.row_id == quote_id)
    ).all()
    never_sent = all(op.state == "pending" for op in ops)
    crud.tombstone(session, Quote, quote_id)
    if never_sent:
        for op in session.scalars(
            select(OutboxOp).where(OutboxOp.table_name == "quotes", OutboxOp.row_id == quote_id)
        ):
            op.state = "discarded"
        session.flush()
    return True


def update_quote(session: Session, quote_id: str, changes: Mapping[str, Any]) -> Quote:
    """Change the header of a draft; number, account, currency and rate stay as created."""
    _editable(session, quote_id)
    frozen = sorted(set(changes) - HEADER_FIELDS)
    if frozen:
        raise _problem(frozen[0], "frozen", N_("This cannot change once the quote exists."))
    quote = crud.update(session, Quote, quote_id, changes)
    recompute_total(session, quote)
    return quote


def recompute_total(session: Session, quote: Quote) -> Decimal:
    """Store the quote's grand total (what lists and reports sum); a quote whose figures pass
    the documented maximum (rules.MAX_AMOUNT) is refused, saying so."""
    totals = load_quote(session, quote.id).totals()
    if max(totals.gross, totals.grand_total, totals.optional_total) > MAX_AMOUNT:
        raise _problem(
            "total", "too_large", N_("The quote's total is at most {max}."), max=MAX_AMOUNT
        )
    total = totals.grand_total
    if quote.total != total:
        quote.total = total
        session.flush()
    return total


# -- prices and the catalog -------------------------------------------------------------------
def _lists_for(session: Session, account_id: str, currency: str, on: date) -> list[str]:
    """Price lists to take a price from, best first: the account's, then the default ones."""
    account = session.get(Account, account_id)
    rows = session.execute(
        select(PriceList.id, PriceList.is_default).where(
            PriceList.currency == currency,
            PriceList.deleted_at.is_(None),
            or_(PriceList.valid_from.is_(None), PriceList.valid_from <= on),
            or_(PriceList.valid_to.is_(None), PriceList.valid_to >= on),
        )
    ).all()
    preferred = account.price_list_id if account else None
    return [r.id for r in sorted(rows, key=lambda r: (r.id != preferred, not r.is_default))]


def _prices_in(
    session: Session, account_id: str, currency: str, on: date, product_ids: Sequence[str]
) -> dict[str, Decimal]:
    rank = {list_id: i for i, list_id in enumerate(_lists_for(session, account_id, currency, on))}
    items = session.execute(
        select(
            PriceListItem.product_id, PriceListItem.price_list_id, PriceListItem.unit_price
        ).where(PriceListItem.product_id.in_(product_ids), PriceListItem.deleted_at.is_(None))
    ).all()
    found: dict[str, Decimal] = {}
    for item in sorted(items, key=lambda i: rank.get(i.price_list_id, len(rank))):
        if item.price_list_id in rank:
            found.setdefault(item.product_id, item.unit_price)
    return found


def list_prices(session: Session, quote: Quote, product_ids: Sequence[str]) -> dict[str, Decimal]:
    """Each product's price for this quote: its account's list in the quote's currency, else a
    default list; failing both, the COP list converted at the quote's frozen rate."""
    found = _prices_in(session, quote.account_id, quote.currency, quote.issued_on, product_ids)
    missing = [p for p in product_ids if p not in found]
    if missing and quote.currency != "COP" and quote.exchange_rate:
        places = pricing_places(quote.currency)
        cop = _prices_in(session, quote.account_id, "COP", quote.issued_on, missing)
        for product_id, price in cop.items():
            found[product_id] = round_money(price / quote.exchange_rate, places)
    return found


def search_products(
    session: Session, quote_id: str, text: str, limit: int = 20
) -> list[ProductHit]:
    """Active catalog products whose code or name contains text, accents and case aside
    ("capacitacion" finds "Capacitación"), with this quote's price."""
    quote = crud.get_live(session, Quote, quote_id)
    products = list(
        session.scalars(
            select(Product)
            .where(
                Product.active.is_(True),
                Product.deleted_at.is_(None),
                or_(contains(Product.code, text), contains(Product.name, text)),
            )
            .order_by(Product.name)
            .limit(limit)
        )
    )
    prices = list_prices(session, quote, [p.id for p in products])
    return [
        ProductHit(p.id, p.code, p.name, p.unit, p.tax_category, prices.get(p.id)) for p in products
    ]


# -- lines --------------------------------------------------------------------------------
def _line_values(session: Session, quote: Quote, values: Mapping[str, Any]) -> dict[str, Any]:
    """A line's values with what its catalog product implies filled in."""
    data = dict(values)
    unknown = sorted(set(data) - LINE_FIELDS)
    if unknown:
        raise _problem(unknown[0], "unknown_field", N_("This field cannot be set here."))
    product_id = data.get("product_id")
    if not product_id or data.get("kind", "item") != QuoteLineKind.ITEM:
        return data
    return _from_product(session, quote, product_id, data)


def _from_product(
    session: Session, quote: Quote, product_id: str, data: dict[str, Any]
) -> dict[str, Any]:
    product = session.get(Product, product_id)
    if product is None or product.deleted_at is not None:
        raise _problem("product_id", "unknown_product", N_("Unknown product."))
    for name, implied in (
        ("description", product.name),
        ("unit", product.unit),
        ("tax_category", product.tax_category),
    ):
        if not data.get(name):
            data[name] = implied
    if "list_price" not in data:
        data["list_price"] = list_prices(session, quote, [product.id]).get(product.id)
    if data.get("unit_price") is None and data["list_price"] is not None:
        data["unit_price"] = data["list_price"]
    return data


def _with_discount_amount(data: dict[str, Any], currency: str) -> dict[str, Any]:
    """A percentage discount also stores its amount (gross − net, as pricing derives it), so
    sums in SQL need no arithmetic."""
    try:
        pct = Decimal(str(data.get("discount_pct") or 0))
        quantity = Decimal(str(data.get("quantity") or 0))
        price = Decimal(str(data.get("unit_price") or 0))
        if pct and pct.is_finite() and quantity.is_finite() and price.is_finite():
            line = LineInput(
                "",
                quantity=quantity,
                unit_price=price,
                discount_pct=pct,
                tax_category=str(data.get("tax_category") or "iva19"),
                tax_rate=data.get("tax_rate"),
            )
            data["discount_amount"] = line_amounts(line, pricing_places(currency)).discount
    except (ArithmeticError, UnknownTax):
        pass  # the rules say what is wrong with the number
    return data


def quotable_taxes(session: Session, on: date) -> list[TaxInfo]:
    """The taxes a line may take on a day: the taxes table's live rows valid then (an admin's
    new ones included: `crm-server taxes add`), and the seeded ones an old file's table lacks.
    Colombia's first, each country's in the seeded order, then the others by code."""
    rows = session.scalars(select(Tax).where(Tax.deleted_at.is_(None))).all()
    found = [
        TaxInfo(
            *(t.code, t.name_es, t.name_en, t.rate, t.kind, t.country),
            bool(t.price_included),
            t.valid_from,
            t.valid_to,
        )
        for t in rows
        if (t.valid_from is None or t.valid_from <= on) and (t.valid_to is None or t.valid_to >= on)
    ]
    held = {t.code for t in rows}
    found += [tax for tax in SEEDED if tax.code not in held]
    order = {tax.code: i for i, tax in enumerate(SEEDED)}
    return sorted(
        found, key=lambda t: (t.country != "CO", t.country, order.get(t.code, 99), t.code)
    )


def find_tax(session: Session, code: str, on: date) -> Tax | TaxInfo | None:
    """The tax named code on a day: the taxes table's live row valid then; a seeded one only
    when the table has no such code (an old file). A tax the table holds but that is not valid
    that day (retired, or not yet in force) is refused in words."""
    rows = session.scalars(select(Tax).where(Tax.code == code, Tax.deleted_at.is_(None))).all()
    for tax in rows:
        if (tax.valid_from is None or tax.valid_from <= on) and (
            tax.valid_to is None or tax.valid_to >= on
        ):
            return tax
    if rows:
        raise _problem("tax_category", "tax_not_valid",
                       N_("The tax “{value}” cannot be quoted on {day}."), value=code,
                       day=on.isoformat())  # fmt: skip
    return BY_CODE.get(code)


def _freeze_tax(
    session: Session, quote: Quote, data: dict[str, Any], kept: str | None = None
) -> dict[str, Any]:
    """The line's tax rate frozen from its tax, unless it keeps the tax it had (kept)."""
    if data.get("kind", "item") != QuoteLineKind.ITEM:
        return data | {"extra_taxes": None} if "extra_taxes" in data else data
    code = data.get("tax_category") or "iva19"
    data = data | {"extra_taxes": _freeze_extra(session, quote, data.get("extra_taxes"))}
    if code == kept and data.get("tax_rate") is not None:
        return data
    tax = find_tax(session, code, quote.issued_on)
    if tax is None:
        raise _problem("tax_category", "unknown_tax", N_("Unknown tax “{value}”."), value=code)
    return data | {"tax_category": code, "tax_rate": tax.rate}


def _freeze_extra(session: Session, quote: Quote, extra: Any) -> str | None:
    """The line's further taxes as stored (JSON text): a tax given without a rate gets the
    rate it has on the quote's date; text (already stored) goes to the rules as it is."""
    if extra is None or isinstance(extra, str):
        return extra or None
    frozen: list[tuple[str, Decimal]] = []
    for code, rate in extra:
        if rate is None:
            try:
                tax = find_tax(session, code, quote.issued_on)
            except ValidationError as error:
                raise _problem("extra_taxes", "tax_not_valid", error.problems[0].message,
                               **error.problems[0].params) from error  # fmt: skip
            if tax is None:
                raise _problem("extra_taxes", "unknown_tax", N_("Unknown tax “{value}”."),
                               value=code)  # fmt: skip
            rate = tax.rate
        frozen.append((code, rate))
    return encode_extra(tuple(frozen))


def add_line(
    session: Session, quote_id: str, values: Mapping[str, Any], index: int | None = None
) -> QuoteLine:
    """A new line at index (default: at the end)."""
    quote = _editable(session, quote_id)
    data = _freeze_tax(session, quote, _line_values(session, quote, values))
    data = _with_discount_amount(freeze_cost(session, quote, data, None), quote.currency)
    lines = live_lines(session, quote_id)
    index = len(lines) if index is None else max(0, min(index, len(lines)))
    position = _position_for(session, lines, index)
    line = crud.create(session, QuoteLine, data | {"quote_id": quote_id, "position": position})
    recompute_total(session, quote)
    return line


def update_line(session: Session, line_id: str, changes: Mapping[str, Any]) -> QuoteLine:
    line = crud.get_live(session, QuoteLine, line_id)
    quote = _editable(session, line.quote_id)
    before = crud.current_values(line)
    data = _line_values(session, quote, {k: before[k] for k in LINE_FIELDS} | dict(changes))
    if "discount_amount" in changes and "discount_pct" not in changes:
        data["discount_pct"] = Decimal(0)  # typing an amount replaces a percentage
    data = _freeze_tax(session, quote, data, kept=before["tax_category"])
    data = freeze_cost(session, quote, data, line)
    data = _with_discount_amount(data, quote.currency)
    line = crud.update(session, QuoteLine, line_id, data)
    recompute_total(session, quote)
    return line


def delete_line(session: Session, line_id: str) -> None:
    line = crud.get_live(session, QuoteLine, line_id)
    quote = _editable(session, line.quote_id)
    crud.tombstone(session, QuoteLine, line_id)
    recompute_total(session, quote)


def move_line(session: Session, line_id: str, index: int) -> None:
    """Move a line to index among the others; only it changes unless the gap is used up."""
    line = crud.get_live(session, QuoteLine, line_id)
    _editable(session, line.quote_id)
    others = [other for other in live_lines(session, line.quote_id) if other.id != line_id]
    index = max(0, min(index, len(others)))
    position = _position_for(session, others, index)
    crud.update(session, QuoteLine, line_id, {"position": position})


def _position_for(session: Session, lines: list[QuoteLine], index: int) -> int:
    """A position between lines[index - 1] and lines[index], renumbering if there is no room."""
    low = lines[index - 1].position if index > 0 else 0
    if index >= len(lines):
        return low + POSITION_STEP
    high = lines[index].position
    if high - low >= 2:
        return (low + high) // 2
    for i, line in enumerate(lines):
        crud.update(
            session, QuoteLine, line.id, {"position": (i + 1 + (i >= index)) * POSITION_STEP}
        )
    return (index + 1) * POSITION_STEP


def save_draft(
    session: Session, quote_id: str, header: Mapping[str, Any], lines: Sequence[LineData]
) -> Quote:
    """The builder's Save: header and every line in one go; all saved or, on a problem, none.

    A line's problems come back as fields named "lines.<index>.<field>".
    """
    quote = _editable(session, quote_id)
    if header:
        update_quote(session, quote_id, header)
    kept = {line.id for line in lines if line.id}
    for old in live_lines(session, quote_id):
        if old.id not in kept:
            crud.tombstone(session, QuoteLine, old.id)
    for index, line in enumerate(lines):
        values = {name: getattr(line, name) for name in LINE_FIELDS}
        values["position"] = (index + 1) * POSITION_STEP
        try:
            _save_line(session, quote, line, values)
        except ValidationError as error:
            raise ValidationError(
                FieldProblem(f"lines.{index}.{p.field}", p.code, p.message, p.params)
                for p in error.problems
            ) from error
    recompute_total(session, quote)
    return quote


def _save_line(session: Session, quote: Quote, line: LineData, values: dict[str, Any]) -> None:
    stored = session.get(QuoteLine, line.id) if line.id else None
    values = _freeze_tax(session, quote, values, kept=stored.tax_category if stored else None)
    values = _with_discount_amount(freeze_cost(session, quote, values, stored), quote.currency)
    if line.id:
        crud.update(session, QuoteLine, line.id, values)
    else:
        crud.create(session, QuoteLine, values | {"quote_id": quote.id})
