"""Writing a preview of products, price lists or opportunities through the validated services,
journalled like an accounts import so that undo removes what it made and restores what it
changed (services.importing.batch runs it in the import's one transaction)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy.orm import Session

from crm_desktop.models import Opportunity, PriceList, PriceListItem, Product
from crm_desktop.models.base import Synced
from crm_desktop.services.core import crud
from crm_desktop.services.importing.accounts_import import Preview, Progress, RowPlan
from crm_desktop.services.importing.mapping import normalise
from crm_desktop.services.pipeline import pipeline


class Journal(Protocol):
    """What of batch.Journal the writing fills (batch imports this module, not the reverse)."""

    created: dict[str, list[str]]
    updated_rows: dict[str, dict[str, dict[str, Any]]]
    skipped: int


CHUNK = 500
# Children before parents: undo tombstones in this order.
TABLES: dict[str, type[Synced]] = {
    "price_list_items": PriceListItem,
    "opportunities": Opportunity,
    "price_lists": PriceList,
    "products": Product,
}


class Cancelled(RuntimeError):
    """The progress callback said stop."""


def write(
    session: Session, plan: Preview, journal: Journal, progress: Progress | None = None
) -> None:
    lists: dict[str, str] = {}  # a new price list's normalised name -> its id
    rows = plan.rows
    for start in range(0, len(rows), CHUNK):
        for row in rows[start : start + CHUNK]:
            if row.action == "skip":
                journal.skipped += 1
            elif row.action in ("create", "update"):
                WRITERS[plan.kind](session, row, journal, lists)
        if progress is not None and not progress(min(start + CHUNK, len(rows)), len(rows)):
            raise Cancelled


def _made(journal: Journal, table: str, row_id: str) -> None:
    journal.created.setdefault(table, []).append(row_id)


def _update(
    session: Session,
    model: type[Synced],
    row_id: str,
    values: dict[str, Any],
    journal: Journal,
    apply: Callable[[Session, str, dict[str, Any]], object] | None = None,
) -> None:
    before = crud.current_values(crud.get_live(session, model, row_id))
    changes = {k: v for k, v in values.items() if k in before and v is not None and v != before[k]}
    if not changes:
        return
    saved = journal.updated_rows.setdefault(crud.table_of(model), {}).setdefault(row_id, {})
    for name in changes:
        saved.setdefault(name, before[name])
    if apply is None:
        crud.update(session, model, row_id, changes)
    else:
        apply(session, row_id, changes)


def _product(session: Session, row: RowPlan, journal: Journal, _lists: dict[str, str]) -> None:
    if row.existing_id is None:
        _made(journal, "products", crud.create(session, Product, row.account).id)
    else:
        _update(session, Product, row.existing_id, row.account, journal)


def _price(session: Session, row: RowPlan, journal: Journal, lists: dict[str, str]) -> None:
    values = row.account
    list_id = values["price_list_id"] or lists.get(normalise(values["price_list"]))
    if list_id is None:
        list_id = crud.create(session, PriceList, values["list"]).id
        lists[normalise(values["price_list"])] = list_id
        _made(journal, "price_lists", list_id)
    if row.existing_id is None:
        item = {
            "price_list_id": list_id,
            "product_id": values["product_id"],
            "unit_price": values["unit_price"],
        }
        _made(journal, "price_list_items", crud.create(session, PriceListItem, item).id)
    else:
        changes = {"unit_price": values["unit_price"]}
        _update(session, PriceListItem, row.existing_id, changes, journal)


def _opportunity(session: Session, row: RowPlan, journal: Journal, _l: dict[str, str]) -> None:
    if row.existing_id is None:
        _made(journal, "opportunities", pipeline.create_opportunity(session, row.account).id)
    else:
        values = {k: v for k, v in row.account.items() if k not in ("account_id", "owner_id")}
        _update(session, Opportunity, row.existing_id, values, journal, pipeline.update_opportunity)


Writer = Callable[[Session, RowPlan, Journal, dict[str, str]], None]
WRITERS: dict[str, Writer] = {
    "products": _product,
    "price_lists": _price,
    "opportunities": _opportunity,
}
