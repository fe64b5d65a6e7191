"""The last checks of a row once an op is merged into it: size, emptied fields, references,
then the laptop's unique keys (claimed last, so nothing refuses the op after it)."""

from __future__ import annotations

import json

from crm_server import checks, unique
from crm_server import limits as L
from crm_server.batch import Batch

JsonScalar = str | int | bool | None
Refusal = tuple[str, dict[str, str]]  # the reason, and field -> words


def refusal(
    batch: Batch,
    table: str,
    row_id: str,
    before: dict[str, JsonScalar],
    after: dict[str, JsonScalar],
) -> Refusal | None:
    size = len(json.dumps(after, ensure_ascii=False).encode())
    if size > L.MAX_ROW:
        return f"The record is too large ({size:,} bytes; {L.MAX_ROW:,} at most).", {}
    empty = checks.empty_problems(table, after)
    if empty:
        return "A field that cannot be empty is empty.", empty
    dangling = _dangling(batch, table, before, after)
    if dangling:
        return " ".join(sorted(set(dangling.values()))), dangling
    taken = unique.claim(batch.conn, table, row_id, before, after)
    if taken:
        return " ".join(taken.values()), taken
    return None


def _dangling(
    batch: Batch, table: str, before: dict[str, JsonScalar], after: dict[str, JsonScalar]
) -> dict[str, str]:
    """Fields naming a record the server does not have (every laptop's foreign keys fail)."""
    return {
        name: f"It points at a record of {target} that is not on the server."
        for name, target in checks.references(table).items()
        if after.get(name) is not None
        and after.get(name) != before.get(name)
        and not batch.exists(target, str(after[name]))
    }
