"""Pull: pages with a cursor saved in the same transaction, gap-free under concurrent commits."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from crm_desktop.models import Account, User
from crm_desktop.models.outbox import remote_changes
from crm_desktop.sync import engine as sync_engine
from crm_server import admin
from tests.sync.harness import PASSWORD, ServerDb, ServerProcess, add_user, make_laptop


def _accounts(laptop: object) -> int:
    with laptop.db.sessions() as s:  # type: ignore[attr-defined]
        return int(s.scalar(select(func.count()).select_from(Account)) or 0)


def test_laptop_killed_between_page_and_cursor_applies_the_page_again(
    tmp_path: Path,
    template_db: Path,
    server: ServerProcess,
    server_db: ServerDb,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rep = add_user(server_db, "ana")
    add_user(server_db, "boss", "manager")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    for i in range(12):
        a.new_account(rep, legal_name=f"Cliente {i}")
    a.sync()
    m = make_laptop("m", tmp_path, template_db, server, "boss")
    m.engine.pull_limit = 5
    with m.tx() as s, remote_changes(s):  # start over: a brand-new laptop (no delete ops)
        s.execute(text("DELETE FROM accounts"))
        sync_engine.meta_set(s, sync_engine.CURSOR_KEY, "")
    real_save, calls = sync_engine.save_cursor, []

    def dies_on_second_page(session: object, cursor: object) -> None:
        calls.append(cursor)
        if len(calls) == 2:
            raise RuntimeError("power cut")
        real_save(session, cursor)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_engine, "save_cursor", dies_on_second_page)
    with pytest.raises(RuntimeError):
        m.sync()
    # The first page (2 users, 3 accounts) stayed with its cursor; nothing of the dying page.
    assert _accounts(m) == 3
    with m.db.sessions() as s:
        assert sync_engine.meta_get(s, sync_engine.CURSOR_KEY) == calls[0].model_dump_json()
    monkeypatch.setattr(sync_engine, "save_cursor", real_save)
    m.sync()
    assert _accounts(m) == 12
    a.close()
    m.close()


def test_transactions_committing_out_of_order_are_not_skipped(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    if server_db.pg_name is None:
        pytest.skip("SQLite writes are serial: commit order is sequence order")
    add_user(server_db, "boss", "manager")
    m = make_laptop("m", tmp_path, template_db, server, "boss")
    slow = server_db.engine.connect()
    slow_tx = slow.begin()
    admin.add_user(slow, "early", PASSWORD, "rep", "Early")  # lower sequence, commits last
    with server_db.engine.begin() as fast:
        admin.add_user(fast, "late", PASSWORD, "rep", "Late")
    m.sync()  # runs while the early transaction is still open
    slow_tx.commit()
    slow.close()
    m.sync()
    with m.db.sessions() as s:
        names = set(s.scalars(select(User.username)))
    assert {"early", "late"} <= names
    m.close()
