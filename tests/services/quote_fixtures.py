"""A small catalog and a quote with lines, shared by the quote, PDF, mail and builder tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal as D

from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of, today
from crm_desktop.models import PriceList, PriceListItem, Product
from crm_desktop.services.accounts.accounts import add_contact
from crm_desktop.services.core import crud
from crm_desktop.services.quotes.quotes import add_line, create_quote
from tests.factories import make_account, make_user

# code, name, unit, tax category, is licence, general price (COP)
PRODUCTS = [
    ("LIC-ERP", "Licencia ERP Andina — módulo contable", "licencia", "iva19", True, "1250000"),
    ("SRV-IMP", "Implementación y capacitación en sitio", "hora", "iva19", False, "180000"),
    ("HW-LEC", "Lector de código de barras inalámbrico", "unidad", "iva5", False, "420000"),
    ("CUR-VIR", "Curso virtual de facturación electrónica", "unidad", "exempt", False, "95000"),
    ("SEG-PL", "Póliza de soporte extendido", "unidad", "excluded", False, "300000"),
]


@dataclass(frozen=True)
class Catalog:
    products: dict[str, str]  # code -> id
    general: str  # price list ids
    dealers: str
    usd: str


def make_catalog(session: Session) -> Catalog:
    lists = {}
    for key, name, currency, default in (
        ("general", "Lista general", "COP", True),
        ("dealers", "Lista distribuidores", "COP", False),
        ("usd", "Lista USD", "USD", True),
    ):
        row = crud.create(
            session,
            PriceList,
            {"name": name, "currency": currency, "is_default": default},
        )
        lists[key] = row.id
    products = {}
    for code, name, unit, tax, licence, price in PRODUCTS:
        product = crud.create(
            session,
            Product,
            {"code": code, "name": name, "unit": unit, "tax_category": tax, "is_license": licence},
        )
        products[code] = product.id
        for key, factor in (("general", D(1)), ("dealers", D("0.85"))):
            crud.create(
                session,
                PriceListItem,
                {
                    "price_list_id": lists[key],
                    "product_id": product.id,
                    "unit_price": (D(price) * factor).quantize(D(1)),
                },
            )
    crud.create(
        session,
        PriceListItem,
        {"price_list_id": lists["usd"], "product_id": products["LIC-ERP"], "unit_price": D("305")},
    )
    return Catalog(products, lists["general"], lists["dealers"], lists["usd"])


def make_quote(session: Session, catalog: Catalog, lines: int = 3, **header: object) -> str:
    """A draft quote for a fresh account with a primary contact; returns its id."""
    user = make_user(session, username=f"rep{lines}{len(header)}")
    account = make_account(
        session,
        owner_id=user.id,
        tax_id=None,
        kind="natural_person",
        tax_id_kind="cc",
        legal_name="Ferretería El Tornillo Feliz Ñ",
    )
    add_contact(
        session,
        account.id,
        {"first_name": "Óscar", "last_name": "Muñoz", "email": "oscar@tornillo.co"},
    )
    quote = create_quote(
        session,
        account.id,
        owner_id=user.id,
        issued_on=today(clock_of(session)) - timedelta(days=3),  # valid for 27 more days
        payment_terms="30 días fecha de factura",
        delivery_terms="Entrega en 15 días hábiles",
        **header,  # type: ignore[arg-type]
    )
    codes = list(catalog.products)
    for i in range(lines):
        if i % 10 == 0:
            add_line(session, quote.id, {"kind": "section", "description": f"Grupo {i // 10 + 1}"})
        code = codes[i % len(codes)]
        add_line(
            session,
            quote.id,
            {
                "product_id": catalog.products[code],
                "quantity": D(i % 4 + 1),
                "discount_pct": D(5) if i % 3 == 0 else D(0),
                "description": f"{PRODUCTS[i % len(PRODUCTS)][1]} — línea {i + 1}, con una "
                "descripción larga que ocupa varias líneas en la tabla del PDF para probar "
                "que el texto se ajusta bien dentro de la celda."
                if i % 7 == 3
                else None,
            },
        )
    return quote.id
