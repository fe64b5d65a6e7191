"""The seeded database: plausible, valid by the domain's own rules, deterministic, searchable."""

from __future__ import annotations

import importlib.util
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import phonenumbers
import pytest
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from stdnum.co import nit

from crm_desktop.models import Account, Quote, Reminder, Visit, synced_classes
from crm_desktop.models.database import make_engine
from crm_desktop.models.migrate import MIGRATIONS_DIR
from crm_desktop.secure import sqlcipher
from crm_desktop.seed import TABLES, SeedRefused, seed_database
from crm_desktop.services.core.rules import validate_row

ACCOUNTS = 200
NOW = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, pinned_at: datetime) -> Path:
    path = tmp_path_factory.mktemp("seed") / "crm.db"
    report = seed_database(path, ACCOUNTS, seed=7, now=pinned_at)
    assert report.accounts == ACCOUNTS
    return path


@pytest.fixture
def db(seeded: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlcipher.connect(seeded)
    yield conn
    conn.close()


def _count(db: sqlite3.Connection, sql: str) -> int:
    return int(db.execute(sql).fetchone()[0])


def test_counts_per_table_are_plausible(db: sqlite3.Connection) -> None:
    counts = {t: _count(db, f"SELECT count(*) FROM {t}") for t in TABLES}
    assert counts["accounts"] == ACCOUNTS
    assert _count(db, "SELECT count(*) FROM users WHERE role = 'rep'") == 8
    assert _count(db, "SELECT count(*) FROM users WHERE role = 'manager'") == 2
    assert _count(db, "SELECT count(*) FROM users WHERE role = 'admin'") == 1
    assert 50 <= counts["products"] <= 70
    assert ACCOUNTS <= counts["contacts"] <= 5 * ACCOUNTS
    assert all(counts[t] > 0 for t in TABLES), counts
    assert 8 * ACCOUNTS <= sum(counts.values()) <= 14 * ACCOUNTS, counts
    # Seeded rows came from the server: synced version, nothing waiting in the outbox.
    assert _count(db, "SELECT count(*) FROM sync_outbox") == 0
    for table in TABLES:
        assert _count(db, f"SELECT count(*) FROM {table} WHERE server_version != 1") == 0


def test_tax_ids_are_valid_and_compact(db: sqlite3.Connection) -> None:
    rows = db.execute("SELECT kind, tax_id_kind, tax_id FROM accounts").fetchall()
    companies = [r for r in rows if r[0] != "natural_person"]
    assert companies
    for _kind, tax_kind, tax_id in companies:
        assert tax_kind == "nit"
        assert tax_id.isdigit() and len(tax_id) == 10
        assert nit.is_valid(tax_id), tax_id
    for _kind, tax_kind, tax_id in (r for r in rows if r[0] == "natural_person"):
        assert tax_kind == "cc" and tax_id.isdigit()
    assert len({r[2] for r in rows}) == len(rows)


def test_every_account_has_exactly_one_primary_contact(db: sqlite3.Connection) -> None:
    primaries = db.execute(
        "SELECT a.id, (SELECT sum(c.is_primary) FROM contacts c WHERE c.account_id = a.id) "
        "FROM accounts a"
    ).fetchall()
    assert len(primaries) == ACCOUNTS
    assert all(n == 1 for _id, n in primaries)


def test_references_hold(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_phones_are_valid_colombian_numbers(db: sqlite3.Connection) -> None:
    phones = [r[0] for r in db.execute("SELECT phone FROM accounts LIMIT 50")]
    phones += [r[0] for r in db.execute("SELECT mobile FROM contacts LIMIT 50")]
    for phone in phones:
        number = phonenumbers.parse(phone)
        assert number.country_code == 57 and phonenumbers.is_valid_number(number), phone


def test_pipeline_covers_every_stage_and_status(db: sqlite3.Connection) -> None:
    stages = {r[0] for r in db.execute("SELECT DISTINCT stage FROM opportunities")}
    assert stages == {"prospecting", "qualification", "needs_analysis", "proposal",
                      "negotiation", "closed_won", "closed_lost"}  # fmt: skip
    assert _count(db, "SELECT count(*) FROM opportunities WHERE stage = 'closed_lost' "
                      "AND lost_reason IS NULL") == 0  # fmt: skip
    statuses = {r[0] for r in db.execute("SELECT DISTINCT status FROM quotes")}
    assert statuses == {"draft", "sent", "accepted", "rejected", "expired"}
    numbers = [r[0] for r in db.execute("SELECT number FROM quotes")]
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(r"[A-Z]{3}-[0-9A-F]{4}-\d{6}", n) for n in numbers)
    assert _count(db, "SELECT count(*) FROM quotes q WHERE NOT EXISTS "
                      "(SELECT 1 FROM quote_lines l WHERE l.quote_id = q.id)") == 0  # fmt: skip


def test_every_rep_has_a_route_and_reminders_today(seeded: Path, pinned_at: datetime) -> None:
    engine = make_engine(seeded)
    today = pinned_at.astimezone().date()
    with Session(engine) as session:
        visits = session.scalars(select(Visit).where(Visit.route_order.is_not(None))).all()
        reminders = session.scalars(select(Reminder).where(Reminder.done_at.is_(None))).all()
    engine.dispose()
    reps = {v.owner_id for v in visits if v.planned_at.astimezone().date() == today}
    assert len(reps) == 8
    for rep in reps:
        orders = sorted(v.route_order or 0 for v in visits if v.owner_id == rep)
        assert orders == list(range(1, len(orders) + 1)) and len(orders) >= 4
        due = [r.due_at.astimezone().date() for r in reminders if r.owner_id == rep]
        assert today in due and any(d < today for d in due)


def test_values_read_back_through_the_models(seeded: Path, pinned_at: datetime) -> None:
    engine = make_engine(seeded)
    with Session(engine) as session:
        account = session.scalars(select(Account).limit(1)).one()
        quote = session.scalars(select(Quote).where(Quote.status == "accepted").limit(1)).one()
    engine.dispose()
    assert account.created_at.tzinfo is UTC and account.created_at <= pinned_at
    assert isinstance(quote.total, Decimal) and quote.total > 0
    assert quote.decided_at is not None and quote.sent_at is not None
    assert quote.valid_until > quote.issued_on


def test_rows_pass_the_domain_rules(seeded: Path) -> None:
    """Every seeded row validates with the same rules the app and the server apply."""
    engine = make_engine(seeded)
    with Session(engine) as session:
        for table, cls in synced_classes().items():
            if table not in TABLES:
                continue
            attrs = [a.key for a in inspect(cls).mapper.column_attrs]
            for row in session.scalars(select(cls)):
                validate_row(table, {key: _as_typed(getattr(row, key)) for key in attrs})
    engine.dispose()


def _as_typed(value: object) -> object:
    """A value as a user would type it: FixedDecimal reads back with four places (1.5000)."""
    if isinstance(value, Decimal):
        return value.to_integral() if value == value.to_integral() else value.normalize()
    return value


def _migration_row_sql() -> str:
    """Migration 0002's per-account index text, the reference the seed's rebuild must match."""
    spec = importlib.util.spec_from_file_location(
        "m0002", MIGRATIONS_DIR / "versions" / "0002_account_search.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module._ROW).replace("WHERE a.id = {key} AND", "WHERE")


def test_search_index_matches_the_triggers_and_they_are_back(db: sqlite3.Connection) -> None:
    triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert {"account_search_ai", "account_search_au", "account_search_ad",
            "account_search_contact_ai", "account_search_contact_au",
            "account_search_contact_ad"} <= triggers  # fmt: skip

    def words(row: tuple[object, ...]) -> tuple[object, ...]:
        return tuple(sorted(str(v).split()) if isinstance(v, str) else v for v in row)

    expected = sorted(words(r) for r in db.execute(_migration_row_sql()))
    indexed = sorted(
        words(r)
        for r in db.execute(
            "SELECT rowid, legal_name, trade_name, tax_id, city, email, contact_names, "
            "contact_emails FROM account_search"
        )
    )
    assert indexed == expected
    assert len(indexed) == _count(db, "SELECT count(*) FROM accounts WHERE deleted_at IS NULL")


def test_same_seed_same_data(tmp_path: Path) -> None:
    def names(path: Path, seed: int) -> list[tuple[str, str]]:
        seed_database(path, 30, seed=seed, now=NOW)
        with sqlcipher.connect(path) as conn:
            rows = conn.execute("SELECT id, legal_name FROM accounts ORDER BY row_key").fetchall()
        return [(r[0], r[1]) for r in rows]

    first = names(tmp_path / "a.db", 3)
    assert names(tmp_path / "b.db", 3) == first
    assert names(tmp_path / "c.db", 4) != first


def test_refuses_a_file_with_data_unless_replace(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    seed_database(path, 10, seed=1)
    with pytest.raises(SeedRefused):
        seed_database(path, 20, seed=2)
    with sqlcipher.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM accounts").fetchone()[0] == 10
    report = seed_database(path, 20, seed=2, replace=True)
    assert report.rows_by_table["accounts"] == 20
    with sqlcipher.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM accounts").fetchone()[0] == 20


def test_seeded_accounts_are_not_newly_assigned(db: sqlite3.Connection) -> None:
    """Seeded accounts were synced long ago; the follow-up rules must not alert on each one."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "account_owner_seen" not in tables:
        pytest.skip("this schema does not track owners seen")
    unseen = _count(
        db,
        "SELECT count(*) FROM accounts a LEFT JOIN account_owner_seen s ON s.account_id = a.id "
        "WHERE s.owner_id IS NOT a.owner_id",
    )
    assert unseen == 0
