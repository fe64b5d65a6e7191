"""The corners of issue 10 where two laptops of one rep made rows that could not merge."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from crm_desktop.clock import clock_of, today
from crm_desktop.models import Account, Contact, Quote, QuoteLine, QuoteRevision, Reminder
from crm_desktop.services.core import crud
from crm_desktop.services.followup.followup import evaluate_rules
from crm_desktop.services.quotes import quote_status
from crm_desktop.services.quotes.quote_data import load_quote
from crm_desktop.services.quotes.quotes import add_line, create_quote, update_line
from crm_desktop.sync import resolve, setaside
from crm_desktop.sync.engine import SyncEngine
from crm_server import admin
from tests.services import sales_fixtures as fx
from tests.sync.harness import Laptop, ServerDb, ServerProcess, add_user, make_laptop
from tests.sync.serverdb import server_row, stored_conflicts

NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)


def _nothing_set_aside(*laptops: Laptop) -> None:
    for laptop in laptops:
        with laptop.db.sessions() as s:
            assert setaside.unapplied_rows(s) == [], laptop.name


def _sent_quote(laptop: Laptop, account_id: str, owner: str, lines: int = 1) -> str:
    with laptop.tx() as s:
        day = today(clock_of(s))
        quote = create_quote(s, account_id, owner_id=owner, issued_on=day,
                             valid_until=day + timedelta(days=30))  # fmt: skip
        for i in range(lines):
            add_line(s, quote.id, {"description": f"Servicio {i}", "quantity": Decimal(1 + i),
                                   "unit_price": Decimal(100_000), "unit": "unidad",
                                   "tax_category": "iva19"})  # fmt: skip
        quote_status.send_quote(s, quote.id)
        return quote.id


def test_two_laptops_of_a_rep_make_one_rule_reminder(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    with a.tx() as s:
        acc = fx.account(s, ana)
        fx.quote(s, acc, "accepted", "1000", decided=datetime(2026, 8, 28, 15, tzinfo=UTC))
    a.sync()
    b = make_laptop("b", tmp_path, template_db, server, "ana")
    for laptop in (a, b):  # both evaluate the rules before either syncs
        with laptop.tx() as s:
            assert evaluate_rules(s, NOW, owner_id=ana).created == 1
    for laptop in (a, b, a, b):
        laptop.sync()
    _nothing_set_aside(a, b)
    ids = []
    for laptop in (a, b):
        with laptop.db.sessions() as s:
            [reminder] = s.scalars(select(Reminder).where(Reminder.rule_key.is_not(None))).all()
            ids.append(reminder.id)
    assert ids[0] == ids[1]
    a.close()
    b.close()


def test_two_laptops_revising_one_sent_quote_both_keep_syncing(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    add_user(server_db, "boss", "manager")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    with a.tx() as s:
        acc = fx.account(s, ana).id
    quote = _sent_quote(a, acc, ana)
    a.sync()
    b = make_laptop("b", tmp_path, template_db, server, "ana")
    for laptop, why in ((a, "precio"), (b, "plazo")):  # both revise it offline
        with laptop.tx() as s:
            quote_status.new_revision(s, quote, why)
    for laptop in (a, b, a, b):
        laptop.sync()
    m = make_laptop("m", tmp_path, template_db, server, "boss")
    _nothing_set_aside(a, b, m)
    for laptop in (a, b, m):
        with laptop.db.sessions() as s:
            revisions = s.scalars(select(QuoteRevision).where(QuoteRevision.quote_id == quote))
            assert [r.revision for r in revisions] == [1], laptop.name
            assert s.get_one(Quote, quote).revision == 2
    assert {c.field for c in a.conflicts() + b.conflicts()} <= {"reason"}
    for laptop in (a, b, m):
        laptop.close()


def _lines_priced(laptop: Laptop, quote_id: str) -> tuple[Decimal, Decimal]:
    """(the stored total, the total its live lines price at) on this laptop."""
    with laptop.db.sessions() as s:
        return s.get_one(Quote, quote_id).total, load_quote(s, quote_id).totals().grand_total


def test_totals_follow_the_merged_lines_on_every_laptop(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    add_user(server_db, "boss", "manager")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    with a.tx() as s:
        acc = fx.account(s, ana).id
        quote = create_quote(s, acc, owner_id=ana).id
        first, second = (
            add_line(s, quote, {"description": f"Servicio {i}", "quantity": Decimal(1),
                                "unit_price": Decimal(100_000), "unit": "unidad",
                                "tax_category": "iva19"}).id
            for i in range(2)
        )  # fmt: skip
    a.sync()
    b = make_laptop("b", tmp_path, template_db, server, "ana")
    with a.tx() as s:  # different lines of one quote, on two laptops, offline
        update_line(s, first, {"quantity": Decimal(3)})
    with b.tx() as s:
        update_line(s, second, {"unit_price": Decimal(250_000)})
    for laptop in (a, b, a):
        laptop.sync()
    m = make_laptop("m", tmp_path, template_db, server, "boss")
    for laptop in (a, b, m):
        stored, priced = _lines_priced(laptop, quote)
        assert stored == priced == Decimal(3 * 100_000 + 250_000) * Decimal("1.19"), laptop.name
    assert [c.field for c in a.conflicts() + b.conflicts()] == []
    for laptop in (a, b, m):
        laptop.close()


def test_an_edit_typed_while_a_sync_runs_still_conflicts_with_the_value_it_never_saw(
    tmp_path: Path,
    template_db: Path,
    server: ServerProcess,
    server_db: ServerDb,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ana = add_user(server_db, "ana")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    acc = a.new_account(ana)
    a.sync()
    b = make_laptop("b", tmp_path, template_db, server, "ana")
    b.update(Account, acc, notes="B1")
    b.sync()
    pull_all = SyncEngine._pull_all

    def rep_types_between_push_and_pull(engine: SyncEngine, client_id: str) -> tuple[int, int]:
        if engine is a.engine:
            a.update(Account, acc, notes="A2")  # typed while the sync was running
        return pull_all(engine, client_id)

    monkeypatch.setattr(SyncEngine, "_pull_all", rep_types_between_push_and_pull)
    a.sync()
    monkeypatch.setattr(SyncEngine, "_pull_all", pull_all)
    assert a.get(Account, acc).notes == "A2"  # the pull kept the unsent value on screen
    a.update(Account, acc, notes="A3")
    a.sync()
    assert (server_row(server_db, "accounts", acc) or {})["notes"] == "B1"  # first write stays
    lost = {(c["server"], c["client"]) for c in stored_conflicts(server_db)}
    assert lost == {('"B1"', '"A2"'), ('"B1"', '"A3"')}
    assert {(c.server, c.local) for c in a.conflicts()} == lost  # both sides name B1
    a.close()
    b.close()


def test_a_contact_made_while_the_account_went_away_and_back_stays(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    add_user(server_db, "beto")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    acc = a.new_account(ana)
    with a.tx() as s:
        old = crud.create(s, Contact, {"account_id": acc, "first_name": "Marta"}).id
    a.sync()
    with server_db.engine.begin() as conn:  # away and back before ana's next sync
        admin.assign_account(conn, acc, "beto")
        admin.assign_account(conn, acc, "ana")
    with a.tx() as s:
        new = crud.create(s, Contact, {"account_id": acc, "first_name": "Nueva"}).id
    a.sync()
    a2 = make_laptop("a2", tmp_path, template_db, server, "ana")
    for laptop in (a, a2):
        assert laptop.get(Account, acc) is not None, laptop.name
        assert laptop.get(Contact, old) is not None and laptop.get(Contact, new) is not None
    assert (server_row(server_db, "contacts", new) or {}).get("_owner") == ana
    a.sync()  # and it stays on the next sync too
    assert a.get(Contact, new) is not None
    assert [o for o in a.ops() if o.state in ("pending", "refused", "reassigned")] == []
    a.close()
    a2.close()


def test_two_valid_edits_that_merge_into_an_invalid_line_become_a_conflict(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    with a.tx() as s:
        acc = fx.account(s, ana).id
        quote = create_quote(s, acc, owner_id=ana).id
        line = add_line(s, quote, {"description": "Servicio", "quantity": Decimal(10),
                                   "unit_price": Decimal(100), "unit": "unidad",
                                   "tax_category": "iva19"}).id  # fmt: skip
    a.sync()
    b = make_laptop("b", tmp_path, template_db, server, "ana")
    with b.tx() as s:  # valid: 90 off a line of 1 x 100
        update_line(s, line, {"quantity": Decimal(1), "discount_amount": Decimal(90)})
    with a.tx() as s:  # valid: 10 x 50, no discount
        update_line(s, line, {"unit_price": Decimal(50)})
    b.sync()
    a.sync()  # merged on the server: 1 x 50 with 90 off, which breaks a rule
    b.sync()
    assert [o.state for o in a.ops() if o.state in ("pending", "refused")] == []
    values = []
    for laptop in (a, b):
        with laptop.db.sessions() as s:
            got = s.get_one(QuoteLine, line)
            values.append((got.quantity, got.unit_price, got.discount_amount))
        stored, priced = _lines_priced(laptop, quote)
        assert stored == priced, laptop.name
    assert values[0] == values[1] == (Decimal(1), Decimal(100), Decimal(90))  # the server's row
    [conflict] = [c for c in a.conflicts() if c.kind == "rule"]
    assert conflict.field == "unit_price" and conflict.server_version > 0
    assert Decimal(json.loads(conflict.local)) == 50 and Decimal(json.loads(conflict.server)) == 100
    with a.db.sessions() as s:  # the rep puts their price back: it is sent again
        resolve.keep_local(s, conflict.id)
        s.commit()
    assert [json.loads(o.fields) for o in a.ops("pending")] == [{"unit_price": "50.0000"}]
    a.close()
    b.close()


def test_unsent_changes_kept_while_the_account_was_away_go_out_when_it_comes_back(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    add_user(server_db, "beto")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    acc = a.new_account(ana)
    a.sync()
    a.update(Account, acc, notes="Llamar el lunes")  # not yet sent when the account moves
    with server_db.engine.begin() as conn:
        admin.assign_account(conn, acc, "beto")
    a.sync()
    assert [o.state for o in a.ops() if o.state != "done"] == ["reassigned"]
    with server_db.engine.begin() as conn:
        admin.assign_account(conn, acc, "ana")
    a.sync()  # the account comes back: the kept change is sent
    a.sync()
    assert [(o.state, o.error) for o in a.ops() if o.state not in ("done", "resent")] == []
    assert (server_row(server_db, "accounts", acc) or {})["notes"] == "Llamar el lunes"
    assert a.get(Account, acc).notes == "Llamar el lunes"
    a.close()
