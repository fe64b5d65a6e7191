"""No code reads the wall clock but crm_desktop/clock.py: "now" and "today" come from the Clock.

A line may read it on purpose (a UUIDv7's timestamp, a start-up figure for a benchmark) when it
says why with a `# wall clock:` comment.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crm_desktop", "crm_server")
ALLOWED_FILES = {Path("crm_desktop/clock.py")}
FORBIDDEN_CALLS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("QDate", "currentDate"),
    ("QDateTime", "currentDateTime"),
    ("QDateTime", "currentDateTimeUtc"),
    ("QDateTime", "currentMSecsSinceEpoch"),
    ("QDateTime", "currentSecsSinceEpoch"),
    ("QTime", "currentTime"),
}
SQL_NOW = re.compile(
    r"""\b(?:date|datetime|julianday|strftime)\s*\([^)]*'now'|CURRENT_(?:TIMESTAMP|DATE|TIME)\b|\bnow\(\)""",
    re.I,
)


def wall_clock_reads(source: str) -> list[tuple[int, str]]:
    """(line, what) for every read of the wall clock in a module's source."""
    lines = source.splitlines()
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        what = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
            root = owner
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id == "self":
                name = None  # a widget's own method (self.time.time() of a QTimeEdit)
            if (name, node.func.attr) in FORBIDDEN_CALLS:
                what = f"{name}.{node.func.attr}()"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = SQL_NOW.search(node.value)
            if match:
                what = f"SQL {match.group(0)!r}"
        if what and "# wall clock:" not in lines[node.lineno - 1]:
            found.append((node.lineno, what))
    return found


def test_only_the_clock_reads_the_wall_clock() -> None:
    offenders = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative in ALLOWED_FILES or "migrations" in relative.parts:
                continue
            for line, what in wall_clock_reads(path.read_text(encoding="utf-8")):
                offenders.append(f"{relative}:{line}: {what}")
    assert offenders == [], "read the injected Clock instead:\n" + "\n".join(offenders)


def test_the_rule_sees_each_kind_of_read() -> None:
    source = (
        "import time, datetime as dt\n"
        "from datetime import date, datetime\n"
        "a = datetime.now()\n"
        "b = date.today()\n"
        "c = time.time()\n"
        "d = dt.datetime.now()\n"
        "e = QDate.currentDate()\n"
        "f = \"SELECT * FROM t WHERE at < datetime('now')\"\n"
        "g = time.time()  # wall clock: a benchmark's start mark\n"
        "h = time.monotonic()\n"
        "i = self.time.time()\n"
    )
    assert [line for line, _ in wall_clock_reads(source)] == [3, 4, 5, 6, 7, 8]
