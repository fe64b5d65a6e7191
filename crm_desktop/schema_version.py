"""Is a database file at the newest schema? Answered without SQLAlchemy or Alembic (fast start).

Alembic costs a quarter of a second to import, and on almost every start there is nothing to
migrate. The newest schema (the heads) is read from the revision files themselves: each one's
`revision` and `down_revision`; the heads are the revisions that no other revision lists as its
down revision. The file's revision is read from alembic_version over the DB-API alone
(SQLCipher's, keyed: secure/sqlcipher.py). Whenever the answer is not plainly "the file is at
the heads" (a new file, an older schema, a revision file this reader does not understand, a
damaged file), the caller runs Alembic through crm_desktop.models.migrate, which backs up,
migrates and explains failures.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.secure import sqlcipher
from crm_desktop.secure.keys import KeyUnavailable

VERSIONS_DIR = Path(__file__).resolve().parent / "migrations" / "versions"
# `revision: str = "s1"`, `down_revision = ("a1", "q1")` (a merge), possibly over several lines.
_ASSIGNMENT = re.compile(
    r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(\([^)]*\)|\[[^\]]*\]|[^\n#]*)", re.MULTILINE
)


class DatabaseProblem(RuntimeError):
    """The database file cannot be used; the message says why in words."""


class MigrationFailed(DatabaseProblem):
    """The schema upgrade failed; the database file was restored from its copy."""

    def __init__(self, path: Path, backup: Path | None, cause: BaseException) -> None:
        self.path, self.backup, self.cause = path, backup, cause
        restored = f" It was restored from {backup}." if backup else ""
        super().__init__(f"Could not update the database {path}: {cause}.{restored}")


@dataclass(frozen=True)
class MigrationReport:
    before: str | None
    after: str
    backup: Path | None


def _revision_of(source: str) -> tuple[str, tuple[str, ...]] | None:
    """(revision, down revisions) declared by a revision file, or None if not plainly declared."""
    found: dict[str, object] = {}
    for name, expression in _ASSIGNMENT.findall(source):
        try:
            found.setdefault(name, ast.literal_eval(expression.strip()))
        except (ValueError, SyntaxError):
            return None
    revision, down = found.get("revision"), found.get("down_revision")
    if not isinstance(revision, str) or "down_revision" not in found:
        return None
    downs = (down,) if isinstance(down, str) else () if down is None else down
    if not isinstance(downs, tuple | list) or not all(isinstance(d, str) for d in downs):
        return None
    return revision, tuple(str(d) for d in downs)


def revision_heads(versions: Path = VERSIONS_DIR) -> str | None:
    """The heads, sorted and comma-joined as migrate.head_revision() gives them; None if unsure."""
    revisions: set[str] = set()
    replaced: set[str] = set()
    for file in versions.glob("*.py"):
        if file.name.startswith(("__", ".#")):
            continue
        declared = _revision_of(file.read_text(encoding="utf-8"))
        if declared is None:
            return None
        revisions.add(declared[0])
        replaced.update(declared[1])
    heads = revisions - replaced
    return ",".join(sorted(heads)) if heads else None


def stored_revision(path: Path) -> str | None:
    """The file's schema revision(s) from alembic_version, comma-joined; None if it has none.

    Raises sqlcipher.Error when the file is not an SQLite database or cannot be read (a damaged
    file whose revision text is not even UTF-8 included).
    """
    conn = sqlcipher.connect(path, mode="rw")  # never creates the file
    try:
        table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall() if table else []
    except UnicodeDecodeError as error:
        raise sqlcipher.DatabaseError(f"damaged schema record ({error.reason})") from error
    finally:
        conn.close()
    return ",".join(sorted(str(row[0]) for row in rows)) or None


def already_newest(path: Path) -> MigrationReport | None:
    """The report of a file that is already at the newest schema; None when Alembic must look."""
    if not path.is_file():
        return None
    head = revision_heads()
    if head is None:
        return None
    try:
        before = stored_revision(path)
    except (sqlcipher.Error, KeyUnavailable):
        return None  # Alembic's path says in words what is wrong with the file
    return MigrationReport(before, head, None) if before == head else None
