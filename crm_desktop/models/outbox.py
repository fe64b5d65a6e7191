"""Capture of local writes into sync_outbox: triggers do it (capture.py); this module stamps
updated_at on ORM writes, pauses capture for server data, and checks capture on open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from crm_desktop.clock import clock_of
from crm_desktop.models.base import Synced
from crm_desktop.models.capture import (
    CAPTURE_OFF_TABLE,
    install_capture_triggers,
    outdated_triggers,
)
from crm_desktop.models.catalog import Product
from crm_desktop.models.local import OutboxOp

# Sessions flagged with this key are applying server changes (set by remote_changes).
APPLYING_REMOTE = "applying_remote"
CHECK_CODE = "__capture_self_check__"


class CaptureBroken(RuntimeError):
    """The outbox capture of this file does not work: editing would lose changes."""


@event.listens_for(Session, "before_flush")
def _stamp_updated_at(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    """Every Session, however made: a changed synced row gets a new updated_at."""
    if session.info.get(APPLYING_REMOTE):
        return
    now = clock_of(session).now()
    for obj in session.dirty:
        if isinstance(obj, Synced) and session.is_modified(obj, include_collections=False):
            obj.updated_at = now


@contextmanager
def remote_changes(session: Session) -> Iterator[Session]:
    """Writes in the block are the server's: they make no outbox op and keep updated_at.

    The switch is a row of sync_capture_off in this transaction only: it is removed before the
    block ends, and a rollback removes it too, so capture cannot stay off by accident.
    """
    session.info[APPLYING_REMOTE] = True
    session.execute(text(f"INSERT INTO {CAPTURE_OFF_TABLE} (reason) VALUES ('remote')"))
    try:
        yield session
    finally:
        session.info[APPLYING_REMOTE] = False
    session.execute(text(f"DELETE FROM {CAPTURE_OFF_TABLE}"))


def verify_capture(factory: sessionmaker[Session]) -> None:
    """Refuse to edit a file whose capture does not work (raises CaptureBroken, saying why).

    Clears a pause left committed by mistake, puts back capture triggers that are missing or
    outdated, then writes a row through a session of factory in a transaction that is rolled
    back: it must make its op.
    """
    with factory() as session, session.begin():
        session.execute(text(f"DELETE FROM {CAPTURE_OFF_TABLE}"))
        if outdated_triggers(session.connection()):  # dropped by a tool, or an older program's
            install_capture_triggers(session.connection())
    with factory() as session:
        session.begin()
        try:
            probe = Product(code=CHECK_CODE, name=CHECK_CODE)
            session.add(probe)
            session.flush()
            made = session.scalar(
                select(func.count()).where(
                    OutboxOp.table_name == "products", OutboxOp.row_id == probe.id
                )
            )
        finally:
            session.rollback()
    if made != 1:
        raise CaptureBroken(
            "This database file does not record changes for sync: a test write made no entry "
            "in the outbox. Editing is refused so no change is lost."
        )
