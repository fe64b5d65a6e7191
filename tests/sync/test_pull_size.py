"""Pull pages are capped in bytes as well as rows: a page stops before the byte budget (a single
bigger row goes alone), the cursor names exactly the last entry covered, and rows asked for again
that did not fit are asked for in the next request."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crm_desktop.models import Account
from crm_desktop.sync import protocol as P
from crm_server import limits as L
from crm_server.auth import Principal
from crm_server.pull import pull
from tests.sync.harness import ServerDb, ServerProcess, add_user, make_laptop

NOTES = 20_000  # characters the rules allow in an account's notes (the field-size limit)


def _near_limit(tag: str) -> str:
    """Notes of just under the limit, half of it two-byte characters (bytes are what count)."""
    return (tag + " " + "ñx" * NOTES)[: NOTES - 5]


def test_a_big_scope_comes_in_pages_under_the_byte_budget(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    rep = add_user(server_db, "ana")
    add_user(server_db, "boss", "manager")
    ana = make_laptop("a", tmp_path, template_db, server, "ana")
    notes = {i: _near_limit(f"Cliente {i}") for i in range(260)}  # ~30 KiB a row, ~8 MiB in all
    ids = {ana.new_account(rep, legal_name=f"Cliente {i:03}", notes=n): n for i, n in notes.items()}
    ana.sync()
    boss = make_laptop("m", tmp_path, template_db, server, "boss")
    boss.engine.pull_limit = 2000
    for laptop in (boss, ana):  # a manager's first sync, and the rep's own file again
        assert all((laptop.get(Account, i).notes == n) for i, n in ids.items())
    # A fresh laptop's pages: every answer within the budget, several of them, nothing twice.
    fresh = make_laptop("m2", tmp_path, template_db, server, "boss")
    pages: list[int] = []
    pull_real = fresh.client.pull

    def measured(request: P.PullRequest, unlock: bool = False) -> P.PullResponse:
        before = fresh.client.received_bytes
        answer = pull_real(request, unlock)
        pages.append(fresh.client.received_bytes - before)
        return answer

    fresh.client.pull = measured  # type: ignore[method-assign]
    with fresh.tx() as s:  # start over from an empty cursor (the rows stay: same versions)
        from crm_desktop.sync.engine import CURSOR_KEY, meta_set

        meta_set(s, CURSOR_KEY, "")
    report = fresh.sync()
    assert report.pulled >= len(ids) and len(pages) >= 2, pages
    assert max(pages) <= L.MAX_PULL_PAGE + 4096  # gzip is off for answers; a little envelope
    pages.clear()
    assert fresh.sync().pulled == 0 and len(pages) == 1  # the cursor is exact: nothing again
    for laptop in (ana, boss, fresh):
        laptop.close()


def _page(db: ServerDb, cursor: P.Cursor | None, budget: int, refs: list[P.RowRef] = ()) -> Any:  # type: ignore[assignment]
    boss = Principal(user_id="boss", username="boss", role="manager")
    with db.engine.begin() as conn:
        return json.loads(pull(conn, boss, cursor, 2000, list(refs), budget=budget))


def test_a_row_bigger_than_the_budget_goes_alone_and_the_cursor_is_exact(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    rep = add_user(server_db, "ana")
    ana = make_laptop("a", tmp_path, template_db, server, "ana")
    big = [ana.new_account(rep, legal_name=f"Grande {i}", notes=_near_limit(str(i)))
           for i in range(5)]  # fmt: skip
    ana.update(Account, big[0], city="Pasto")  # a second mention of a row: sent once, at the end
    ana.sync()
    row = len(
        json.dumps(
            _page(server_db, None, L.MAX_PULL_PAGE)["changes"][-1], ensure_ascii=False
        ).encode()
    )
    assert 25_000 < row < 40_000
    for budget, most in ((row // 2, 1), (row * 2 + 100, 2), (L.MAX_PULL_PAGE, 5)):
        seen: list[str] = []
        cursor, pages = None, 0
        while True:
            page = _page(server_db, cursor, budget)
            pages += 1
            rows = [c["row"] for c in page["changes"] if c["kind"] == "row"]
            assert len([r for r in rows if r["table"] == "accounts"]) <= most
            if budget < row:
                assert len(page["changes"]) == 1  # each row alone, none left behind
            assert len(json.dumps(page["changes"], ensure_ascii=False).encode()) <= max(
                budget, row + 100
            )
            seen += [r["row_id"] for r in rows if r["table"] == "accounts"]
            cursor = P.Cursor.model_validate(page["cursor"])
            if not page["has_more"]:
                break
            assert pages < 50
        # Every row, none skipped; the updated one twice only when its two mentions fell in
        # different pages (as with pages cut by row count), once when they share a page.
        assert set(seen) == set(big) and len(seen) <= len(big) + (budget < L.MAX_PULL_PAGE)
        assert _page(server_db, cursor, budget)["changes"] == []
    ana.close()


def test_rows_asked_again_that_do_not_fit_are_left_for_the_next_request(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    rep = add_user(server_db, "ana")
    ana = make_laptop("a", tmp_path, template_db, server, "ana")
    big = [ana.new_account(rep, legal_name=f"Grande {i}", notes=_near_limit(str(i)))
           for i in range(3)]  # fmt: skip
    ana.sync()
    cursor = P.Cursor.model_validate(_page(server_db, None, L.MAX_PULL_PAGE)["cursor"])
    refs = [P.RowRef(table="accounts", row_id=i) for i in big]
    page = _page(server_db, cursor, 40_000, refs)
    assert [c["row"]["row_id"] for c in page["changes"]] == big[:1]
    assert [r["row_id"] for r in page["refetch_left"]] == big[1:]
    assert page["has_more"] and page["cursor"] == cursor.model_dump()  # nothing else skipped
    # The laptop asks for them again at once: all three come back whole after a refused change.
    from crm_desktop.sync.apply import REFETCH_KEY
    from crm_desktop.sync.engine import meta_set

    with ana.tx() as s:
        meta_set(s, REFETCH_KEY, json.dumps([["accounts", i] for i in big]))
    asked: list[list[str]] = []
    pull_real = ana.client.pull

    def recording(request: P.PullRequest, unlock: bool = False) -> P.PullResponse:
        asked.append([r.row_id for r in request.refetch])
        return pull_real(request, unlock)

    ana.client.pull = recording  # type: ignore[method-assign]
    from crm_server import limits

    assert limits.MAX_PULL_PAGE > 200_000  # the real server fits all three in one page
    ana.sync()
    assert asked[0] == big
    with ana.db.sessions() as s:
        from crm_desktop.services.core.device import meta_get

        assert json.loads(meta_get(s, REFETCH_KEY) or "[]") == []
    ana.close()
