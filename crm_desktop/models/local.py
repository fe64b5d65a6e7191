"""Tables that live only on this laptop: the outbox, sync state and device counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.base import Base


class OutboxOp(Base):
    """One local change waiting to be pushed, written in the change's own transaction."""

    __tablename__ = "sync_outbox"
    __table_args__ = (Index("ix_sync_outbox_state", "state", "op_seq"),)

    op_seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(8))  # insert | update | delete
    fields: Mapped[str] = mapped_column(Text)  # JSON object of changed fields
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column()


class SyncMeta(Base):
    """Key/value facts about this database file: client id, cursor, last sync outcome."""

    __tablename__ = "sync_meta"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)  # "evicted:" + an id: 44
    value: Mapped[str] = mapped_column(Text)


class DeviceCounter(Base):
    """Per-device sequences (quote numbers) that are never reused."""

    __tablename__ = "device_counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class CapturePause(Base):
    """While a transaction holds a row here, the capture triggers write nothing (server data).

    Never committed with a row: models/outbox.remote_changes removes it before commit.
    """

    __tablename__ = "sync_capture_off"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reason: Mapped[str] = mapped_column(String(40))


class ImportBatch(Base):
    """One import's journal (what it created, what it changed and the values before): kept in
    the database file, written in the import's own transaction, so a copy of the file can still
    undo it."""

    __tablename__ = "import_batches"
    __table_args__ = (Index("ix_import_batches_made_at", "made_at"),)

    batch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    made_at: Mapped[str] = mapped_column(String(40))  # ISO instant, as the journal says
    source: Mapped[str] = mapped_column(String(260))
    accounts_created: Mapped[int] = mapped_column(Integer, default=0)
    journal: Mapped[str] = mapped_column(Text)  # the whole Journal as JSON
    undone_at: Mapped[str | None] = mapped_column(String(40))
