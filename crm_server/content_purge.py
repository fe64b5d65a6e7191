"""`crm-server content-purge`: partial uploads abandoned for hours, and stored content that no
live attachments row names any more (deleted by hand, erased, or never attached for good).

Bounded work: at most `limit` partial uploads and `limit` files per run, found through the hash
index (attachment_hashes) and the record of stored content (content_uploads), never by reading
every row's JSON; a cron job runs it again for the rest. Before each file goes, its hash is
checked once more in its own transaction: a file attached again meanwhile stays.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, Select, delete, select, union

from crm_desktop.clock import SYSTEM, timestamp
from crm_server import content_store as S
from crm_server.db.schema import attachment_hashes as H
from crm_server.db.schema import content_uploads as U
from crm_server.db.schema import sync_rows

PARTIAL_HOURS = 24
LIMIT = 1000


@dataclass
class Purged:
    partials: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def _live() -> Select[tuple[str]]:
    """The hashes some live attachments row names (a subquery)."""
    return (
        select(H.c.sha256)
        .select_from(H.join(sync_rows, sync_rows.c.row_id == H.c.row_id))
        .where(sync_rows.c.table_name == "attachments", sync_rows.c.deleted.is_(False))
    )


def unnamed(conn: Connection, limit: int) -> list[str]:
    """Up to `limit` hashes stored (or once attached) that no live row names: those whose every
    row is deleted, and content recorded as stored with no live row."""
    live = _live()
    of_deleted = (
        select(H.c.sha256)
        .select_from(H.join(sync_rows, sync_rows.c.row_id == H.c.row_id))
        .where(sync_rows.c.table_name == "attachments", sync_rows.c.deleted.is_(True))
    )
    stored = select(U.c.sha256)
    candidates = union(of_deleted, stored).subquery()
    query = (
        select(candidates.c.sha256)
        .where(candidates.c.sha256.not_in(live))
        .order_by(candidates.c.sha256)
        .limit(limit)
    )
    return list(conn.scalars(query))


def is_named(conn: Connection, sha: str) -> bool:
    return conn.scalar(_live().where(H.c.sha256 == sha).limit(1)) is not None


def forget(conn: Connection, sha: str) -> bool:
    """When no live row names sha: forget who stored it and its deleted rows' index entries
    (so the next run does not find it again; a row brought back is indexed again) and say
    True; else False."""
    if is_named(conn, sha):
        return False  # attached again meanwhile
    conn.execute(delete(U).where(U.c.sha256 == sha))
    conn.execute(delete(H).where(H.c.sha256 == sha))
    return True


def purge_content(
    engine: Engine,
    store: S.ContentStore,
    *,
    partial_hours: float = PARTIAL_HOURS,
    limit: int = LIMIT,
    dry_run: bool = False,
) -> Purged:
    done = Purged()
    before = timestamp(SYSTEM) - partial_hours * 3600
    for sha in store.stale_partials(before, limit):
        with S.lock_for(sha):
            if not dry_run:
                store.delete_partial(sha)
        done.partials.append(sha)
    with engine.connect() as conn:
        unnamed_now = unnamed(conn, limit)
    for sha in unnamed_now:
        with engine.begin() as conn, S.lock_for(sha):
            if dry_run:
                if is_named(conn, sha):
                    continue
            elif forget(conn, sha):
                store.delete(sha)
            else:
                continue
        done.files.append(sha)
    return done


def command(engine: Engine, args: argparse.Namespace) -> int:
    store = S.from_env(engine)
    done = purge_content(engine, store, partial_hours=args.partial_hours,
                         limit=max(1, args.limit), dry_run=args.dry_run)  # fmt: skip
    verb = "would go" if args.dry_run else "removed"
    for sha in done.partials:
        print(f"partial upload {sha} {verb}")
    for sha in done.files:
        print(f"content {sha} {verb}")
    print(f"{len(done.partials)} partial uploads and {len(done.files)} files {verb}"
          + (" (dry run)." if args.dry_run else "."))  # fmt: skip
    return 0
