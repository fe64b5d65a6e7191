"""Upgrading an old database keeps its data; a failed upgrade puts the file back."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from crm_desktop.database import open_database
from crm_desktop.models.database import make_engine
from crm_desktop.models.migrate import MigrationFailed, current_revision, head_revision, upgrade
from crm_desktop.secure import sqlcipher
from crm_desktop.services.accounts.search import search_accounts

FIRST = "0001"


def _make_first_revision_db(path: Path) -> None:
    engine = make_engine(path)
    upgrade(engine, FIRST)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO users (id, username, full_name, role, quote_prefix, active,"
            " server_version, created_at, updated_at) VALUES"
            " ('u1', 'jperez', 'Juana Pérez', 'rep', 'JP', 1, 2, '2025-01-01', '2025-01-01')"
        )
        conn.exec_driver_sql(
            "INSERT INTO accounts (id, kind, roles, legal_name, tax_id_kind, tax_id, country,"
            " lifecycle_phase, city, owner_id, consent_data_processing, consent_marketing,"
            " server_version, created_at, updated_at) VALUES"
            " ('a1', 'legal_entity', 'customer', 'Ferretería Los Andes S.A.S.', 'nit',"
            " '9001234568', 'CO', 'retention', 'Medellín', 'u1', 1, 0, 4, '2025-01-01',"
            " '2025-01-02')"
        )
        conn.exec_driver_sql(
            "INSERT INTO contacts (id, account_id, first_name, last_name, email, is_primary,"
            " server_version, created_at, updated_at) VALUES"
            " ('c1', 'a1', 'Óscar', 'Restrepo', 'oscar@losandes.co', 1, 1, '2025-01-01',"
            " '2025-01-01')"
        )
        conn.exec_driver_sql(
            "INSERT INTO sync_outbox (table_name, row_id, op, fields, base_version, state,"
            " created_at) VALUES ('accounts', 'a1', 'update', '{\"city\": \"Medellín\"}', 4,"
            " 'pending', '2025-01-02')"
        )
    engine.dispose()


def test_upgrade_from_first_revision_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _make_first_revision_db(path)
    database = open_database(path)
    assert database.migration.before == FIRST
    assert database.migration.after == head_revision() == current_revision(database.engine)
    assert database.migration.backup is not None and database.migration.backup.exists()
    with database.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT legal_name, tax_id, city, server_version, owner_id FROM accounts"
        ).one()
        assert tuple(row) == ("Ferretería Los Andes S.A.S.", "9001234568", "Medellín", 4, "u1")
        assert conn.exec_driver_sql("SELECT first_name FROM contacts").scalar_one() == "Óscar"
        assert conn.exec_driver_sql("SELECT count(*) FROM sync_outbox").scalar_one() == 1
        assert conn.exec_driver_sql("SELECT full_name FROM users").scalar_one() == "Juana Pérez"
    with database.sessions() as s:
        # The search index added by a later revision covers the rows that were already there.
        assert [h.id for h in search_accounts(s, "oscar")] == ["a1"]
        assert [h.id for h in search_accounts(s, "ferre")] == ["a1"]


def _digest(path: Path) -> str:
    """The file's schema and every row, so page-level differences of a copy do not count
    (SQLCipher's connection has no iterdump)."""
    digest = hashlib.sha256()
    with sqlcipher.connection(path) as conn:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        digest.update(repr(schema).encode())
        for _type, name, _sql in schema:
            if _type == "table" and not name.startswith("sqlite_"):
                rows = conn.execute(f'SELECT * FROM "{name}"').fetchall()
                digest.update(repr(sorted(map(repr, rows))).encode())
    return digest.hexdigest()


def test_failed_upgrade_restores_the_file_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    _make_first_revision_db(path)
    with sqlcipher.connect(path) as conn:  # a stray table makes the next revision fail
        conn.execute("CREATE TABLE account_search (x)")
    conn.close()
    before = _digest(path)
    with pytest.raises(MigrationFailed) as failure:
        open_database(path)
    assert "account_search" in str(failure.value) and "restored" in str(failure.value)
    assert _digest(path) == before
    engine = make_engine(path)
    assert current_revision(engine) == FIRST
    engine.dispose()


def test_new_file_is_created_at_head(tmp_path: Path) -> None:
    database = open_database(tmp_path / "sub" / "new.db")
    assert database.migration.before is None and database.migration.backup is None
    assert current_revision(database.engine) == head_revision()
