"""Declarative base and the sync columns every synced row carries."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import Integer, MetaData, String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from crm_desktop.models.ids import new_id
from crm_desktop.models.types import FixedDecimal, UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Columns the sync machinery owns; they never travel as user edits.
BOOKKEEPING = frozenset({"row_key", "server_version", "created_at", "updated_at"})
# Values derived from other rows (a quote's total from its lines): never pushed, never taken
# from the server, recomputed on the laptop wherever their inputs change (a pull included).
DERIVED: dict[str, frozenset[str]] = {"quotes": frozenset({"total"})}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        Decimal: FixedDecimal(4),
    }


class Synced:
    """Mixin: the sync columns of ARCHITECTURE.md, on every row that travels to the server."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    server_version: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(nullable=False)
    updated_at: Mapped[datetime] = mapped_column(nullable=False)


@event.listens_for(Base, "init", propagate=True)
def _give_id_at_construction(target: object, _args: object, kwargs: dict[str, object]) -> None:
    """A new synced row has its UUIDv7 from the start, so children can point at it before flush."""
    if isinstance(target, Synced) and kwargs.get("id") is None:
        kwargs["id"] = new_id()


_synced: tuple[int, dict[str, type[Synced]]] = (-1, {})


def synced_classes() -> dict[str, type[Synced]]:
    """Every mapped class that takes part in sync, by table name (a copy: callers may change
    it). Walking the registry costs a sync dozens of calls: kept until a table is added."""
    global _synced
    tables = len(Base.metadata.tables)
    if _synced[0] != tables:
        found: dict[str, type[Synced]] = {}
        for mapper in Base.registry.mappers:
            cls = mapper.class_
            if issubclass(cls, Synced):
                found[mapper.local_table.name] = cls  # type: ignore[attr-defined]
        _synced = (tables, found)
    return dict(_synced[1])
