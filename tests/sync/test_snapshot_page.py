"""The bootstrap page's fast reader (sync/snapshot_page.py) refuses what the protocol's strict
models refuse, and reads what they accept to the same values: checked on pages generated and
then mutated at random (a value of another JSON type, a key missing or unknown, a bound
crossed), each compared with BootstrapResponse.model_validate_json on the same bytes."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import pytest
from pydantic import ValidationError

from crm_desktop.sync import protocol as P
from crm_desktop.sync.snapshot_page import BadPage, parse_page

ODD_VALUES: list[Any] = [
    None, True, False, 0, -1, 1.5, 2.0, float("nan"), 2**63, 2**63 - 1, -(2**63), -(2**63) - 1,
    2**80, "", "x", "x" * 37, "x" * 41, "x" * 65, [], [1], {}, {"a": 1}, "1", "true",
]  # fmt: skip


def _page(rng: random.Random) -> dict[str, Any]:
    rows = []
    for n in range(rng.randint(0, 4)):
        fields = {f"f{i}": rng.choice(["texto", 7, -3, True, None, "2026-01-01"]) for i in range(5)}
        table = rng.choice(["accounts", "contacts"])
        state = {"table": table, "row_id": f"id-{n}", "version": rng.randint(1, 9)}
        rows.append({"kind": "row", "row": state | {"fields": fields}})
    page: dict[str, Any] = {"changes": rows, "done": rng.random() < 0.5}
    if rng.random() < 0.5:
        page["cursor"] = {"txid": rng.randint(0, 99), "seq": rng.randint(0, 99)}
        page["total"] = rng.randint(0, 99)
    if rng.random() < 0.5:
        page["table"], page["after"] = "contacts", "id-3"
    return page


def _places(doc: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside doc (dict keys and list indexes)."""
    found = [path]
    if isinstance(doc, dict):
        for key, value in doc.items():
            found += _places(value, (*path, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            found += _places(value, (*path, i))
    return found


def _mutate(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    place = rng.choice(_places(doc)[1:] or [("changes",)])
    parent: Any = doc
    for step in place[:-1]:
        parent = parent[step]
    last = place[-1]
    action = rng.random()
    if action < 0.6:
        parent[last] = rng.choice(ODD_VALUES)
    elif action < 0.75 and isinstance(parent, dict):
        del parent[last]
    elif action < 0.85 and isinstance(parent, dict):
        parent[rng.choice(["extra", "kind", "row", "fields", "x" * 65])] = rng.choice(ODD_VALUES)
    elif action < 0.9 and isinstance(parent[last], dict):
        parent[last].update({f"g{i}": 1 for i in range(P.MAX_FIELDS + 1)})
    elif action < 0.95:
        parent[last] = "y" * (P.MAX_TEXT + rng.choice([0, 1]))
    else:
        parent[last] = {"kind": "evict", "account_id": "a1"}
    return doc


def _model(raw: bytes) -> P.BootstrapResponse | None:
    try:
        return P.BootstrapResponse.model_validate_json(raw)
    except ValidationError:
        return None


def _fast(raw: bytes) -> Any:
    try:
        return parse_page(raw)
    except BadPage:
        return None


@pytest.mark.parametrize("seed", range(4))
def test_the_fast_reader_refuses_what_the_models_refuse(seed: int) -> None:
    rng = random.Random(seed)
    accepted = refused = 0
    for _ in range(400):
        doc = _page(rng)
        for _ in range(rng.randint(0, 2)):
            doc = _mutate(doc, rng)
        raw = json.dumps(doc).encode()
        model, fast = _model(raw), _fast(raw)
        if model is None:
            assert fast is None, raw[:300]
            refused += 1
            continue
        rows_only = all(c.kind == "row" and c.row is not None for c in model.changes)
        if not rows_only:  # valid Changes, but not in a bootstrap page (the module's note)
            assert fast is None
            continue
        assert fast is not None, raw[:300]
        accepted += 1
        assert [tuple(r) for r in fast.rows] == [
            (c.row.table, c.row.row_id, c.row.version, c.row.fields)
            for c in model.changes
            if c.row is not None
        ]
        assert (fast.table, fast.after, fast.done, fast.total) == (
            model.table, model.after, model.done, model.total,
        )  # fmt: skip
        assert fast.cursor == model.cursor
    assert accepted > 50 and refused > 100  # both sides of the line were exercised


@pytest.mark.parametrize(
    "raw",
    [b"", b"[]", b"{", b'{"changes": [], "done": 1}', b'{"changes": [], "done": true, "x": 1}',
     b'{"changes": [], "done": true, "total": 1.0}', b'{"changes": [], "done": true, "total": NaN}',
     b'{"changes": [], "done": true, "cursor": {"txid": true, "seq": 0}}',
     b'{"changes": [{"kind": "row", "row": {"table": "a", "row_id": "b", "version": 1,'
     b' "fields": {"n": 1e3}}}], "done": true}'],
)  # fmt: skip
def test_pages_both_refuse(raw: bytes) -> None:
    assert _model(raw) is None
    assert _fast(raw) is None
