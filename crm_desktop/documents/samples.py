"""Made-up quotes for the benchmarks, the docs' sample page and the tests (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from crm_desktop.services.quotes.quote_data import ClientData, LineData, QuoteData

# name, unit, tax category, price in COP
CATALOG = (
    ("Licencia ERP Andina — módulo contable y de nómina electrónica", "licencia", "iva19",
     "1250000"),
    ("Implementación y capacitación en sitio", "hora", "iva19", "180000"),
    ("Lector de código de barras inalámbrico", "unidad", "iva5", "420000"),
    ("Curso virtual de facturación electrónica DIAN", "unidad", "exempt", "95000"),
    ("Póliza de soporte extendido 24×7", "año", "excluded", "300000"),
    ("Impresora térmica de tiquetes", "unidad", "iva19", "689900"),
)  # fmt: skip
LONG = (
    ". Incluye instalación, configuración inicial, migración de saldos desde el sistema "
    "anterior y acompañamiento durante el primer cierre contable del año."
)


def sample_lines(count: int, currency: str = "COP") -> tuple[LineData, ...]:
    """count item lines in sections of 12, with discounts, overrides, optionals and long text."""
    lines: list[LineData] = []
    for i in range(count):
        if i % 12 == 0:
            title = f"Grupo {i // 12 + 1}: " + (
                "Licencias y servicios" if i % 24 == 0 else "Equipos"
            )
            lines.append(LineData(id=f"s{i}", key=f"s{i}", kind="section", description=title))
        name, unit, tax, cop = CATALOG[i % len(CATALOG)]
        price = (
            Decimal(cop) if currency == "COP" else (Decimal(cop) / 4100).quantize(Decimal("0.01"))
        )
        overridden = i % 9 == 4
        lines.append(
            LineData(
                id=f"l{i}",
                key=f"l{i}",
                product_id=f"p{i % len(CATALOG)}",
                description=name + (LONG if i % 5 == 1 else ""),
                quantity=Decimal(i % 7 + 1) if i % 8 else Decimal("2.5"),
                unit=unit,
                unit_price=price * Decimal("0.9") if overridden else price,
                list_price=price,
                price_override_reason="Precio especial aprobado por gerencia"
                if overridden
                else None,
                discount_pct=Decimal(5 * (i % 3)) if i % 4 else Decimal(0),
                discount_amount=Decimal(0) if i % 4 else Decimal(i % 3) * price / 20,
                tax_category=tax,
                optional=i % 17 == 16,
            )
        )
    return tuple(lines)


def sample_quote(lines: int = 40, language: str = "es", currency: str = "COP") -> QuoteData:
    return QuoteData(
        id="sample",
        number="JP-7F3A-000042",
        revision=2,
        status="draft",
        account_id="a1",
        contact_id="c1",
        opportunity_id=None,
        owner_id="u1",
        owner_name="Juana Pérez",
        currency=currency,
        exchange_rate=Decimal(1) if currency == "COP" else Decimal(4100),
        language=language,
        issued_on=date(2026, 11, 2),
        valid_until=date(2026, 12, 2),
        payment_terms="30 días fecha de factura. Anticipo del 50 % para equipos.",
        delivery_terms="Entrega e instalación en 15 días hábiles en Bogotá; otras ciudades, 20.",
        notes="Precios sujetos a disponibilidad de inventario. Incluye garantía de un año.",
        global_discount_pct=Decimal(5),
        total=Decimal(0),
        rejection_reason=None,
        sent_at=None,
        client=ClientData(
            legal_name="Ferretería y Suministros Ñandú S.A.S.",
            tax_id_kind="nit",
            tax_id="9001234568",
            address="Calle 72 # 10-34, oficina 501",
            city="Medellín",
            contact_name="Óscar Muñoz Peña",
            contact_email="compras@nandu.com.co",
            contact_phone="+57 604 3456789",
        ),
        lines=sample_lines(lines, currency),
    )
