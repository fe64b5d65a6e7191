"""Column values to and from JSON, for the outbox and the wire."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column
from sqlalchemy.orm import Mapper

from crm_desktop.models.types import FixedDecimal, UTCDateTime

JsonValue = str | int | bool | None


def to_json(value: Any) -> JsonValue:
    """A column value as a JSON scalar: Decimal and dates become strings."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__} for sync")


def from_json(column: Column[Any], value: JsonValue) -> Any:
    """A JSON scalar back to the Python type of the column."""
    if value is None:
        return None
    col_type = column.type
    if isinstance(col_type, FixedDecimal):
        return Decimal(str(value))
    if isinstance(col_type, UTCDateTime):
        return datetime.fromisoformat(str(value))
    if col_type.python_type is date:
        return date.fromisoformat(str(value))
    return value


def row_fields(mapper: Mapper[Any], obj: object, skip: frozenset[str]) -> dict[str, JsonValue]:
    """Every column of obj as JSON scalars, leaving out the bookkeeping ones."""
    return {
        attr.key: to_json(getattr(obj, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in skip
    }
