"""The fast "already at the newest schema" check agrees with Alembic and never hides a migration."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from crm_desktop.database import open_database
from crm_desktop.models.database import make_engine
from crm_desktop.models.migrate import head_revision, upgrade
from crm_desktop.schema_version import (
    DatabaseProblem,
    already_newest,
    revision_heads,
    stored_revision,
)
from crm_desktop.secure import sqlcipher


def test_heads_read_from_the_files_are_alembics_heads() -> None:
    assert revision_heads() == head_revision()


def _revision_file(folder: Path, name: str, body: str) -> None:
    (folder / f"{name}.py").write_text(textwrap.dedent(body), encoding="utf-8")


def test_a_merge_revision_replaces_both_of_its_heads(tmp_path: Path) -> None:
    _revision_file(tmp_path, "base", 'revision = "base"\ndown_revision = None\n')
    _revision_file(tmp_path, "x1", 'revision: str = "x1"\ndown_revision: str | None = "base"\n')
    _revision_file(tmp_path, "y1", "revision = 'y1'\ndown_revision = 'base'  # branch\n")
    assert revision_heads(tmp_path) == "x1,y1"
    _revision_file(
        tmp_path,
        "m1",
        """\
        \"\"\"merge

        Revision ID: m1
        \"\"\"
        revision: str = "m1"
        down_revision: str | tuple[str, ...] | None = (
            "x1",
            "y1",
        )
        """,
    )
    assert revision_heads(tmp_path) == "m1"


def test_a_revision_file_it_cannot_read_sends_the_start_to_alembic(tmp_path: Path) -> None:
    _revision_file(tmp_path, "base", 'revision = "base"\ndown_revision = None\n')
    _revision_file(tmp_path, "odd", 'revision = make_id()\ndown_revision = "base"\n')
    assert revision_heads(tmp_path) is None
    (tmp_path / "odd.py").write_text('revision = "odd"\n', encoding="utf-8")  # no down_revision
    assert revision_heads(tmp_path) is None


def test_only_a_file_at_the_heads_skips_alembic(template_db: Path, tmp_path: Path) -> None:
    assert stored_revision(template_db) == head_revision()
    assert already_newest(template_db) is not None
    assert already_newest(tmp_path / "missing.db") is None
    old = tmp_path / "old.db"
    engine = make_engine(old)
    upgrade(engine, "0001")
    engine.dispose()
    assert stored_revision(old) == "0001" and already_newest(old) is None
    empty = tmp_path / "empty.db"
    sqlcipher.connect(empty).close()
    assert stored_revision(empty) is None and already_newest(empty) is None
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    assert already_newest(garbage) is None
    with pytest.raises(DatabaseProblem, match="not a CRM database"):
        open_database(garbage)


def test_opening_a_current_file_imports_neither_alembic_nor_sqlalchemy(db_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from crm_desktop.database import open_database\n"
        f"db = open_database(Path({str(db_path)!r}))\n"
        "print(db.migration.before == db.migration.after, "
        "sorted(m for m in ('alembic', 'sqlalchemy') if m in sys.modules))\n"
        "db.sessions().close(); print('sqlalchemy' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[:2] == ["True []", "True"]
