"""Account search over FTS5: finds by every indexed field, survives any input, stays in step."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.models.database import make_engine
from crm_desktop.secure.sqlcipher import copy_database
from crm_desktop.seed import seed_database
from crm_desktop.services.accounts import search
from crm_desktop.services.accounts.search import AccountHit, fts_query, search_accounts
from crm_desktop.services.core.collation import fold

ALL = 10_000  # a limit that returns every hit of a 200-account database


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "crm.db"
    seed_database(path, 200, seed=11)
    return path


@pytest.fixture
def session(seeded: Path) -> Iterator[Session]:
    engine = make_engine(seeded)
    with Session(engine) as s:
        yield s
    engine.dispose()


@pytest.fixture
def writable(seeded: Path, tmp_path: Path) -> Iterator[Session]:
    """A session on a private copy, for tests that change rows."""
    path = tmp_path / "copy.db"
    copy_database(seeded, path)
    engine = make_engine(path)
    with Session(engine) as s:
        yield s
    engine.dispose()


def _one(session: Session, sql: str) -> tuple[str, ...]:
    row = session.execute(text(sql)).first()
    assert row is not None
    return tuple(row)


def _ids(session: Session, query: str) -> list[str]:
    return [hit.id for hit in search_accounts(session, query, limit=ALL)]


def test_fts_query_quotes_every_word_as_a_prefix() -> None:
    assert fts_query("") is None
    assert fts_query("   ") is None
    assert fts_query('" * ( -') is None
    query = fts_query('dist "andina')
    assert query is not None
    assert '"dist"*' in query and '"""andina"*' in query and " AND " in query


def test_tax_ids_are_compacted() -> None:
    for typed in ("900.123.456-7", "900123456-7", "900 123 456-7"):
        assert '"9001234567"*' in (fts_query(typed) or "")


def test_finds_by_legal_name_prefix(session: Session) -> None:
    account_id, name = _one(
        session,
        "SELECT id, legal_name FROM accounts WHERE deleted_at IS NULL AND kind != 'natural_person'",
    )
    prefix = " ".join(word[:4] for word in name.split()[:2])
    assert account_id in _ids(session, prefix)


def test_finds_by_trade_name(session: Session) -> None:
    account_id, trade = _one(
        session,
        "SELECT id, trade_name FROM accounts WHERE deleted_at IS NULL AND trade_name IS NOT NULL",
    )
    assert account_id in _ids(session, trade[:3])
    assert account_id in _ids(session, trade)


def test_finds_by_tax_id_with_and_without_dots(session: Session) -> None:
    account_id, tax_id = _one(
        session, "SELECT id, tax_id FROM accounts WHERE deleted_at IS NULL AND tax_id_kind = 'nit'"
    )
    base, check = tax_id[:-1], tax_id[-1]
    dotted = f"{base[:3]}.{base[3:6]}.{base[6:]}-{check}"
    for typed in (tax_id, tax_id[:6], dotted, f"{base[:3]}.{base[3:6]}", f"{base}-{check}"):
        assert account_id in _ids(session, typed), typed


def test_city_without_accents(session: Session) -> None:
    expected = {
        r[0]
        for r in session.execute(
            text("SELECT id FROM accounts WHERE city = 'Bogotá' AND deleted_at IS NULL")
        )
    }
    assert expected
    assert expected <= set(_ids(session, "bogota"))
    assert expected <= set(_ids(session, "BOGOTÁ"))


def test_finds_by_contact_name_and_email(session: Session) -> None:
    account_id, first, last, email = _one(
        session,
        "SELECT a.id, c.first_name, c.last_name, c.email FROM contacts c "
        "JOIN accounts a ON a.id = c.account_id "
        "WHERE a.deleted_at IS NULL AND c.email IS NOT NULL AND c.is_primary = 0",
    )
    assert account_id in _ids(session, f"{first} {last}")
    assert account_id in _ids(session, f"{first[:3]} {last.split()[0][:3]}")
    assert account_id in _ids(session, email)
    assert account_id in _ids(session, email.split("@")[0])


NASTY = ['"', "*", "AND", "(", "-", "", " ", "OR", "NOT", "NEAR(a b)", '"unterminated', "a OR",
         "^", ":", "{", "}", "'", "\\", "col:val", "a*b", '""', "*a", 'x"y', "+", "AND OR NOT",
         "legal_name:x", "a -b", "\x00", "🙂", "ñ", "_", "%", "(a", "a)", "-900",
         "900-"]  # fmt: skip


@pytest.mark.parametrize("typed", NASTY)
def test_nasty_input_never_raises(session: Session, typed: str) -> None:
    hits = search_accounts(session, typed)
    assert isinstance(hits, list)


def test_random_input_never_raises(session: Session) -> None:
    rng = random.Random(5)
    alphabet = "abcñáé019 .\"*()-:^{}+'\\_@#,;NEARANDORNOT\t"
    for _ in range(300):
        typed = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        search_accounts(session, typed)


def test_results_are_live_accounts_in_legal_name_order(session: Session) -> None:
    hits = search_accounts(session, "a", limit=ALL)
    assert len(hits) > 20
    names = [h.legal_name for h in hits]
    assert names == sorted(names, key=lambda name: (fold(name), name))  # Spanish order
    deleted = {
        r[0] for r in session.execute(text("SELECT id FROM accounts WHERE deleted_at IS NOT NULL"))
    }
    assert not deleted & {h.id for h in hits}
    assert all(isinstance(h, AccountHit) for h in hits)


@pytest.mark.parametrize("typed", ["a", "co", "bogota", "dist", "ma", "8", "zzzz"])
def test_both_plans_give_the_same_pages(
    session: Session, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    monkeypatch.setattr(search, "SPARSE_MATCHES", 10**9)  # every query sorts its matches
    monkeypatch.setattr(search, "_surely_dense", lambda _text: False)
    sparse = [search_accounts(session, typed, limit=7, offset=o) for o in (0, 7, 14)]
    monkeypatch.setattr(search, "SPARSE_MATCHES", 0)  # every query walks the name index
    dense = [search_accounts(session, typed, limit=7, offset=o) for o in (0, 7, 14)]
    assert sparse == dense
    assert [h for page in sparse for h in page] == search_accounts(session, typed, limit=21)


def test_follows_updates_and_deletes(writable: Session) -> None:
    renamed_id, old_name = _one(
        writable,
        "SELECT id, legal_name FROM accounts WHERE deleted_at IS NULL ORDER BY row_key LIMIT 1",
    )
    gone_id, gone_tax = _one(
        writable,
        "SELECT id, tax_id FROM accounts WHERE deleted_at IS NULL ORDER BY row_key DESC LIMIT 1",
    )
    writable.execute(
        text("UPDATE accounts SET legal_name = 'Zapatería Xilófono Única S.A.S.' WHERE id = :id"),
        {"id": renamed_id},
    )
    writable.execute(
        text("UPDATE accounts SET deleted_at = '2026-01-01 00:00:00.000000' WHERE id = :id"),
        {"id": gone_id},
    )
    writable.commit()
    assert _ids(writable, "xilofono") == [renamed_id]
    assert _ids(writable, "zapateria unica") == [renamed_id]
    assert renamed_id not in _ids(writable, old_name)
    assert gone_id not in _ids(writable, gone_tax)


def test_follows_new_contacts(writable: Session) -> None:
    (account_id,) = _one(writable, "SELECT id FROM accounts WHERE deleted_at IS NULL LIMIT 1")
    writable.execute(
        text(
            "INSERT INTO contacts (id, account_id, first_name, last_name, email, is_primary, "
            "server_version, created_at, updated_at) VALUES ('c-1', :a, 'Wilfrido', "
            "'Quiñónez', 'wquinonez@ejemplo.co', 0, 0, '2026-01-01 00:00:00.000000', "
            "'2026-01-01 00:00:00.000000')"
        ),
        {"a": account_id},
    )
    writable.commit()
    assert _ids(writable, "wilfrido quinonez") == [account_id]
    assert _ids(writable, "wquinonez@ejemplo") == [account_id]
