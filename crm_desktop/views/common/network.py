"""Network work (a sync, a login, a calendar address) on its own single-thread pool, results
back on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _NetJob(QRunnable):
    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # handed to the GUI thread, which says it in words
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class NetworkRunner(QObject):
    """One network job at a time (a sync, a login), never on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._running: set[_NetJob] = set()

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        job = _NetJob(work)
        job.setAutoDelete(False)
        self._running.add(job)
        job.signals.succeeded.connect(on_success)
        job.signals.failed.connect(on_failure)
        job.signals.succeeded.connect(lambda _r: self._running.discard(job))
        job.signals.failed.connect(lambda _e: self._running.discard(job))
        self.pool.start(job)

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)
