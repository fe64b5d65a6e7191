"""Files attached to an account or a row under it: a synced metadata row per attachment.

The bytes are not here: they live in the laptop's content store (services/attachments/), named
by their SHA-256, and travel to the server separately (sync/content.py), so a photo never holds
up the row sync. Rename is an update of `name`; delete is a tombstone, like any synced row.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.base import Base, Synced


class Attachment(Synced, Base):
    """One file on a parent row (accounts, contacts, visits, opportunities or quotes).

    `account_id` is the scope anchor: the parent's account (the account itself for its own
    files), so the server scopes, reassigns and erases it exactly like a contact."""

    __tablename__ = "attachments"
    __table_args__ = (
        Index("ix_attachments_parent", "parent_table", "parent_id"),
        Index("ix_attachments_account", "account_id", sqlite_where=text("deleted_at IS NULL")),
        Index("ix_attachments_sha256", "sha256"),
    )

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    parent_table: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str | None] = mapped_column(String(36))
