"""`crm-server import FILE --kind products|price-lists|opportunities --as ADMIN`: the catalog and
the pipeline loaded from the same spreadsheets the laptop's wizard reads.

As for accounts (bulk_import), the file goes through the wizard's own services in a scratch
laptop database; here that database first receives, as a laptop would at a pull, what the
lines are matched against (the products and taxes, the price lists with their prices, or the
users, accounts and opportunities), so a product code, a list's price or an opportunity already
on the server is updated or skipped as chosen, with the server's versions as the base of each
change. The scratch outbox is then pushed as the administrator in one transaction: every valid
line or nothing.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.importing import batch, records_import
from crm_desktop.services.importing.accounts_import import Options, RowPlan
from crm_desktop.services.importing.kinds import KIND_FIELDS
from crm_desktop.services.importing.mapping import auto_mapping, find_header_row
from crm_desktop.services.importing.sources import read_table
from crm_desktop.sync.apply import apply_states
from crm_desktop.sync.engine import remote_tx
from crm_desktop.sync.protocol import RowState
from crm_server import bulk_import, erased
from crm_server.bulk_import import (
    ImportOutcome,
    ImportStopped,
    _admin,
    _ops,
    _push_all,
    without_erased,
)
from crm_server.db.schema import sync_rows

# What a kind's lines are matched against, parents first.
SEEDS: dict[str, tuple[str, ...]] = {
    "products": ("taxes", "products"),
    "price_lists": ("taxes", "products", "price_lists", "price_list_items"),
    "opportunities": ("users", "accounts", "opportunities"),
}
KIND_OF_OPTION = {
    "products": "products",
    "price-lists": "price_lists",
    "opportunities": "opportunities",
}


def _server_rows(conn: Connection, tables: tuple[str, ...]) -> Iterator[RowState]:
    query = select(
        sync_rows.c.table_name, sync_rows.c.row_id, sync_rows.c.version, sync_rows.c.data
    ).where(sync_rows.c.table_name.in_(tables))
    for table, row_id, version, data in conn.execute(query):
        yield RowState(table=table, row_id=row_id, version=version, fields=json.loads(data))


def import_records(
    engine: Engine,
    path: Path,
    kind: str,
    admin: str,
    encoding: str | None = None,
    sheet: str | None = None,
    all_or_nothing: bool = False,
    duplicates: str = "update",
) -> ImportOutcome:
    """Import products, price lists or opportunities; ImportStopped when nothing was saved."""
    from crm_desktop.database import open_database

    table = read_table(path, encoding, sheet=sheet)
    fields = KIND_FIELDS[kind]
    header = find_header_row(table.rows, fields=fields)
    mapping = auto_mapping(table.rows[header], fields)
    options = Options(duplicates=duplicates, all_or_nothing=all_or_nothing)
    with engine.connect() as conn:
        principal = _admin(conn, admin)
        seed = list(_server_rows(conn, SEEDS[kind]))
    with tempfile.TemporaryDirectory(prefix="crm-import-") as folder:
        scratch = open_database(Path(folder) / "scratch.db")
        try:
            with remote_tx(scratch.sessions) as session:  # as a pull: no outbox
                apply_states(session, seed)
            with scratch.sessions() as session:
                plan = records_import.preview(
                    session, kind, table.rows[header + 1 :], mapping, options, header + 2
                )
            outcome = ImportOutcome(
                problems=[(r.line, "; ".join(r.problem_texts("en"))) for r in plan.invalid]
            )
            if all_or_nothing and plan.invalid:
                raise ImportStopped(
                    f"{len(plan.invalid)} lines have problems: nothing was imported."
                )
            with unit_of_work(scratch.sessions) as session:
                journal = batch.run(session, plan, options, path.name)
            with scratch.sessions() as session:
                ops = _ops(session, [])
        finally:
            scratch.engine.dispose()
    ops, dropped = without_erased(engine, ops)
    line_of = _lines(plan.rows, journal.created.get(table_of(kind), []))
    left_out = sorted({line_of.get(op.row_id, 0) for op in dropped if op.row_id in line_of})
    if dropped and all_or_nothing:
        raise ImportStopped(f"{len(left_out)} lines have problems: nothing was imported.")
    outcome.problems += [(line, erased.IMPORT_WORDS) for line in left_out]
    _push_all(engine, principal, ops)
    lost = {op.row_id for op in dropped}
    outcome.records = sum(
        len([i for i in ids if i not in lost]) for ids in journal.created.values()
    )
    outcome.updated = sum(
        len([i for i in rows if i not in lost]) for rows in journal.updated_rows.values()
    )
    return outcome


def table_of(kind: str) -> str:
    """The table whose rows are the lines of a kind (its created ids follow the lines' order)."""
    return {"price_lists": "price_list_items"}.get(kind, kind)


def _lines(rows: list[RowPlan], created: list[str]) -> dict[str, int]:
    """Row id -> the file's line: created rows in the order of their lines, updated ones by id."""
    new = [r.line for r in rows if r.action in ("create", "update") and r.existing_id is None]
    found = dict(zip(created, new, strict=False))
    found.update({r.existing_id: r.line for r in rows if r.existing_id})
    return found


def command(engine: Engine, args: argparse.Namespace) -> int:
    """`crm-server import`: accounts by bulk_import, the other kinds here; the same words."""
    kind = getattr(args, "kind", "accounts")
    if kind == "accounts":
        return bulk_import.command(engine, args)
    return bulk_import.command(
        engine,
        args,
        lambda: import_records(
            engine, args.path, KIND_OF_OPTION[kind], getattr(args, "as"), args.encoding,
            args.sheet, args.all_or_nothing, args.duplicates,
        ),
    )  # fmt: skip
