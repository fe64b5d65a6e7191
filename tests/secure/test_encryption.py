"""The laptop's database at rest: nothing readable in the file, its backup or a copy; a plain
file from an older version encrypted in place (or left as it was, saying why); keys and the
passphrase fallback."""

from __future__ import annotations

import hashlib
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from crm_desktop import i18n
from crm_desktop.__main__ import main
from crm_desktop.database import open_database
from crm_desktop.schema_version import DatabaseProblem
from crm_desktop.secure import keys, sqlcipher
from crm_desktop.secure.erase import erase_database
from crm_desktop.seed import seed_database
from tests.memory_keyring import MemoryKeyring

PLAIN = b"SQLite format 3\x00"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 seeded accounts (~300 rows of names, phones and e-mails), encrypted."""
    previous = keyring.get_keyring()  # module scope comes before each test's keyring
    keyring.set_keyring(MemoryKeyring())
    path = tmp_path_factory.mktemp("seeded") / "crm.db"
    seed_database(path, 30)
    keyring.set_keyring(previous)
    return path


def personal_data(path: Path) -> list[bytes]:
    """E-mails, names and phones the file holds, as the bytes an attacker would grep for."""
    with sqlcipher.connection(path) as conn:
        rows = conn.execute(
            "SELECT email FROM contacts WHERE email <> '' UNION ALL "
            "SELECT last_name FROM contacts UNION ALL SELECT legal_name FROM accounts UNION ALL "
            "SELECT phone FROM accounts WHERE phone <> ''"
        ).fetchall()
    values = [str(r[0]).encode() for r in rows if r[0] and len(str(r[0])) >= 6]
    assert len(values) > 100  # the check below means something
    return values


def readable(path: Path, values: list[bytes]) -> list[bytes]:
    """What `strings` would show: the header and any of the values found in the raw bytes."""
    data = b"".join(
        Path(str(path) + s).read_bytes() for s in ("", "-wal") if Path(str(path) + s).exists()
    )
    return [v for v in [PLAIN, *values] if v in data]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_plain(source: Path, target: Path) -> None:
    """The file as an older version left it: the same rows, unencrypted (SQLCipher's decrypt)."""
    with sqlcipher.connection(source) as conn:
        conn.execute(f"ATTACH DATABASE '{target}' AS plain KEY ''")
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")


def test_the_file_its_backup_and_a_copy_show_no_personal_data(seeded: Path, tmp_path: Path) -> None:
    values = personal_data(seeded)
    assert readable(seeded, values) == []
    copy = sqlcipher.copy_database(seeded, tmp_path / "copy.db")
    assert readable(copy, values) == []
    # the pre-migration backup: a file one revision behind is backed up, then migrated
    db = open_database(copy)
    db.engine.dispose()
    backup = tmp_path / "copy.db.bak"
    with sqlcipher.connection(copy) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")  # pretend: older
        conn.commit()
    with pytest.raises(DatabaseProblem):
        open_database(copy)  # 0001 → head on a newer schema fails, and restores from .bak
    assert backup.exists() and readable(backup, values) == []


def test_a_plain_file_is_encrypted_in_place_with_the_same_rows(
    seeded: Path, tmp_path: Path
) -> None:
    values = personal_data(seeded)
    path = tmp_path / "old.db"
    make_plain(seeded, path)
    make_plain(seeded, tmp_path / "old.db.bak")  # an older version's backup, plain too
    assert readable(path, values[:5]) == [PLAIN, *values[:5]]  # what an attacker saw before
    database = open_database(path)
    database.engine.dispose()
    assert readable(path, values) == [] and readable(tmp_path / "old.db.bak", values) == []
    with sqlcipher.connection(path) as new, sqlcipher.connection(seeded) as old:
        for table in ("accounts", "contacts", "visits", "account_search"):
            count = f"SELECT count(*) FROM {table}"
            assert new.execute(count).fetchone() == old.execute(count).fetchone()
        assert new.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        found = new.execute("SELECT count(*) FROM account_search WHERE account_search MATCH 'a*'")
        assert found.fetchone()[0] > 0  # the full-text index came along
    assert not (tmp_path / ".old.db.encrypting").exists()


def test_a_failed_encryption_leaves_the_plain_file_as_it_was(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_plain(seeded, path)
    before = sha256(path)
    (tmp_path / ".old.db.encrypting").mkdir()  # the temporary file cannot be written
    with pytest.raises(DatabaseProblem, match=r"could not be encrypted.*left as it was"):
        open_database(path)
    assert sha256(path) == before and sqlcipher.is_plain(path)


@pytest.fixture
def spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    """The program's words in Spanish, whatever an earlier test chose."""
    monkeypatch.setattr(i18n, "_current", "es")


@pytest.mark.usefixtures("spanish")
def test_without_its_key_the_file_is_refused_in_words_and_unchanged(db_path: Path) -> None:
    open_database(db_path).engine.dispose()
    before = sha256(db_path)
    keys.delete_key(db_path)
    with pytest.raises(DatabaseProblem, match="su clave no está en el llavero de este equipo"):
        open_database(db_path)
    assert sha256(db_path) == before


@pytest.mark.usefixtures("spanish")
def test_a_file_copied_by_hand_says_its_key_stayed_on_the_other_computer(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_database(db_path).engine.dispose()
    copy = tmp_path / "copiado" / "crm.db"
    copy.parent.mkdir()
    copy.write_bytes(db_path.read_bytes())  # as the Explorer would: no key comes along
    before = sha256(copy)
    with pytest.raises(DatabaseProblem) as refused:
        open_database(copy)
    words = str(refused.value)
    assert str(copy) in words and "otro equipo" in words and keys.PASSPHRASE_ENV in words
    assert main(["migrate", "--db", str(copy)]) != 0  # the command line: words, no traceback
    err = capsys.readouterr().err
    assert "otro equipo" in err and "Traceback" not in err
    assert sha256(copy) == before and sorted(p.name for p in copy.parent.iterdir()) == ["crm.db"]


@pytest.mark.usefixtures("spanish")
def test_a_copied_file_made_with_a_passphrase_opens_with_it_where_there_is_a_keyring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    keyring.set_keyring(fail.Keyring())  # made on a computer with no keyring service
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "correcto caballo batería grapa")
    made = tmp_path / "hecho.db"
    open_database(made).engine.dispose()
    copy = tmp_path / "crm.db"
    copy.write_bytes(made.read_bytes())
    keyring.set_keyring(memory_keyring)  # copied to a computer with one
    before = sha256(copy)
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "otra")
    with pytest.raises(DatabaseProblem, match="la contraseña dada no lo abre"):
        open_database(copy)
    assert sha256(copy) == before
    keys.forget_cached(copy)
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "correcto caballo batería grapa")
    open_database(copy).engine.dispose()
    assert (keys.KEYRING_SERVICE, str(copy.resolve())) not in memory_keyring.secrets


def test_with_no_keyring_a_passphrase_encrypts_and_reopens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(fail.Keyring())  # a machine with no keyring service at all
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "correcto caballo batería grapa")
    path = tmp_path / "crm.db"
    open_database(path).engine.dispose()
    keys.forget_cached(path)  # a new start
    open_database(path).engine.dispose()
    # SQLCipher's own passphrase derivation gives the same key: the sqlcipher shell opens it
    with sqlcipher.dbapi.connect(str(path)) as conn:
        conn.execute("PRAGMA key = 'correcto caballo batería grapa'")
        conn.execute("PRAGMA cipher_hmac_algorithm = HMAC_SHA256")
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    keys.forget_cached(path)
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "otra")
    with pytest.raises(DatabaseProblem, match="cannot be opened"):
        open_database(path)
    keys.forget_cached(path)
    monkeypatch.delenv(keys.PASSPHRASE_ENV)  # and no terminal to ask on
    with pytest.raises(DatabaseProblem, match=keys.PASSPHRASE_ENV):
        open_database(path)


def test_each_database_has_its_own_random_key(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    for name in ("a.db", "b.db"):
        open_database(tmp_path / name).engine.dispose()
    stored = {
        u: p
        for (s, u), p in memory_keyring.secrets.items()
        if s == keys.KEYRING_SERVICE and Path(u).parent == tmp_path
    }
    assert set(stored) == {str(tmp_path / "a.db"), str(tmp_path / "b.db")}
    assert len(set(stored.values())) == 2 and all(len(v) == 64 for v in stored.values())
    assert all(v not in (tmp_path / "a.db").read_text("latin-1") for v in stored.values())


def test_erase_removes_the_files_and_the_key(db_path: Path, memory_keyring: MemoryKeyring) -> None:
    database = open_database(db_path)
    database.engine.dispose()
    sqlcipher.copy_database(db_path, db_path.with_name("crm.db.bak"))
    erased = erase_database(db_path)
    assert db_path in erased and db_path.with_name("crm.db.bak") in erased
    assert not db_path.exists() and not db_path.with_name("crm.db.bak").exists()
    assert (keys.KEYRING_SERVICE, str(db_path)) not in memory_keyring.secrets
