"""An end-of-day sync of 500 changes over a rural mobile link (issue 16, item 4).

The laptop (this process) reaches a real `crm-server run` (HTTPS, SQLite) in a network namespace
of the test's own through tests/sync/linkhost.py: 1 Mbit/s each way (kernel tbf), 3 % of the
packets lost each way (kernel nftables), a 300 ms round trip (the one emulated part: a process
holding every packet 150 ms each way), and the link taken down for 10 s (`ip link set down`) once
the first page of changes (250 here) is answered. The sync must finish in the same run, apply
nothing twice, go on from the page it was in, and count its pages for the status bar. Longer
runs with figures: `python -m bench.run link`.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crm_desktop.database import open_database
from crm_desktop.secure.sqlcipher import copy_database
from crm_desktop.sync.client import SyncClient
from crm_desktop.sync.engine import SyncEngine
from crm_server.db.schema import change_log, sync_rows
from tests.sync.harness import PASSWORD, Laptop, add_user, new_server_db
from tests.sync.linkhost import degraded_link, end_of_day, leftovers, link_problem, server_behind
from tests.sync.serverdb import ops_applied_twice

pytestmark = pytest.mark.skipif(link_problem() is not None, reason=str(link_problem()))

DROP_S = 10.0


def test_an_end_of_day_sync_over_a_rural_link_that_drops_for_10_s(
    tmp_path: Path, template_db: Path
) -> None:
    db = new_server_db("sqlite", tmp_path)
    ana_id = add_user(db, "ana")
    tag = ""
    try:
        with degraded_link(rtt=0.3, loss=0.03, rate="1mbit") as link:
            tag = link.tag
            with server_behind(link, db.url, tmp_path) as server:
                client = SyncClient(server.base, "ana", verify=server.verify, patience=30.0)
                file = copy_database(template_db, tmp_path / "ana.db")
                laptop = Laptop("ana", open_database(file), client)
                try:
                    laptop.engine.sign_in(PASSWORD)
                    laptop.sync()
                    accounts = end_of_day(laptop, ana_id, 500)
                    seen: list[tuple[int, int]] = []
                    timers: list[threading.Timer] = []

                    def sending(sent: int, total: int) -> None:
                        seen.append((sent, total))
                        if sent and not timers:  # the first page is in: the link goes
                            timers.append(link.drop_for(DROP_S))

                    engine = SyncEngine(  # pages of 250: the drop falls between two
                        laptop.db.sessions, laptop.db.path, client, push_batch=250, sending=sending
                    )
                    started = time.monotonic()
                    report = engine.sync()
                    took = time.monotonic() - started
                    timers[0].join()
                finally:
                    laptop.close()
    finally:
        db.dispose()
        assert not tag or leftovers(tag) == []  # namespace, devices (and their qdiscs) gone
    assert report.pushed == 500
    assert report.conflicts == report.refused == 0
    assert took > DROP_S  # the sync was still running when the link came back
    assert client.retries > 0  # it met the dropped link, and waited for it instead of failing
    # Progress for the status bar: page by page, up to every change.
    assert seen[0] == (0, 500)
    assert seen[-1] == (500, 500)
    assert len(seen) >= 3  # 0, the first page (250), ..., 500
    assert [s for s, _ in seen] == sorted(s for s, _ in seen)
    # Nothing applied twice: one change-log entry per op, every account at version 2 (made,
    # then edited once), however many times a page was sent.
    assert ops_applied_twice(db) == []
    with db.engine.connect() as conn:
        entries = conn.scalar(
            select(func.count()).select_from(change_log).where(change_log.c.op_ref.is_not(None))
        )
        versions = dict(
            conn.execute(
                select(sync_rows.c.row_id, sync_rows.c.version).where(
                    sync_rows.c.table_name == "accounts"
                )
            ).all()
        )
    assert entries == 500
    assert {versions[a] for a in accounts} == {2}
    assert sum(engine.push_pages) == 500
    print(
        f"rural link: {took:.1f} s, sent {client.sent_bytes:,} B, received "
        f"{client.received_bytes:,} B, pages {engine.push_pages}, retries {client.retries}"
    )
