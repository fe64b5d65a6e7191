"""Operations: database work on a worker, results back on the GUI thread (Anki's CollectionOp).

Writes go through one single-thread pool, so SQLite sees one writer at a time; reads through
another. The work function gets its own Session, opened in the worker thread, and must return
plain data (frozen dataclasses, ids), never ORM instances or widgets.

At start the program holds the operations until the main window has painted (hold/release), so
the first page shows before the workers load SQLAlchemy and the models.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


@dataclass(frozen=True)
class ChangeSet:
    """What an operation changed: the tables and, where known, the row ids."""

    tables: frozenset[str] = frozenset()
    ids: frozenset[str] = field(default_factory=frozenset)

    def touches(self, *tables: str) -> bool:
        return bool(self.tables.intersection(tables))


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable, Generic[T]):
    def __init__(
        self, sessions: Callable[[], Session], work: Callable[[Session], T], write: bool
    ) -> None:
        super().__init__()
        self.sessions, self.work, self.write = sessions, work, write
        self.signals = _Signals()

    def run(self) -> None:
        try:
            with self.sessions() as session:
                if self.write:
                    with session.begin():
                        result = self.work(session)
                else:
                    result = self.work(session)
        except Exception as exc:  # handed to the GUI thread, which shows it
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class ReadOnlyFile(Exception):
    """A write asked of a file opened read-only; the message says why, in words."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            QCoreApplication.translate(
                "Operations", "This file can only be viewed (%1): changes cannot be saved."
            ).replace("%1", reason)
        )


class Operations(QObject):
    """Runs work off the GUI thread and announces what writes changed, app-wide."""

    changed = Signal(object)  # ChangeSet, after a write succeeded

    def __init__(self, sessions: Callable[[], Session], parent: QObject | None = None) -> None:
        """sessions makes a Session: a sessionmaker, or Database.new_session (made on first use)."""
        super().__init__(parent)
        self.sessions = sessions
        self._held: list[tuple[_Job[Any], QThreadPool]] | None = None
        self.writer = QThreadPool(self)
        self.writer.setMaxThreadCount(1)
        self.reader = QThreadPool(self)
        self.reader.setMaxThreadCount(2)
        self._running: set[_Job[Any]] = set()
        # Why the file can only be viewed (Database.read_only): every write is then refused in
        # these words instead of failing deep in SQLite.
        self.read_only: str | None = None

    def read(
        self,
        work: Callable[[Session], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        self._start(_Job(self.sessions, work, write=False), self.reader, on_success, on_failure)

    def write(
        self,
        work: Callable[[Session], T],
        changes: ChangeSet,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run work in one transaction; on success announce changes, then call on_success."""
        if self.read_only is not None:
            refusal = ReadOnlyFile(self.read_only)
            QTimer.singleShot(0, self, lambda: (on_failure or self._unhandled)(refusal))
            return

        def succeeded(result: T) -> None:
            self.changed.emit(changes)
            if on_success is not None:
                on_success(result)

        self._start(_Job(self.sessions, work, write=True), self.writer, succeeded, on_failure)

    def _start(
        self,
        job: _Job[Any],
        pool: QThreadPool,
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None] | None,
    ) -> None:
        self._running.add(job)
        job.setAutoDelete(False)

        def finish() -> None:
            self._running.discard(job)

        job.signals.succeeded.connect(on_success)
        job.signals.succeeded.connect(finish)
        job.signals.failed.connect(on_failure or self._unhandled)
        job.signals.failed.connect(finish)
        if self._held is not None:
            self._held.append((job, pool))
        else:
            pool.start(job)

    def hold(self) -> None:
        """Queue the operations started from now on until release() (the program's start)."""
        if self._held is None:
            self._held = []

    def release(self) -> None:
        """Start the held operations, in the order they were asked for; no longer hold."""
        held, self._held = self._held or [], None
        for job, pool in held:
            pool.start(job)

    def _unhandled(self, exc: Exception) -> None:
        print(getattr(exc, "__traceback_text__", repr(exc)))

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until queued work is done (used at exit and in tests)."""
        self.release()
        return self.writer.waitForDone(msecs) and self.reader.waitForDone(msecs)
