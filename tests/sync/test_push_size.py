"""A queue of big changes goes in several pushes, and one change the server will never take
(413 even alone) is refused on the laptop with the reason, so the rest of the queue moves on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crm_desktop.models import Account
from crm_desktop.sync import engine as sync_engine
from tests.sync.harness import ServerDb, ServerProcess, add_user, make_laptop


def test_pushes_stay_under_the_byte_budget(
    tmp_path: Path,
    template_db: Path,
    server: ServerProcess,
    server_db: ServerDb,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rep = add_user(server_db, "ana")
    add_user(server_db, "boss", "manager")
    ana = make_laptop("a", tmp_path, template_db, server, "ana")
    boss = make_laptop("m", tmp_path, template_db, server, "boss")
    ids = [ana.new_account(rep, legal_name=f"Cliente {i:02} S.A.S.") for i in range(12)]
    sizes: list[int] = []
    push = ana.client.push

    def counting_push(request):  # type: ignore[no-untyped-def]
        sizes.append(len(request.ops))
        return push(request)

    monkeypatch.setattr(ana.client, "push", counting_push)
    monkeypatch.setattr(sync_engine, "PUSH_BYTES", 2_000)  # a few accounts per push
    report = ana.sync()
    assert report.refused == 0 and len(sizes) > 2 and sum(sizes) == len(ana.ops("done"))
    boss.sync()
    assert all(boss.get(Account, i) is not None for i in ids)
    ana.close()
    boss.close()


def test_a_change_no_server_takes_is_refused_here_and_the_rest_syncs(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    rep = add_user(server_db, "ana")
    ana = make_laptop("a", tmp_path, template_db, server, "ana")
    big = ana.new_account(rep, legal_name="Grande S.A.S.")
    with ana.tx() as s:  # 17 MB in one field, as a tool writing the file directly could leave
        s.connection().exec_driver_sql(
            "UPDATE accounts SET vision = ? WHERE id = ?", ("x" * 17_000_000, big)
        )
    small = ana.new_account(rep, legal_name="Pequeña S.A.S.")
    report = ana.sync()
    refused = ana.ops("refused")
    assert [o.row_id for o in refused] == [big] and report.pushed >= 2
    assert "cannot be sent: fields.vision" in json.loads(refused[0].error)["reason"]
    assert small in {o.row_id for o in ana.ops("done")} and ana.ops("pending") == []
    ana.close()


def test_a_413_halves_the_push_until_it_fits(
    tmp_path: Path,
    template_db: Path,
    server: ServerProcess,
    server_db: ServerDb,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rep = add_user(server_db, "ana")
    ana = make_laptop("a", tmp_path, template_db, server, "ana")
    ids = [ana.new_account(rep, legal_name=f"Visión {i:02}") for i in range(40)]
    with ana.tx() as s:  # 500,000 characters each, written past the laptop's rules by a tool
        s.connection().exec_driver_sql("UPDATE accounts SET vision = ?", ("v" * 500_000,))
    fine = ana.new_account(rep, legal_name="Normal S.A.S.")
    monkeypatch.setattr(sync_engine, "PUSH_BYTES", 64 * 1024 * 1024)  # 20 MB at once: a 413
    answers: list[int] = []
    push = ana.client.push

    def counting_push(request):  # type: ignore[no-untyped-def]
        answers.append(len(request.ops))
        return push(request)

    monkeypatch.setattr(ana.client, "push", counting_push)
    ana.sync()
    assert answers[0] >= 80 and answers[1] == answers[0] // 2  # refused whole, then halved
    refused = {o.row_id: json.loads(o.error) for o in ana.ops("refused")}
    assert set(refused) == set(ids)  # the server's own rules, op by op, once the body fits
    assert all("vision" in str(note) for note in refused.values())
    assert fine in {o.row_id for o in ana.ops("done")} and ana.ops("pending") == []
    ana.close()
