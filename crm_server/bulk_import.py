"""`crm-server import FILE --as ADMIN`: an administrator loads accounts (with their contacts)
for every rep at once, from the same spreadsheets the laptop's wizard reads.

The file goes through the wizard's own services in a scratch laptop database (header matching,
lines of one account grouped, every line checked with the forms' rules, formula cells refused),
plus what only the server knows: the rep of each account (a column of usernames) and the tax ids
already on the server. The scratch database's outbox is then pushed as the administrator, in one
transaction through the push path (the server's checks, change log, duplicate flags): either
every valid account with its contacts is saved, or nothing is. Each line's problems are listed.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from crm_desktop.clock import SYSTEM, timestamp
from crm_desktop.i18n import N_
from crm_desktop.models.local import OutboxOp
from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.core.errors import FieldProblem
from crm_desktop.services.importing import batch
from crm_desktop.services.importing.accounts_import import Options, Preview, RowPlan, preview
from crm_desktop.services.importing.mapping import auto_mapping, find_header_row, normalise
from crm_desktop.services.importing.sources import read_table
from crm_desktop.sync.protocol import PushOp
from crm_server import erased
from crm_server.auth import Principal
from crm_server.batch import Batch
from crm_server.db.schema import account_tax_ids, users
from crm_server.push import push

OWNER_HEADERS = frozenset({
    "representante", "asesor", "vendedor", "ejecutivo", "ejecutivo de cuenta", "usuario",
    "representante comercial", "rep", "owner", "sales rep", "username", "account owner",
})  # fmt: skip


class ImportStopped(Exception):
    """Nothing was saved; the words say why."""


@dataclass
class ImportOutcome:
    accounts: int = 0
    contacts: int = 0
    records: int = 0  # products, prices, price lists or opportunities created (bulk_records)
    updated: int = 0  # ...and updated
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, words)
    left_out: list[tuple[int, str]] = field(default_factory=list)  # a line's part not imported


def _owner_column(headers: list[str]) -> int:
    for index, header in enumerate(headers):
        if normalise(header) in OWNER_HEADERS:
            return index
    raise ImportStopped(
        "The file needs a column with each account's rep (their username), headed "
        "'Representante', 'Asesor' or 'Owner'."
    )


def _admin(conn: Connection, username: str) -> Principal:
    found = conn.execute(select(users).where(users.c.username == username)).first()
    if found is None or not found.active or found.role not in ("admin", "manager"):
        raise ImportStopped(f"{username!r} is not an active administrator or manager.")
    return Principal(found.id, found.username, found.role)


def _server_facts(conn: Connection) -> tuple[dict[str, str], set[str]]:
    """Active users by username; tax ids of live accounts already on the server."""
    reps = {r.username: r.id for r in conn.execute(select(users).where(users.c.active))}
    taken = set(conn.scalars(select(account_tax_ids.c.tax_id)))
    return reps, taken


def _with_problem(row: RowPlan, code: str, message: str, **params: str) -> RowPlan:
    problem = FieldProblem("owner" if code == "unknown_rep" else "tax_id", code, message, params)
    return replace(row, action="invalid", problems=(*row.problems, problem))


def _erased_checks(
    plan: Preview, found: erased.ErasedIdentifiers
) -> tuple[Preview, list[tuple[int, str]]]:
    """A line with the tax id, e-mail or phone of a person erased at their request is not
    imported (an account line with its contact lines; a contact line alone), nor a contact
    that is such a person (its account line still is); (line, words) of each contact left out."""
    rows: list[RowPlan] = []
    dropped: list[tuple[int, str]] = []
    for row in plan.rows:
        field = found.matched("accounts", row.account) if row.action == "create" else None
        if field is not None:
            problem = FieldProblem(field, "erased_person", erased.IMPORT_WORDS)
            row = replace(row, action="invalid", problems=(*row.problems, problem))
        elif row.contact and row.action in ("create", "contact"):
            contact_field = found.matched("contacts", row.contact)
            if contact_field is not None and row.action == "contact":
                problem = FieldProblem(f"contact.{contact_field}", "erased_person",
                                       erased.IMPORT_WORDS)  # fmt: skip
                row = replace(row, action="invalid", problems=(*row.problems, problem))
            elif contact_field is not None:
                words = FieldProblem(f"contact.{contact_field}", "erased_person",
                                     erased.CONTACT_WORDS)  # fmt: skip
                dropped.append((row.line, replace(row, problems=(words,)).problem_texts("en")[0]))
                row = replace(row, contact=None)
        rows.append(row)
    return Preview(rows), dropped


def _is_erased_account(row: RowPlan) -> bool:
    return any(p.code == "erased_person" and "." not in p.field for p in row.problems)


def _server_checks(
    plan: Preview,
    owners: dict[int, str],
    reps: dict[str, str],
    taken: set[str],
    erased_keys: frozenset[str] = frozenset(),
) -> tuple[Preview, dict[str, str]]:
    """Rows whose rep is unknown or whose tax id the server has are problems (their contact
    lines too); key -> owner id of every account to create."""
    rows: list[RowPlan] = []
    owner_of: dict[str, str] = {}
    bad_keys: set[str] = set()
    for row in plan.rows:
        if row.action == "invalid" and row.key in erased_keys:
            bad_keys.add(row.key)  # an account line of a person erased: its contacts go too
        if row.action == "create":
            username = owners.get(row.line, "")
            if username not in reps:
                row = _with_problem(row, "unknown_rep",
                                    N_("There is no rep {username} on the server."),
                                    username=username or "—")  # fmt: skip
            elif row.account.get("tax_id") in taken:
                row = _with_problem(row, "on_server", N_("An account with this tax id is "
                                    "already on the server."))  # fmt: skip
            else:
                owner_of[row.key] = reps[username]
            if row.action == "invalid":
                bad_keys.add(row.key)
        elif row.action == "contact" and row.key in bad_keys:
            row = replace(row, action="invalid")
        rows.append(row)
    return Preview(rows), owner_of


def _ops(session: Session, created: list[tuple[str, str]]) -> list[PushOp]:
    """The scratch database's outbox as push ops; each new account gets its rep."""
    owner_by_account = dict(created)
    found = session.scalars(select(OutboxOp).order_by(OutboxOp.op_seq))
    ops: list[PushOp] = []
    for op in found:
        fields = json.loads(op.fields)
        if op.table_name == "accounts" and op.row_id in owner_by_account:
            fields["owner_id"] = owner_by_account[op.row_id]
        ops.append(
            PushOp.model_validate({
                "op_seq": op.op_seq, "table": op.table_name, "row_id": op.row_id, "op": op.op,
                "fields": fields, "base_version": op.base_version,
            })
        )  # fmt: skip
    return ops


def import_file(
    engine: Engine,
    path: Path,
    admin: str,
    encoding: str | None = None,
    sheet: str | None = None,
    all_or_nothing: bool = False,
) -> ImportOutcome:
    from crm_desktop.database import open_database

    table = read_table(path, encoding, sheet=sheet)
    header = find_header_row(table.rows)
    headers = table.rows[header]
    owner_col = _owner_column(headers)
    mapping = {i: f for i, f in auto_mapping(headers).items() if i != owner_col}
    data = table.rows[header + 1 :]
    first_line = header + 2
    owners = {first_line + n: (r[owner_col].strip() if owner_col < len(r) else "")
              for n, r in enumerate(data)}  # fmt: skip
    with engine.connect() as conn:
        principal = _admin(conn, admin)
        reps, taken = _server_facts(conn)
        found = erased.ErasedIdentifiers(conn)
    with tempfile.TemporaryDirectory(prefix="crm-import-") as folder:
        scratch = open_database(Path(folder) / "scratch.db")
        try:
            with scratch.sessions() as session:
                plan = preview(session, data, mapping, Options(duplicates="skip"), first_line)
            plan, dropped = _erased_checks(plan, found)
            refused = frozenset(r.key for r in plan.invalid if _is_erased_account(r))
            plan, owner_of = _server_checks(plan, owners, reps, taken, refused)
            outcome = ImportOutcome(problems=[
                (r.line, "; ".join(r.problem_texts("en")) or "Its account has problems.")
                for r in plan.invalid
            ], left_out=dropped)  # fmt: skip
            if all_or_nothing and (plan.invalid or dropped):
                raise ImportStopped(
                    f"{len(plan.invalid) + len(dropped)} lines have problems: nothing was imported."
                )
            with unit_of_work(scratch.sessions) as session:
                journal = batch.run(session, plan, Options(duplicates="skip"), path.name)
            creates = [r for r in plan.rows if r.action == "create"]
            created = [(a, owner_of[r.key]) for r, a in zip(creates, journal.created["accounts"],
                                                            strict=True)]  # fmt: skip
            with scratch.sessions() as session:
                ops = _ops(session, created)
        finally:
            scratch.engine.dispose()
    _push_all(engine, principal, ops)
    outcome.accounts = len(journal.created["accounts"])
    outcome.contacts = len(journal.created["contacts"])
    return outcome


def without_erased(engine: Engine, ops: list[PushOp]) -> tuple[list[PushOp], list[PushOp]]:
    """(ops to push, ops left out): an op the erase guard would refuse (it names a person erased
    in its account, crm_server/erased.py) is left out with any op that points at its row, so the
    others still go in one transaction and the refused line is reported, not the whole file."""
    kept: list[PushOp] = []
    dropped: list[PushOp] = []
    gone: set[str] = set()
    with engine.connect() as conn:
        batch = Batch(conn)
        for op in ops:
            points_at_gone = any(isinstance(v, str) and v in gone for v in op.fields.values())
            if points_at_gone or erased.refusal(batch, op, batch.get(op.table, op.row_id)):
                gone.add(op.row_id)
                dropped.append(op)
            else:
                kept.append(op)
    return kept, dropped


def _push_all(engine: Engine, principal: Principal, ops: list[PushOp]) -> None:
    """Every op in one transaction: a refusal rolls them all back."""
    client_id = str(uuid.uuid4())
    with engine.begin() as conn:
        results = push(conn, principal, client_id, ops, timestamp(SYSTEM))
        refused = [r for r in results if r.status == "refused"]
        if refused:
            first = refused[0]
            raise ImportStopped(
                f"The server refused {len(refused)} of the changes (the first: {first.reason} "
                f"{first.problems or ''}); nothing was imported."
            )


def command(
    engine: Engine, args: argparse.Namespace, run: Callable[[], ImportOutcome] | None = None
) -> int:
    """The `crm-server import` command: words on stdout/stderr, 0 when every line went in.
    `run` imports another kind than accounts (crm_server.bulk_records.command gives it)."""
    import sys

    from crm_desktop.services.importing.sources import ImportFileError

    kind = getattr(args, "kind", "accounts")
    try:
        if run is None:
            outcome = import_file(engine, args.path, getattr(args, "as"), args.encoding,
                                  args.sheet, args.all_or_nothing)  # fmt: skip
        else:
            outcome = run()
    except ImportFileError as error:
        print(f"crm-server: {error.text('en')}", file=sys.stderr)
        return 4
    except ImportStopped as error:
        print(f"crm-server: {error}", file=sys.stderr)
        return 1
    if kind == "accounts":
        print(f"Imported {outcome.accounts} accounts and {outcome.contacts} contacts.")
    else:
        print(f"Imported {kind}: {outcome.records} created, {outcome.updated} updated.")
    for line, words in outcome.problems:
        print(f"Line {line} not imported: {words}")
    for line, words in outcome.left_out:
        print(f"Line {line} imported without its contact: {words}")
    return 1 if outcome.problems or outcome.left_out else 0
