"""Local sync state: conflicts the server returned, kept until the rep decides."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.base import Base
from crm_desktop.models.local import OutboxOp


class SyncConflict(Base):
    """One field both sides changed (or an edit against a delete): base, server and local values.

    The server kept its value; the rep may take either side, which becomes a new change.
    Values are JSON texts of the codec's scalars.
    """

    __tablename__ = "sync_conflicts"
    __table_args__ = (Index("ix_sync_conflicts_open", "resolved_at", "table_name", "row_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(16))  # field | edit_vs_delete | delete_vs_edit
    field: Mapped[str | None] = mapped_column(String(60))
    base: Mapped[str | None] = mapped_column(Text)
    server: Mapped[str | None] = mapped_column(Text)
    local: Mapped[str | None] = mapped_column(Text)
    server_version: Mapped[int] = mapped_column(Integer, default=0)
    op_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column()
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    resolution: Mapped[str | None] = mapped_column(String(8))  # server | local


# Pushing and applying pulled rows look up an outbox row's pending ops by row (revision s1).
Index("ix_sync_outbox_row", OutboxOp.table_name, OutboxOp.row_id, OutboxOp.state)


class UnappliedRow(Base):
    """A pulled row this laptop could not apply, set aside with the reason (never stops a sync).

    kind "parent": it waits for a row it points at, and is applied when that arrives; kind
    "error": its values cannot be stored here (bad types, a unique key taken). A later version of
    the row replaces the entry, and applying it clears the entry.
    """

    __tablename__ = "sync_unapplied"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)  # JSON object of the row's fields as pulled
    kind: Mapped[str] = mapped_column(String(12))  # error | parent
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()
    # Dismissed by a person who saw it (e.g. a quote number taken for good): kept, with who,
    # when and why, and no longer listed or counted, until a newer version of the row comes.
    dismissed_at: Mapped[datetime | None] = mapped_column(default=None)
    dismissed_by: Mapped[str | None] = mapped_column(String(36), default=None)
    dismiss_reason: Mapped[str | None] = mapped_column(Text, default=None)
