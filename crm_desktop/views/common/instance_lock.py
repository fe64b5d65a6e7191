"""One program per database file: a lock file beside it (QLockFile), and a second copy that
says where the first one is instead of opening the same file twice (issue 11, item 16).

QLockFile writes the holder's process id, host and program name into `<db>.lock` and removes
a lock whose process has died, so a crash never leaves the file locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    program: str


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # only a dead holder makes it stale, never its age

    def acquire(self) -> Holder | None:
        """None once this process holds the lock; else who holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self._lock.tryLock(100):
            return None
        info = self._lock.getLockInfo()  # PySide6: (pid, host, program), or falsy parts
        if not isinstance(info, tuple) or len(info) != 3 or not info[0]:
            return Holder(0, "", "")
        pid, host, program = info
        return Holder(int(pid), str(host), str(program))

    def release(self) -> None:
        self._lock.unlock()


def already_open_text(db_path: Path, holder: Holder) -> str:
    """What the second copy says: which file, and where the first copy runs."""

    # The context written out at each call: pyside6-lupdate reads it there (through a helper it
    # filed these texts under no context, and the Spanish was never found).
    translate = QCoreApplication.translate
    where = (
        translate("InstanceLock", "in process %1 on this computer (%2)")
        .replace("%1", str(holder.pid)).replace("%2", holder.host)
        if holder.pid
        else translate("InstanceLock", "in another window")
    )  # fmt: skip
    return (
        translate("InstanceLock", "The program is already open on this database:")
        + f"\n{db_path}\n"
        + translate(
            "InstanceLock", "It is running %1. Use that window, or close it first."
        ).replace("%1", where)
    )
