"""The sync engine: push the outbox in order, then pull pages; each step one local transaction."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError as PydanticError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from crm_desktop.clock import clock_of
from crm_desktop.models.codec import to_json
from crm_desktop.models.local import OutboxOp
from crm_desktop.models.outbox import remote_changes
from crm_desktop.models.sync_state import SyncConflict
from crm_desktop.services.core.device import meta_get, meta_set
from crm_desktop.services.quotes.derived import recompute_totals
from crm_desktop.sync import protocol as P
from crm_desktop.sync import setaside
from crm_desktop.sync.apply import (
    REFETCH_KEY,
    TOUCHED_QUOTES,
    apply_states,
    evict_account,
    retry_set_aside,
)
from crm_desktop.sync.client import SyncClient, SyncError
from crm_desktop.sync.identity import ensure_identity
from crm_desktop.sync.rule_conflicts import keep_as_conflict, merge_broke_a_rule

CURSOR_KEY = "pull_cursor"
LAST_OK_KEY, LAST_ERROR_KEY, LAST_KIND_KEY = "last_sync_ok_at", "last_sync_error", "last_sync_kind"
HELD_BACK_WAITS = 10
REFETCH_BATCH = 1000  # the protocol's bound on refetch per request
MAX_ROUNDS = 10_000  # bounds every loop; a 250,000-row scope takes ~125 pages
# A push carries at most this many bytes of fields (the server takes 16 MiB bodies, and counts
# JSON values too): a queue of big rows goes in several pushes instead of a 413 every time.
PUSH_BYTES = 4 * 1024 * 1024
OP_OVERHEAD = 160  # the op's own keys and numbers, as JSON


@dataclass(frozen=True)
class SyncReport:
    pushed: int = 0
    conflicts: int = 0
    refused: int = 0
    pulled: int = 0
    evicted: int = 0
    new_identity: bool = False


@dataclass(frozen=True)
class SyncStatus:
    pending: int
    refused: int
    reassigned: int
    conflicts: int
    last_ok_at: str | None
    last_error: str | None
    last_error_kind: str | None = None
    unapplied: int = 0  # pulled rows set aside (could not be applied here)


@contextmanager
def remote_tx(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One local transaction applying server data: it writes nothing to the outbox."""
    # Foreign keys are checked at once (not deferred to commit): a row that breaks one fails in
    # its own savepoint and is set aside, instead of failing the whole page at commit.
    with sessions() as session, session.begin(), remote_changes(session):
        yield session


def save_cursor(session: Session, cursor: P.Cursor) -> None:
    meta_set(session, CURSOR_KEY, cursor.model_dump_json())


def read_status(session: Session) -> SyncStatus:
    query = select(OutboxOp.state, func.count()).group_by(OutboxOp.state)
    counts = {state: n for state, n in session.execute(query).tuples()}
    open_conflicts = session.scalar(
        select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_at.is_(None))
    )
    return SyncStatus(
        pending=counts.get("pending", 0),
        refused=counts.get("refused", 0),
        reassigned=counts.get("reassigned", 0),
        conflicts=open_conflicts or 0,
        last_ok_at=meta_get(session, LAST_OK_KEY),
        last_error=meta_get(session, LAST_ERROR_KEY) or None,
        last_error_kind=meta_get(session, LAST_KIND_KEY) or None,
        unapplied=setaside.count(session),
    )


def _first_problem(error: PydanticError) -> str:
    details = error.errors()
    if not details:
        return "This change cannot be sent."
    where = ".".join(str(part) for part in details[0]["loc"])
    return f"This change cannot be sent: {where}: {details[0]['msg']}."


class SyncEngine:
    """Runs one sync at a time for one database file against one server."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        db_path: Path,
        client: SyncClient,
        *,
        push_batch: int = 500,
        pull_limit: int = 2000,
    ) -> None:
        self.sessions, self.db_path, self.client = sessions, db_path, client
        self.push_batch, self.pull_limit = push_batch, pull_limit

    def sync(self) -> SyncReport:
        """Push everything pending, then pull until the server has nothing more."""
        try:
            with self.sessions() as session, session.begin():
                client_id, minted = ensure_identity(session, self.db_path)
            pushed = self._push_all(client_id)
            pulled, evicted = self._pull_all(client_id)
        except SyncError as error:
            self._note(error)
            raise
        self._note(None)
        return SyncReport(pushed[0], pushed[1], pushed[2], pulled, evicted, minted)

    def _note(self, error: SyncError | None) -> None:
        with self.sessions() as session, session.begin():
            if error is None:
                meta_set(session, LAST_OK_KEY, str(to_json(clock_of(session).now())))
            meta_set(session, LAST_ERROR_KEY, error.message if error else "")
            meta_set(session, LAST_KIND_KEY, error.kind if error else "")

    # -- push ------------------------------------------------------------------------------
    def _pending(self, most: int) -> list[P.PushOp]:
        """The next ops in order: at most `most`, and no more than PUSH_BYTES of fields (always
        at least one), so a push stays well inside the server's body limit."""
        with self.sessions() as session:
            rows = session.scalars(
                select(OutboxOp)
                .where(OutboxOp.state == "pending")
                .order_by(OutboxOp.op_seq)
                .limit(most)
            )
            ops: list[P.PushOp] = []
            unsendable: list[tuple[int, str]] = []
            size = 0
            for o in rows:
                size += len(o.fields.encode()) + OP_OVERHEAD
                if ops and size > PUSH_BYTES:
                    break
                try:
                    ops.append(
                        P.PushOp(
                            op_seq=o.op_seq,
                            table=o.table_name,
                            row_id=o.row_id,
                            op=o.op,  # type: ignore[arg-type]
                            fields=json.loads(o.fields),
                            base_version=o.base_version,
                        )
                    )
                except PydanticError as error:  # e.g. a value longer than any server takes
                    unsendable.append((o.op_seq, _first_problem(error)))
        for op_seq, reason in unsendable:
            self._refuse_here(op_seq, reason)
        return ops if ops or not unsendable else self._pending(most)

    def _refuse_here(self, op_seq: int, reason: str) -> None:
        """An op no server will take (too big, or not sendable at all): refused on the laptop
        with the reason, like a server refusal, so the rep sees it and the queue moves on."""
        note = {"reason": reason, "problems": {}}
        with self.sessions() as session, session.begin():
            session.execute(
                update(OutboxOp)
                .where(OutboxOp.op_seq == op_seq, OutboxOp.state == "pending")
                .values(state="refused", error=json.dumps(note, ensure_ascii=False))
            )

    def _push_all(self, client_id: str) -> tuple[int, int, int]:
        pushed = conflicts = refused = 0
        most = self.push_batch
        for _ in range(MAX_ROUNDS):
            ops = self._pending(most)
            if not ops:
                break
            try:
                response = self.client.push(
                    P.PushRequest(
                        protocol=P.PROTOCOL_VERSION,
                        schema_version=P.SCHEMA_VERSION,
                        client_id=client_id,
                        ops=ops,
                    )
                )
            except SyncError as error:
                if error.kind != "too_large":
                    raise
                if len(ops) > 1:
                    most = max(1, len(ops) // 2)  # the server's body limit: send fewer at once
                else:
                    self._refuse_here(ops[0].op_seq, error.message or "too large for the server")
                    refused += 1
                continue
            if [r.op_seq for r in response.results] != [o.op_seq for o in ops]:
                raise SyncError("bad_answer", "The server answered for other changes than sent.")
            with remote_tx(self.sessions) as session:
                record_push(session, ops, response.results)
            pushed += len(ops)
            conflicts += sum(r.status == "conflict" for r in response.results)
            refused += sum(r.status == "refused" for r in response.results)
        return pushed, conflicts, refused

    # -- pull ------------------------------------------------------------------------------
    def _pull_all(self, client_id: str) -> tuple[int, int]:
        pulled = evicted = waits = 0
        for _ in range(MAX_ROUNDS):
            with self.sessions() as session:
                raw = meta_get(session, CURSOR_KEY)
                queued = json.loads(meta_get(session, REFETCH_KEY) or "[]")
            refetch = queued[:REFETCH_BATCH]
            cursor = P.Cursor.model_validate_json(raw) if raw else None
            response = self.client.pull(
                P.PullRequest(
                    protocol=P.PROTOCOL_VERSION,
                    schema_version=P.SCHEMA_VERSION,
                    client_id=client_id,
                    cursor=cursor,
                    limit=self.pull_limit,
                    refetch=[P.RowRef(table=t, row_id=r) for t, r in refetch],
                )
            )
            with remote_tx(self.sessions) as session:
                counts = apply_page(session, response.changes)
                # The page may have queued more (an account back after an eviction).
                left = [r for r in json.loads(meta_get(session, REFETCH_KEY) or "[]")
                        if r not in refetch]  # fmt: skip
                if refetch or left:
                    meta_set(session, REFETCH_KEY, json.dumps(left))
                save_cursor(session, response.cursor)
            pulled, evicted = pulled + counts[0], evicted + counts[1]
            if left:
                continue  # ask for them now, not at the next sync
            if response.held_back and waits < HELD_BACK_WAITS:
                waits += 1
                time.sleep(0.2)  # a slow transaction on the server; bounded, then next sync
                continue
            if not response.has_more:
                break
        return pulled, evicted


def apply_page(session: Session, changes: list[P.Change]) -> tuple[int, int]:
    """Apply a page in order: runs of rows in bulk, evictions where they fall."""
    run: list[P.RowState] = []
    pulled = evicted = 0
    for change in changes:
        if change.kind == "row" and change.row is not None:
            run.append(change.row)
            continue
        pulled += apply_states(session, run)
        run = []
        if change.account_id:
            evict_account(session, change.account_id)
            evicted += 1
    pulled += apply_states(session, run)
    pulled += retry_set_aside(session)  # a child waiting for a parent this page brought
    recompute_derived(session)
    return pulled, evicted


def recompute_derived(session: Session) -> None:
    """Quotes whose lines changed in this transaction get their totals from those lines."""
    touched = session.info.pop(TOUCHED_QUOTES, set())
    if touched:
        recompute_totals(session, touched)


def record_push(session: Session, ops: list[P.PushOp], results: list[P.OpResult]) -> None:
    """Mark ops done (or refused), keep conflicts, take the server's row states: one transaction."""
    by_seq = {o.op_seq: o for o in ops}
    still_pending = set(
        session.scalars(
            select(OutboxOp.op_seq).where(
                OutboxOp.op_seq.in_(list(by_seq)), OutboxOp.state == "pending"
            )
        )
    )
    merged_badly = {
        r.op_seq
        for r in results
        if r.op_seq in still_pending and merge_broke_a_rule(session, by_seq[r.op_seq], r)
    }
    done = [
        r.op_seq
        for r in results
        if r.op_seq in still_pending and (r.status != "refused" or r.op_seq in merged_badly)
    ]
    if done:
        session.execute(
            update(OutboxOp).where(OutboxOp.op_seq.in_(done)).values(state="done", error=None)
        )
    for result in results:
        if result.op_seq not in still_pending:
            continue
        if result.op_seq in merged_badly:
            keep_as_conflict(session, by_seq[result.op_seq])
            continue
        if result.status == "refused":
            note = {"reason": result.reason, "problems": result.problems}
            session.execute(
                update(OutboxOp)
                .where(OutboxOp.op_seq == result.op_seq)
                .values(state="refused", error=json.dumps(note, ensure_ascii=False))
            )
            continue
        for c in result.conflicts:
            session.add(
                SyncConflict(
                    table_name=by_seq[result.op_seq].table,
                    row_id=by_seq[result.op_seq].row_id,
                    kind=result.conflict_kind or "field",
                    field=c.field,
                    base=json.dumps(c.base),
                    server=json.dumps(c.server),
                    local=json.dumps(c.client),
                    server_version=result.row.version if result.row else 0,
                    op_seq=result.op_seq,
                )
            )
    session.flush()
    apply_states(session, [r.row for r in results if r.row is not None and r.status != "refused"])
    recompute_derived(session)
