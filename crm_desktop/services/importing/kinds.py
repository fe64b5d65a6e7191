"""What else can be imported besides accounts: products, price lists and opportunities — their
columns with the Spanish and English headers that mean them, and the cells read into values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crm_desktop.i18n import N_
from crm_desktop.models.enums import STAGE_PROBABILITY, OpportunityStage
from crm_desktop.services.core.errors import FieldProblem
from crm_desktop.services.importing.cells_read import amount_text, date_text, flag, percent_text
from crm_desktop.services.importing.mapping import FIELDS, Fields, normalise

KINDS = ("accounts", "products", "price_lists", "opportunities")
KIND_TITLES = {
    "accounts": N_("Accounts with their contacts"),
    "products": N_("Products"),
    "price_lists": N_("Price lists (prices by product code)"),
    "opportunities": N_("Opportunities"),
}
CATALOG_KINDS = frozenset({"products", "price_lists"})  # only managers change the catalog

PRODUCT_FIELDS: Fields = {
    "code": (N_("Code"), ("codigo", "cod", "referencia", "ref", "sku", "code", "product code")),
    "name": (N_("Product name"), ("nombre", "producto", "nombre del producto", "name", "product")),
    "description": (N_("Description"), ("descripcion", "detalle", "description")),
    "unit": (N_("Unit"), ("unidad", "unidad de medida", "um", "unit")),
    "tax_category": (N_("Tax"), ("iva", "impuesto", "tarifa iva", "tax", "vat", "tax category")),
    "product_line": (N_("Product line"), ("linea", "linea de producto", "product line", "line")),
    "min_price": (N_("Minimum price"), ("precio minimo", "minimum price", "min price")),
    "active": (N_("Active"), ("activo", "vigente", "active")),
}
PRICE_LIST_FIELDS: Fields = {
    "price_list": (N_("Price list"), ("lista de precios", "lista", "price list", "list")),
    "currency": (N_("Currency"), ("moneda", "divisa", "currency")),
    "product_code": (
        N_("Product code"),
        ("codigo", "cod", "referencia", "ref", "sku", "codigo producto", "product code", "code"),
    ),
    "unit_price": (
        N_("Unit price"),
        ("precio", "precio unitario", "valor", "valor unitario", "price", "unit price"),
    ),
    "valid_from": (N_("Valid from"), ("vigente desde", "desde", "valid from", "from")),
    "valid_to": (N_("Valid to"), ("vigente hasta", "hasta", "valid to", "valid until", "to")),
}
OPPORTUNITY_FIELDS: Fields = {
    "account": (
        N_("Account"),
        ("cliente", "razon social", "empresa", "cuenta", "account", "company", "customer"),
    ),
    "tax_id": (N_("Tax id"), ("nit", "n i t", "cuit", "rut", "documento", "tax id", "vat")),
    "name": (
        N_("Opportunity"),
        ("oportunidad", "nombre de la oportunidad", "negocio", "proyecto", "opportunity", "name"),
    ),
    "stage": (N_("Stage"), ("etapa", "fase", "estado", "stage", "status")),
    "amount": (N_("Amount"), ("valor", "monto", "valor estimado", "amount", "value")),
    "currency": (N_("Currency"), ("moneda", "divisa", "currency")),
    "probability": (N_("Probability"), ("probabilidad", "probability")),
    "expected_close": (
        N_("Expected close"),
        ("fecha de cierre", "cierre", "cierre estimado", "fecha cierre", "expected close"),
    ),
    "lost_reason": (N_("Lost reason"), ("motivo de perdida", "motivo", "lost reason")),
}
KIND_FIELDS: dict[str, Fields] = {
    "accounts": FIELDS,
    "products": PRODUCT_FIELDS,
    "price_lists": PRICE_LIST_FIELDS,
    "opportunities": OPPORTUNITY_FIELDS,
}

_TAXES = {
    "iva19": "iva19", "iva 19": "iva19", "19": "iva19", "19 %": "iva19",
    "iva5": "iva5", "iva 5": "iva5", "5": "iva5",
    "exento": "exempt", "exenta": "exempt", "exempt": "exempt", "0": "exempt",
    "excluido": "excluded", "excluida": "excluded", "excluded": "excluded",
    "inc8": "inc8", "inc 8": "inc8", "8": "inc8", "impoconsumo": "inc8",
    "iva19i": "iva19i", "iva incluido": "iva19i", "iva 19 incluido": "iva19i",
}  # fmt: skip
_STAGES = {
    "prospeccion": "prospecting", "prospecto": "prospecting", "prospecting": "prospecting",
    "calificacion": "qualification", "qualification": "qualification",
    "analisis de necesidades": "needs_analysis", "analisis": "needs_analysis",
    "needs analysis": "needs_analysis", "propuesta": "proposal", "cotizacion": "proposal",
    "proposal": "proposal", "negociacion": "negotiation", "negotiation": "negotiation",
    "ganada": "closed_won", "ganado": "closed_won", "cerrada ganada": "closed_won",
    "won": "closed_won", "closed won": "closed_won", "perdida": "closed_lost",
    "perdido": "closed_lost", "cerrada perdida": "closed_lost", "lost": "closed_lost",
    "closed lost": "closed_lost",
}  # fmt: skip


def tax_code(cell: str) -> str:
    """ "IVA 19%", "19" or "Exento" -> the taxes table's code; unknown words unchanged."""
    word = normalise(cell.replace("%", " ")).replace("iva19 ", "iva19")
    return _TAXES.get(word, _TAXES.get(word.replace(" ", ""), cell.strip()))


def product_values(values: Mapping[str, str]) -> tuple[dict[str, Any], list[FieldProblem]]:
    row: dict[str, Any] = {"unit": "unidad", "tax_category": "iva19", "active": True}
    problems: list[FieldProblem] = []
    row |= {k: v for k, v in values.items()}
    if "tax_category" in values:
        row["tax_category"] = tax_code(values["tax_category"])
    if "min_price" in values:
        row["min_price"] = amount_text(values["min_price"])
    if "active" in values:
        active = flag(values["active"])
        if active is None:
            problems.append(_yes_no("active"))
        row["active"] = bool(active)
    return row, problems


def price_values(values: Mapping[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = dict(values)
    row["currency"] = (values.get("currency") or "COP").upper()
    if "unit_price" in values:
        row["unit_price"] = amount_text(values["unit_price"])
    for name in ("valid_from", "valid_to"):
        if name in values:
            row[name] = date_text(values[name])
    return row


def opportunity_values(values: Mapping[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = {k: v for k, v in values.items() if k not in ("account", "tax_id")}
    stage = _STAGES.get(normalise(values.get("stage") or ""), values.get("stage") or "prospecting")
    row["stage"] = stage
    row["currency"] = (values.get("currency") or "COP").upper()
    row["amount"] = amount_text(values["amount"]) if "amount" in values else "0"
    if "probability" in values:
        row["probability"] = percent_text(values["probability"])
    elif stage in {s.value for s in OpportunityStage}:
        row["probability"] = STAGE_PROBABILITY[OpportunityStage(stage)]
    if "expected_close" in values:
        row["expected_close"] = date_text(values["expected_close"])
    return row


def _yes_no(name: str) -> FieldProblem:
    return FieldProblem(name, "invalid_flag", N_("Write sí or no."))
