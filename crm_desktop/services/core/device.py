"""This database file's identity and its never-reused counters."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crm_desktop.models.ids import new_id
from crm_desktop.models.local import DeviceCounter, SyncMeta


def meta_get(session: Session, key: str) -> str | None:
    row = session.get(SyncMeta, key)
    return row.value if row is not None else None


def meta_set(session: Session, key: str, value: str) -> None:
    row = session.get(SyncMeta, key)
    if row is None:
        session.add(SyncMeta(key=key, value=value))
    else:
        row.value = value


def meta_delete(session: Session, key: str) -> None:
    row = session.get(SyncMeta, key)
    if row is not None:
        session.delete(row)


def client_id(session: Session) -> str:
    """The client id of this database file, made on first use."""
    existing = meta_get(session, "client_id")
    if existing is not None:
        return existing
    made = new_id()
    meta_set(session, "client_id", made)
    session.flush()
    return made


def device_code(session: Session) -> str:
    """A short code for this device, part of every number it hands out."""
    return client_id(session).replace("-", "")[-4:].upper()


def next_value(session: Session, name: str) -> int:
    """The next value of a per-device counter; taken values are never given out again."""
    if session.get(DeviceCounter, name) is None:
        session.add(DeviceCounter(name=name, value=0))
        session.flush()
    session.execute(
        update(DeviceCounter)
        .where(DeviceCounter.name == name)
        .values(value=DeviceCounter.value + 1)
    )
    value = session.scalar(select(DeviceCounter.value).where(DeviceCounter.name == name))
    assert value is not None
    return value


def next_quote_number(session: Session, rep_prefix: str) -> str:
    """PREFIX-DEVICE-000123: unique across reps and laptops with no server round trip."""
    prefix = (rep_prefix or "Q").upper()
    return f"{prefix}-{device_code(session)}-{next_value(session, 'quote_number'):06d}"
