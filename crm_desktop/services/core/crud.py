"""Create, update and tombstone any synced row, validating the whole row first."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlalchemy.orm import Mapper, Session, class_mapper, sessionmaker

from crm_desktop.clock import clock_of
from crm_desktop.i18n import N_
from crm_desktop.models.base import BOOKKEEPING, Synced
from crm_desktop.models.stamps import STAMPED
from crm_desktop.services.core.errors import FieldProblem, NotFound, ValidationError
from crm_desktop.services.core.rules import validate_row

T = TypeVar("T", bound=Synced)
PROTECTED = BOOKKEEPING | {"id", "deleted_at"}


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: everything in the block is saved together, or nothing is."""
    with factory() as session, session.begin():
        yield session


def _mapper(model: type[Synced]) -> Mapper[Any]:
    return class_mapper(model)


def table_of(model: type[Synced]) -> str:
    return str(_mapper(model).local_table.name)  # type: ignore[attr-defined]


def columns_of(model: type[Synced]) -> list[str]:
    return [attr.key for attr in _mapper(model).column_attrs]


def _defaults(model: type[Synced]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for attr in _mapper(model).column_attrs:
        default = attr.columns[0].default
        if default is not None and default.is_scalar:
            found[attr.key] = default.arg
    return found


def defaults_of(model: type[Synced]) -> dict[str, Any]:
    """The model's column defaults, as create() merges them under the given values."""
    return _defaults(model)


def _reject_unknown(
    model: type[Synced], values: Mapping[str, Any], allowed_extra: set[str]
) -> None:
    known = set(columns_of(model)) - PROTECTED | allowed_extra
    unknown = [k for k in values if k not in known]
    if unknown:
        raise ValidationError(
            FieldProblem(k, "unknown_field", N_("This field cannot be set here.")) for k in unknown
        )


def current_values(obj: Synced) -> dict[str, Any]:
    return {key: getattr(obj, key) for key in columns_of(type(obj)) if key not in BOOKKEEPING}


def get_live(session: Session, model: type[T], row_id: str) -> T:
    """The row, unless it does not exist or was deleted."""
    obj = session.get(model, row_id)
    if obj is None or obj.deleted_at is not None:
        raise NotFound(table_of(model), row_id)
    return obj


def create(session: Session, model: type[T], values: Mapping[str, Any]) -> T:
    """A new row of model from values, validated whole; flushed so the outbox sees it."""
    _reject_unknown(model, values, {"id"})
    merged = _defaults(model) | dict(values)
    cleaned = validate_row(table_of(model), merged)
    obj = model(**{k: v for k, v in cleaned.items() if k in columns_of(model)})
    session.add(obj)
    session.flush()
    return obj


def create_many(session: Session, model: type[T], rows: Iterable[Mapping[str, Any]]) -> list[T]:
    """Like create for each row (all validated before any is added), with one flush at the end."""
    columns, defaults = set(columns_of(model)), _defaults(model)
    made: list[T] = []
    for values in rows:
        _reject_unknown(model, values, {"id"})
        cleaned = validate_row(table_of(model), defaults | dict(values))
        made.append(model(**{k: v for k, v in cleaned.items() if k in columns}))
    session.add_all(made)
    session.flush()
    return made


def insert_cleaned(session: Session, model: type[T], rows: Iterable[Mapping[str, Any]]) -> int:
    """Rows already cleaned by validate_row for this table (an import's preview checks every
    line with it before showing it), inserted in bulk without a second check or ORM objects;
    the SQLite triggers still capture each one in the outbox. Unknown and bookkeeping columns
    are still refused. Returns how many rows were inserted."""
    columns, defaults = set(columns_of(model)), _defaults(model)
    now = clock_of(session).now()
    stamps = {name: now for name in STAMPED if name in columns}  # as the flush listener does
    batch: list[dict[str, Any]] = []
    for values in rows:
        _reject_unknown(model, values, {"id"})
        merged = defaults | stamps | dict(values)
        batch.append({k: v for k, v in merged.items() if k in columns})
    if batch:
        session.execute(insert(model), batch)
    return len(batch)


def update(session: Session, model: type[T], row_id: str, changes: Mapping[str, Any]) -> T:
    """Apply changes to a live row after validating the row as it would become."""
    _reject_unknown(model, changes, set())
    obj = get_live(session, model, row_id)
    before = current_values(obj)
    cleaned = validate_row(table_of(model), before | dict(changes))
    for key, value in cleaned.items():
        if key in before and key not in PROTECTED and value != before[key]:
            setattr(obj, key, value)
    session.flush()
    return obj


def tombstone(session: Session, model: type[T], row_id: str) -> T:
    """Delete a row the syncable way: mark it deleted; the outbox carries a delete op."""
    obj = get_live(session, model, row_id)
    obj.deleted_at = clock_of(session).now()
    session.flush()
    return obj
