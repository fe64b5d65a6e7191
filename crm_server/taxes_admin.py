"""The taxes table, managed by an admin on the server (`crm-server taxes list|seed|add|retire`)
and synced to every laptop as global catalog data, like the products.

A tax is never deleted nor its code reused: quotes keep the rate they were made with, and a
laptop's `taxes.code` is unique. Retiring a tax sets the last day it may be quoted (valid_to).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Connection, select

from crm_desktop.clock import SYSTEM
from crm_desktop.clock import today as local_today
from crm_server.admin import AdminError
from crm_server.db.schema import GLOBAL, sync_rows

# The laptop's migration t1 seeds the same rows under the same ids (uuid5 of the code), so a
# seeded server and a new laptop agree without a single op.
SEED_NAMESPACE = "0d6f5b5e-4c0e-4c55-9c1e-7a3c2f1b9e13"


@dataclass(frozen=True)
class TaxLine:
    code: str
    name_es: str
    rate: Decimal
    kind: str
    country: str
    price_included: bool
    valid_from: str | None
    valid_to: str | None


def seed_id(code: str) -> str:
    import uuid

    return str(uuid.uuid5(uuid.UUID(SEED_NAMESPACE), f"tax:{code}"))


def _rows(conn: Connection) -> list[dict[str, Any]]:
    found = conn.execute(
        select(sync_rows.c.data).where(sync_rows.c.table_name == "taxes", ~sync_rows.c.deleted)
    )
    return [json.loads(data) for (data,) in found]


def list_taxes(conn: Connection) -> list[TaxLine]:
    return sorted(
        (
            TaxLine(
                r["code"],
                r["name_es"],
                Decimal(str(r["rate"])),
                r["kind"],
                r["country"],
                bool(r["price_included"]),
                r.get("valid_from"),
                r.get("valid_to"),
            )
            for r in _rows(conn)
        ),
        key=lambda t: (t.country, t.code),
    )


def _write_new(conn: Connection, row_id: str, values: dict[str, Any]) -> None:
    from crm_desktop.models.codec import to_json
    from crm_desktop.services.core.errors import ValidationError
    from crm_desktop.services.core.rules import validate_row
    from crm_server import rows as R

    try:
        cleaned = validate_row("taxes", values)
    except ValidationError as error:
        said = "; ".join(
            f"{name}: {' '.join(words)}" for name, words in error.by_field("en").items()
        )
        raise AdminError(f"The tax is not valid ({said}).") from error
    data = {k: to_json(v) for k, v in cleaned.items()} | {"id": row_id, "deleted_at": None}
    row = R.Row("taxes", row_id, 1, data, dict.fromkeys(data, 1), GLOBAL, None, False, is_new=True)
    R.save(conn, row)
    R.log_change(conn, row, data, None)


def seed(conn: Connection) -> list[str]:
    """The seeded Colombian and Argentine taxes the server lacks; returns their codes."""
    from crm_desktop.services.quotes.taxes import SEEDED

    held = {r["code"] for r in _rows(conn)}
    added = []
    for tax in SEEDED:
        if tax.code not in held:
            _write_new(conn, seed_id(tax.code), {
                "code": tax.code, "name_es": tax.name_es, "name_en": tax.name_en,
                "rate": tax.rate, "kind": tax.kind, "price_included": tax.price_included,
                "country": tax.country, "valid_from": tax.valid_from, "valid_to": tax.valid_to,
            })  # fmt: skip
            added.append(tax.code)
    return added


def percent(text: str) -> Decimal:
    """ "19", "10,5" or "10.5" (a percentage) as the fraction the table holds."""
    try:
        value = Decimal(text.replace(",", ".")) / 100
    except (InvalidOperation, ValueError) as error:
        raise AdminError(f"The rate {text!r} is not a number (a percentage: 19, 10.5).") from error
    if not value.is_finite():
        raise AdminError(f"The rate {text!r} is not a number (a percentage: 19, 10.5).")
    if not 0 <= value <= 1:
        raise AdminError(f"The rate {text!r} % is outside 0 to 100 %.")
    return value


def add(conn: Connection, values: dict[str, Any]) -> str:
    """A new tax; its code must never have been used (retired ones included)."""
    from crm_desktop.models.ids import new_id
    from crm_desktop.services.quotes.taxes import BY_CODE

    code = str(values.get("code") or "")
    taken = {r["code"] for r in _everything(conn)} | set(BY_CODE)
    if code in taken:
        raise AdminError(
            f"The tax code {code!r} is taken (codes are never reused); choose another."
        )
    row_id = new_id()
    _write_new(conn, row_id, values)
    return row_id


def _everything(conn: Connection) -> list[dict[str, Any]]:
    found = conn.execute(select(sync_rows.c.data).where(sync_rows.c.table_name == "taxes"))
    return [json.loads(data) for (data,) in found]


def retire(conn: Connection, code: str, last_day: date | None = None) -> date:
    """The tax may be quoted up to last_day (default today, the server's day) and no more."""
    from crm_desktop.models.codec import to_json
    from crm_server import rows as R

    ids = conn.execute(
        select(sync_rows.c.row_id, sync_rows.c.data).where(
            sync_rows.c.table_name == "taxes", ~sync_rows.c.deleted
        )
    ).all()
    found = [row_id for row_id, data in ids if json.loads(data)["code"] == code]
    if not found:
        raise AdminError(f"There is no tax {code!r} (see `crm-server taxes list`).")
    row = R.load(conn, "taxes", found[0], lock=True)
    assert row is not None
    day = last_day or local_today(SYSTEM)
    start = row.data.get("valid_from")
    if start and date.fromisoformat(str(start)) > day:
        raise AdminError(f"The tax {code!r} starts on {start}: it cannot end before that.")
    changes = {"valid_to": to_json(day)}
    row.version += 1
    row.data.update(changes)
    for name in changes:
        row.field_versions[name] = row.version
    R.save(conn, row)
    R.log_change(conn, row, changes, None)
    return day
