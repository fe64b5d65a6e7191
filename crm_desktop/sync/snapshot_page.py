"""A bootstrap page read without pydantic: plain json and checks equivalent to the protocol's
strict models (protocol.BootstrapResponse), refusing what they refuse.

A bootstrap page is tens of thousands of rows: validating each into pydantic models (Change,
RowState, a dict of JsonScalar) cost about three times what json.loads does, and the objects
made were themselves slow to build. Here every value is checked as the models check it (exact
JSON types, no coercion: no float anywhere, no bool for a number; the same length and count
bounds; no key the models do not know, none missing) and the rows come out as light tuples
with the same attributes (table, row_id, version, fields). tests/sync/test_snapshot_page.py
holds the two to the same answers on generated and mutated pages.

One difference, deliberate: a page may only hold row states (the server sends nothing else in
a bootstrap); an eviction or a change without its row is refused here as a bad page, where the
models would accept it and the apply refuse it later.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any, NamedTuple

from crm_desktop.sync.protocol import (
    INT64_MAX,
    INT64_MIN,
    MAX_FIELD_NAME,
    MAX_FIELDS,
    MAX_TEXT,
    Cursor,
)


class BadPage(ValueError):
    """The page is not a valid BootstrapResponse (or holds more than row states)."""


class SnapshotRow(NamedTuple):
    """A row as the server holds it now: what protocol.RowState carries."""

    table: str
    row_id: str
    version: int
    fields: dict[str, Any]


@dataclass(frozen=True)
class SnapshotPage:
    rows: list[SnapshotRow]
    table: str | None
    after: str | None
    done: bool
    cursor: Cursor | None
    total: int | None


_PAGE_KEYS = frozenset({"changes", "table", "after", "done", "cursor", "total"})
_CHANGE_KEYS = frozenset({"kind", "row", "account_id"})
_ROW_KEYS = frozenset({"table", "row_id", "version", "fields"})
_CURSOR_KEYS = frozenset({"txid", "seq"})


def _count(value: Any) -> bool:
    return type(value) is int and 0 <= value <= INT64_MAX


def _text(value: Any, low: int, high: int) -> bool:
    return type(value) is str and low <= len(value) <= high


_SCALARS = frozenset({str, int, bool, type(None)})


def _check_fields(every: list[Any]) -> None:
    """Check the fields of every row of a page at once, in C loops (set, map, filter, max over
    all the values) instead of a Python loop over each value: each a dict of at most
    MAX_FIELDS names of 1..MAX_FIELD_NAME characters, each value a JSON scalar the models take
    (text up to MAX_TEXT characters, an integer in int64, a bool, null)."""
    if not every:
        return
    if set(map(type, every)) != {dict}:
        raise BadPage("fields")
    if max(map(len, every)) > MAX_FIELDS:
        raise BadPage("too many fields")
    names: set[str] = set().union(*every)
    if names and (min(map(len, names)) < 1 or max(map(len, names)) > MAX_FIELD_NAME):
        raise BadPage("field name")
    if not set(map(type, _values(every))) <= _SCALARS:
        raise BadPage("field value")
    if max(map(len, filter(str.__instancecheck__, _values(every))), default=0) > MAX_TEXT:
        raise BadPage("text too long")
    numbers = list(filter(int.__instancecheck__, _values(every)))  # bools too: in range
    if numbers and (min(numbers) < INT64_MIN or max(numbers) > INT64_MAX):
        raise BadPage("integer out of range")


def _values(every: list[dict[str, Any]]) -> Iterator[Any]:
    return chain.from_iterable(map(dict.values, every))


def _row(change: Any) -> SnapshotRow:
    if type(change) is not dict or not change.keys() <= _CHANGE_KEYS:
        raise BadPage("change")
    kind, row, account_id = change.get("kind"), change.get("row"), change.get("account_id")
    if kind not in ("row", "evict") or type(kind) is not str:
        raise BadPage("change kind")
    if account_id is not None and type(account_id) is not str:
        raise BadPage("account id")
    if type(row) is not dict or row.keys() != _ROW_KEYS:
        # None is a valid Change, but not in a bootstrap page (see the module's note)
        raise BadPage("a bootstrap page holds row states only")
    table, row_id, version = row["table"], row["row_id"], row["version"]
    if not _text(table, 1, 40) or not _text(row_id, 1, 36) or type(version) is not int:
        raise BadPage("row")
    if kind != "row":
        raise BadPage("a bootstrap page holds row states only")
    return SnapshotRow(table, row_id, version, row["fields"])


def parse_page(content: bytes | str) -> SnapshotPage:
    """The page in content (JSON), checked; raises BadPage."""
    try:
        page = json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise BadPage("not JSON") from error
    if type(page) is not dict or not page.keys() <= _PAGE_KEYS:
        raise BadPage("page")
    changes, done = page.get("changes"), page.get("done")
    if type(changes) is not list or type(done) is not bool:
        raise BadPage("page")
    table, after = page.get("table"), page.get("after")
    if (table is not None and type(table) is not str) or (
        after is not None and type(after) is not str
    ):
        raise BadPage("page position")
    total = page.get("total")
    if total is not None and not _count(total):
        raise BadPage("total")
    cursor = page.get("cursor")
    if cursor is not None:
        if type(cursor) is not dict or cursor.keys() != _CURSOR_KEYS:
            raise BadPage("cursor")
        if not _count(cursor["txid"]) or not _count(cursor["seq"]):
            raise BadPage("cursor")
        cursor = Cursor.model_construct(txid=cursor["txid"], seq=cursor["seq"])
    rows = [_row(change) for change in changes]
    _check_fields([row.fields for row in rows])
    return SnapshotPage(rows, table, after, done, cursor, total)
