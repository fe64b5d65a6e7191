"""The import batch on the single writer thread, with progress and cancel."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Signal

from crm_desktop.services.importing import batch
from crm_desktop.services.importing.accounts_import import Options, Preview

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class ImportSignals(QObject):
    progressed = Signal(int, int)  # rows done, rows in all
    finished = Signal(object)  # the batch's Journal
    cancelled = Signal()
    failed = Signal(object)  # the exception


class ImportJob(QRunnable):
    """Runs batch.run in one transaction; cancel() rolls it all back at the next chunk."""

    def __init__(
        self, sessions: Callable[[], Session], plan: Preview, options: Options, source: str
    ) -> None:
        super().__init__()
        self.sessions, self.plan, self.options, self.source = sessions, plan, options, source
        self.signals = ImportSignals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int) -> bool:
        self.signals.progressed.emit(done, total)
        return not self._cancel.is_set()

    def run(self) -> None:
        try:
            with self.sessions() as session, session.begin():
                journal = batch.run(session, self.plan, self.options, self.source, self._progress)
        except batch.ImportCancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # shown in words by the wizard
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(journal)
