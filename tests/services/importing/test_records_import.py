"""Products, price lists and opportunities from a sales assistant's sheets: preview with each
line's problems, duplicates updated or skipped, undo that restores exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.database import Database
from crm_desktop.models import Opportunity, OutboxOp, PriceList, PriceListItem, Product
from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.importing import batch, records_import
from crm_desktop.services.importing.accounts_import import Options, Preview
from crm_desktop.services.importing.kinds import KIND_FIELDS
from crm_desktop.services.importing.mapping import auto_mapping, find_header_row
from crm_desktop.services.importing.sources import read_table
from tests.factories import make_account
from tests.services.importing.records_fixtures import OPPORTUNITIES, PRICES, PRODUCTS, latin1


def _preview(session: Session, kind: str, path: Path, options: Options) -> Preview:
    table = read_table(path)
    assert table.encoding == "cp1252"
    fields = KIND_FIELDS[kind]
    header = find_header_row(table.rows, fields=fields)
    mapping = auto_mapping(table.rows[header], fields)
    rows = table.rows[header + 1 :]
    return records_import.preview(session, kind, rows, mapping, options, header + 2)


def _import(database: Database, kind: str, path: Path, options: Options) -> batch.Journal:
    with unit_of_work(database.sessions) as s:
        return batch.run(s, _preview(s, kind, path, options), options, path.name)


def _live(session: Session, model: type[Product] | type[PriceListItem] | type[Opportunity]):
    return session.scalars(select(model).where(model.deleted_at.is_(None))).all()


def test_products_preview_import_update_and_undo(database: Database, tmp_path: Path) -> None:
    path = latin1(tmp_path, "productos.csv", PRODUCTS)
    with database.sessions() as s:
        plan = _preview(s, "products", path, Options())
    assert [(r.line, r.action) for r in plan.rows] == [
        (3, "create"), (4, "create"), (5, "create"), (6, "invalid"), (7, "invalid"),
    ]  # fmt: skip
    assert plan.rows[3].problem_texts("es") == ["Código: La línea 3 ya tiene esto."]
    assert sorted(plan.rows[4].problem_texts("en")) == [
        "Active: Write sí or no.",
        "Product name: This field is required.",
        "Tax: “IVA 7%” is not a tax here (IVA 19, IVA 5, Exento, …).",
    ]
    _import(database, "products", path, Options())
    with database.sessions() as s:
        found = {p.code: (p.name, p.tax_category, p.active) for p in _live(s, Product)}
    assert found["TAL-220"] == ("Taladro 220 V", "iva19", True)
    assert found["GUA-010"] == ("Guantes de carnaza", "exempt", False)
    renamed = [row[:] for row in PRODUCTS[:3]]
    renamed[2][2] = "Tornillo autoperforante 1/2 pulgada"
    second = _import(database, "products", latin1(tmp_path, "v2.csv", renamed), Options())
    assert second.updated_rows["products"] and not second.created.get("products")
    with unit_of_work(database.sessions) as s:
        batch.undo(s, batch.Journal.load(s, second.batch_id))
    with database.sessions() as s:
        names = {p.code: p.name for p in _live(s, Product)}
    assert names["TRN-001"] == "Tornillo autoperforante 1/2"  # restored
    # A file with fewer columns updates only those: no default overwrites the others.
    only_names = [["Código", "Producto"], ["GUA-010", "Guantes de carnaza talla 9"]]
    _import(database, "products", latin1(tmp_path, "v3.csv", only_names), Options())
    with database.sessions() as s:
        gloves = s.scalars(select(Product).where(Product.code == "GUA-010")).one()
    assert (gloves.name, gloves.tax_category, gloves.active) == (
        "Guantes de carnaza talla 9", "exempt", False,
    )  # fmt: skip
    with unit_of_work(database.sessions) as s:
        for line in batch.undoable(s):
            batch.undo(s, batch.Journal.load(s, line.batch_id))
    with database.sessions() as s:
        assert _live(s, Product) == []
        assert {o.table_name for o in s.scalars(select(OutboxOp))} == {"products"}


def test_price_list_with_spanish_prices_then_skip_and_undo(
    database: Database, tmp_path: Path
) -> None:
    _import(database, "products", latin1(tmp_path, "productos.csv", PRODUCTS), Options())
    path = latin1(tmp_path, "precios.csv", PRICES)
    with database.sessions() as s:
        plan = _preview(s, "price_lists", path, Options())
    assert [r.action for r in plan.rows] == ["create", "create", "invalid", "invalid"]
    assert plan.rows[2].problem_texts("en") == [
        "Product code: No product has the code XYZ-999; import the products first."
    ]
    assert plan.rows[3].problem_texts("en") == ["Unit price: Enter a number."]
    journal = _import(database, "price_lists", path, Options())
    with database.sessions() as s:
        [made] = s.scalars(select(PriceList)).all()
        assert (made.name, made.currency, str(made.valid_to)) == (
            "Mayoristas 2027", "COP", "2027-12-31",
        )  # fmt: skip
        prices = sorted(i.unit_price for i in _live(s, PriceListItem))
    assert prices == [Decimal("389900"), Decimal("1250000")]
    with database.sessions() as s:  # the same file again: the prices are there now
        again = _preview(s, "price_lists", path, Options(duplicates="skip"))
        assert [r.action for r in again.rows[:2]] == ["skip", "skip"]
        refused = _preview(s, "price_lists", path, Options(duplicates="create"))
        assert refused.rows[0].problem_texts("en") == ["Product code: This price is here already."]
    with unit_of_work(database.sessions) as s:
        batch.undo(s, batch.Journal.load(s, journal.batch_id))
    with database.sessions() as s:
        assert _live(s, PriceListItem) == []
        assert s.scalars(select(PriceList.deleted_at)).one() is not None


@pytest.mark.parametrize("choice", ["update", "skip", "create"])
def test_opportunities_by_nit_or_name(database: Database, tmp_path: Path, choice: str) -> None:
    with unit_of_work(database.sessions) as s:
        account = make_account(s)  # NIT 900.123.456-8, "Distribuciones Andina S.A.S."
        account_id, owner = account.id, account.owner_id
    path = latin1(tmp_path, "oportunidades.csv", OPPORTUNITIES)
    with database.sessions() as s:
        plan = _preview(s, "opportunities", path, Options())
    assert [r.action for r in plan.rows] == ["create", "create", "invalid", "invalid"]
    assert plan.rows[2].problem_texts("en") == [
        "Tax id: No account here is 811.111.111-1; import the accounts first."
    ]
    assert sorted(plan.rows[3].problem_texts("en")) == [
        "Expected close: Enter a date as YYYY-MM-DD.",
        "Lost reason: Say why the opportunity was lost.",
    ]
    first = _import(database, "opportunities", path, Options())
    with database.sessions() as s:
        found = {o.name: o for o in _live(s, Opportunity)}
    renewal = found["Renovación licencias 2027"]
    assert (renewal.account_id, renewal.owner_id, renewal.stage) == (account_id, owner, "proposal")
    assert (renewal.amount, renewal.probability, str(renewal.expected_close)) == (
        Decimal("45000000"), 60, "2027-03-15",
    )  # fmt: skip
    assert found["Dotación bodegas"].probability == 80  # the stage's own, none written
    changed = [row[:] for row in OPPORTUNITIES[:3]]
    changed[2][4] = "50.000.000,00"
    second = _import(database, "opportunities", latin1(tmp_path, "v2.csv", changed),
                     Options(duplicates=choice))  # fmt: skip
    with database.sessions() as s:
        amounts = sorted(o.amount for o in _live(s, Opportunity) if o.name.startswith("Renov"))
    expected = {"update": [50_000_000], "skip": [45_000_000], "create": [45_000_000, 50_000_000]}
    assert amounts == [Decimal(a) for a in expected[choice]]
    with unit_of_work(database.sessions) as s:
        batch.undo(s, batch.Journal.load(s, second.batch_id))
        batch.undo(s, batch.Journal.load(s, first.batch_id))
    with database.sessions() as s:
        assert _live(s, Opportunity) == []
