"""The sync engine: push the outbox in order, then pull pages; each step one local transaction."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError as PydanticError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from crm_desktop.clock import clock_of
from crm_desktop.models.base import synced_classes
from crm_desktop.models.codec import to_json
from crm_desktop.models.local import OutboxOp
from crm_desktop.models.outbox import remote_changes
from crm_desktop.models.privacy import PrivacyRequest
from crm_desktop.models.sync_state import SyncConflict
from crm_desktop.secure.stale import keep_verifier
from crm_desktop.secure.wipe import WipeNotice, wipe_laptop
from crm_desktop.services.accounts.privacy import anonymize_rows, erase_leftovers
from crm_desktop.services.core.device import meta_delete, meta_get, meta_set
from crm_desktop.sync import bulk_indexes, setaside
from crm_desktop.sync import protocol as P
from crm_desktop.sync.apply import (
    REFETCH_KEY,
    apply_states,
    evict_account,
    prune_evicted,
    retry_set_aside,
    table_rank,
)
from crm_desktop.sync.bulk import apply_snapshot
from crm_desktop.sync.client import SyncClient, SyncError
from crm_desktop.sync.identity import ensure_identity
from crm_desktop.sync.record import recompute_derived, record_push
from crm_desktop.sync.snapshot_page import SnapshotPage, SnapshotRow

CURSOR_KEY = "pull_cursor"
# Where a bootstrap stands (its cursor, the next table and row id, rows done and in all), kept
# with each page it applied: a killed or cut-off bootstrap goes on from there.
BOOTSTRAP_KEY = "bootstrap"
BOOTSTRAP_LIMIT = 20_000  # rows per bootstrap page (the server also stops at 8 MiB)
LAST_OK_KEY, LAST_ERROR_KEY, LAST_KIND_KEY = "last_sync_ok_at", "last_sync_error", "last_sync_kind"
HELD_BACK_WAITS = 10
REFETCH_BATCH = 1000  # the protocol's bound on refetch per request
MAX_ROUNDS = 10_000  # bounds every loop; a 250,000-row scope takes ~125 pages
# A push carries at most this many bytes of fields (the server takes 16 MiB bodies, and counts
# JSON values too): a queue of big rows goes in several pushes instead of a 413 every time.
PUSH_BYTES = 4 * 1024 * 1024
OP_OVERHEAD = 160  # the op's own keys and numbers, as JSON
# Pushes go in pages of push_batch (500) ops, each recorded locally as its answer arrives: a lost
# answer costs that page sent again (answered from the server's replay cache, op_seq), and the
# status bar counts the pages. Not smaller pages: gzip makes an op ~30-40 bytes each way, so over
# a lossy mobile link a page of 500 is ~15 KB up and 11 KB down, and each extra request costs
# more than its bytes (bench/bench_link.py: 500 changes over 3G in two pages of 250 took
# 1.2-1.7x as long as in one page; five pages of 100, twice as long).


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
    unapplied_why: tuple[str, str] | None = None  # the newest one's (kind, reason)


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
        unapplied_why=setaside.latest_reason(session),
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
        bootstrap: bool = False,
        progress: Callable[[int, int], None] | None = None,
        sending: Callable[[int, int], None] | None = None,
    ) -> None:
        """bootstrap: a laptop with no pull cursor yet takes its scope as a snapshot in big
        pages (POST /v1/sync/bootstrap) before pulling changes; off, it pages the change log.
        progress(done, total) is called after each bootstrap page; sending(sent, total) before
        the first push page and after each one (changes answered, changes to send)."""
        self.sessions, self.db_path, self.client = sessions, db_path, client
        self.push_batch, self.pull_limit = push_batch, pull_limit
        self.bootstrap, self.progress, self.sending = bootstrap, progress, sending
        self.push_pages: list[int] = []  # ops per push request of the last sync (for figures)
        # Attachment content (sync/content.py), run after the rows when set: its failures are
        # kept in content_report and never fail or hold up the row sync.
        self.after_rows: Callable[[], object] | None = None
        self.content_report: object | None = None
        self.unlock_in_pull = True  # False: asked in a request of its own (bench's comparator)
        self.unlock: P.UnlockVerifier | None = None

    def sync(self) -> SyncReport:
        """Push everything pending, then pull until the server has nothing more.

        A server that says this laptop was revoked (or its user deactivated) ends it at once:
        nothing more is pushed, the data is erased (secure/wipe.py) and SyncError("wipe") says
        why; the database must not be used after that."""
        try:
            with self.sessions() as session, session.begin():
                client_id, minted = ensure_identity(session, self.db_path)
            self.client.client_id = client_id
            pushed = self._push_all(client_id)
            self.unlock = None  # the pull brings it, from a server that knows how (else asked)
            pulled, evicted = self._pull_all(client_id)
            verifier = self.unlock or self._unlock_verifier(client_id)
        except SyncError as error:
            if error.kind == "wipe":
                self.wipe(error)
                raise
            self._note(error)
            raise
        self._note(None, verifier)
        if self.after_rows is not None:
            try:
                self.content_report = self.after_rows()
            except Exception as error:
                self.content_report = error
        return SyncReport(pushed[0], pushed[1], pushed[2], pulled, evicted, minted)

    def sign_in(self, password: str) -> P.UserInfo:
        """Sign in naming this laptop (its database file's client id, a fresh one for a copied
        file): the server binds the session to it and knows which laptop signed in. A laptop
        the server revoked (or whose user it deactivated) is refused and erases itself, as at
        a sync; SyncError("wipe") says why."""
        with self.sessions() as session, session.begin():
            client_id, _minted = ensure_identity(session, self.db_path)
        self.client.client_id = client_id
        try:
            return self.client.login(password)
        except SyncError as error:
            if error.kind == "wipe":
                self.wipe(error)
            raise

    def wipe(self, error: SyncError) -> WipeNotice:
        """Close this engine's connections and erase the laptop's data (the server said so)."""
        with self.sessions() as session:
            at = str(to_json(clock_of(session).now()))
        bind = self.sessions.kw.get("bind")
        if bind is not None:
            bind.dispose()
        return wipe_laptop(
            self.db_path,
            error.code,
            error.message,
            at,
            self.client.server_url,
            self.client.username,
        )

    def _unlock_verifier(self, client_id: str) -> P.UnlockVerifier | None:
        """The hash of the code that unlocks this laptop if it goes too long without a sync
        (secure/stale.py); None from a server that does not give one."""
        try:
            return self.client.unlock_verifier(
                P.LaptopRequest(
                    protocol=P.PROTOCOL_VERSION,
                    schema_version=P.SCHEMA_VERSION,
                    client_id=client_id,
                )
            )
        except SyncError as error:
            if error.kind != "refused":
                raise
            return None

    def _note(self, error: SyncError | None, verifier: P.UnlockVerifier | None = None) -> None:
        with self.sessions() as session, session.begin():
            if verifier is not None:
                keep_verifier(session, verifier)
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

    def _pending_count(self) -> int:
        with self.sessions() as session:
            query = select(func.count()).select_from(OutboxOp).where(OutboxOp.state == "pending")
            return int(session.scalar(query) or 0)

    def _push_all(self, client_id: str) -> tuple[int, int, int]:
        pushed = conflicts = refused = 0
        most = self.push_batch
        self.push_pages = []
        total = self._pending_count() if self.sending is not None else 0
        if self.sending is not None and total:
            self.sending(0, total)
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
            self.push_pages.append(len(ops))
            pushed += len(ops)
            conflicts += sum(r.status == "conflict" for r in response.results)
            refused += sum(r.status == "refused" for r in response.results)
            if self.sending is not None:
                self.sending(pushed, max(pushed, total))
        return pushed, conflicts, refused

    # -- pull ------------------------------------------------------------------------------
    def _bootstrap_all(self, client_id: str) -> tuple[int, int]:
        """Take the scope as a snapshot, page by page, each page with where it stands in one
        local transaction; at the end the snapshot's cursor becomes the pull cursor. The next
        page is asked for while this one is applied (its place is in this one's answer): the
        server and the wire work while the laptop writes. A page is only ever kept with its
        own transaction, so a prefetched answer lost with a crash is asked for again."""
        tables = sorted(synced_classes(), key=lambda n: table_rank().get(n, 99))
        with self.sessions() as session:
            raw = meta_get(session, BOOTSTRAP_KEY)
        state = json.loads(raw) if raw else None

        def ask(table: str | None, after: str | None) -> SnapshotPage:
            return self.client.bootstrap(
                P.BootstrapRequest(
                    protocol=P.PROTOCOL_VERSION,
                    schema_version=P.SCHEMA_VERSION,
                    client_id=client_id,
                    tables=tables,
                    table=table,
                    after=after,
                    limit=BOOTSTRAP_LIMIT,
                )
            )

        try:
            return self._bootstrap_pages(ask, state)
        finally:  # done or stopped by an error: the file is never left without its indexes
            with self.sessions() as session, session.begin():
                bulk_indexes.restore(session.connection())

    def _bootstrap_pages(
        self, ask: Callable[[str | None, str | None], SnapshotPage], state: Any
    ) -> tuple[int, int]:
        pulled = erased = 0
        with ThreadPoolExecutor(max_workers=1) as pool:
            coming = pool.submit(
                ask, *((state["table"], state["after"]) if state else (None, None))
            )
            for _ in range(MAX_ROUNDS):
                response = coming.result()
                if not response.done:
                    coming = pool.submit(ask, response.table, response.after)
                if state is None:
                    if response.cursor is None:
                        raise SyncError("bad_answer", "The server's first page has no cursor.")
                    state = {"cursor": dict(response.cursor), "done": 0,
                             "total": response.total or 0}  # fmt: skip
                with remote_tx(self.sessions) as session:
                    bulk_indexes.drop(session.connection())  # once, with its mark
                    erased += erase_requests_in(session, response.rows)
                    pulled += apply_snapshot(session, response.rows, search=False)
                    recompute_derived(session)
                    state["done"] += len(response.rows)
                    if response.done:
                        save_cursor(session, P.Cursor.model_validate(state["cursor"]))
                        meta_delete(session, BOOTSTRAP_KEY)
                    else:
                        state["table"], state["after"] = response.table, response.after
                        meta_set(session, BOOTSTRAP_KEY, json.dumps(state))
                if self.progress is not None:
                    self.progress(state["done"], max(state["done"], state["total"]))
                if response.done:
                    break
        return pulled, erased

    def _pull_all(self, client_id: str) -> tuple[int, int]:
        pulled = evicted = waits = erased = 0
        with self.sessions() as session:
            fresh = meta_get(session, CURSOR_KEY) is None
            going = meta_get(session, BOOTSTRAP_KEY) is not None
        if fresh and (self.bootstrap or going):
            pulled, erased = self._bootstrap_all(client_id)
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
                ),
                unlock=self.unlock_in_pull,
            )
            self.unlock = response.unlock or self.unlock
            counts, left = (0, 0), []
            if not self._idle(response, queued, raw):
                with remote_tx(self.sessions) as session:
                    erased += erase_pulled_requests(session, response.changes)
                    counts = apply_page(session, response.changes)
                    # The page may have queued more (an account back after an eviction).
                    # Rows asked for that did not fit in the page's bytes are asked for again.
                    unsent = [[r.table, r.row_id] for r in response.refetch_left
                              if [r.table, r.row_id] in refetch]  # fmt: skip
                    left = unsent + [r for r in json.loads(meta_get(session, REFETCH_KEY) or "[]")
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
        with self.sessions() as session, session.begin():
            prune_evicted(session)  # accounts that left and never came back: forget, in time
        if erased:
            self._erase_leftovers()
        return pulled, evicted

    def _idle(self, response: P.PullResponse, queued: list[object], raw: str | None) -> bool:
        """An empty page that moves nothing (the cursor stays, nothing asked again, no row set
        aside to retry): no local transaction at all."""
        if response.changes or queued or raw != response.cursor.model_dump_json():
            return False
        with self.sessions() as session:
            return not setaside.has_any(session)

    def _erase_leftovers(self) -> None:
        bind = self.sessions.kw.get("bind")
        if bind is not None:
            erase_leftovers(bind, self.db_path)


def erase_pulled_requests(session: Session, changes: list[P.Change]) -> int:
    """Erase requests made on another laptop, before the page applies: the person's strings
    are read from this laptop's rows while they still hold them, so its outbox, conflicts,
    mail and search index lose them too (the rows themselves arrive erased)."""
    return erase_requests_in(session, [c.row for c in changes if c.row is not None])


def erase_requests_in(session: Session, rows: Sequence[P.RowState | SnapshotRow]) -> int:
    """erase_pulled_requests for the row states of a page."""
    done = 0
    for row in rows:
        if (
            row.table == "privacy_requests"
            and row.fields.get("action") == "anonymize"
            and session.get(PrivacyRequest, row.row_id) is None
        ):
            contact = row.fields.get("contact_id")
            anonymize_rows(
                session, str(row.fields.get("account_id")), str(contact) if contact else None
            )
            done += 1
    return done


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
