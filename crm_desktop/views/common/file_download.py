"""A file opened before its bytes came from the server: download it now, on a worker, with a
progress dialog that can stop it; what came is kept for the next try (issue 17)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from crm_desktop.services.attachments import attachments as A
from crm_desktop.sync.client import SyncError
from crm_desktop.sync.content import Cancelled, ContentError
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.network import NetworkRunner

_runner: NetworkRunner | None = None


def _downloads() -> NetworkRunner:
    """One pool for every window's downloads, owned by the application: a window closed in the
    middle of one does not wait for it (a pool of its own would, as it is destroyed)."""
    global _runner
    if _runner is None:
        _runner = NetworkRunner(QCoreApplication.instance())
    return _runner


class ContentDownload(QObject):
    """Downloads of one window's files, one at a time, never on the GUI thread."""

    progressed = Signal(int)  # bytes kept so far of the file downloading
    arrived = Signal(object, bytes)  # AttachmentInfo, its bytes (verified, in the store)
    problem = Signal(str)  # why the file cannot be opened now, in words

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.window = ctx, parent
        self.runner = _downloads()
        self.dialog: QProgressDialog | None = None
        self.stop = threading.Event()

    @property
    def busy(self) -> bool:
        return self.dialog is not None

    def start(self, info: A.AttachmentInfo) -> None:
        source = self.ctx.content_source
        content = source() if source is not None else None
        if content is None:
            self.problem.emit(self.tr(
                "This file has not arrived from the server yet, and this laptop is not "
                "connected to a server: sign in to sync to receive it."
            ))  # fmt: skip
            return
        if self.busy:
            return
        self.stop = threading.Event()
        stop, emit = self.stop, self.progressed.emit
        self.destroyed.connect(lambda *_: stop.set())  # its window closed: stop, keep the part
        self.dialog = self._progress_dialog(info)

        def work() -> bytes:
            return content.fetch(info.sha256, progress=emit, stop=stop.is_set)

        self.runner.run(work, while_alive(self, lambda data: self._done(info, data)),
                        while_alive(self, self._failed))  # fmt: skip

    def _progress_dialog(self, info: A.AttachmentInfo) -> QProgressDialog:
        text = self.tr("Downloading “%1” from the server…").replace("%1", info.name)
        dialog = QProgressDialog(text, self.tr("Stop"), 0, max(info.size, 1), self.window)
        dialog.setObjectName("attachment_download")
        dialog.setWindowTitle(self.tr("Attachments"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.stop.set)
        self.progressed.connect(dialog.setValue)
        dialog.setValue(0)
        return dialog

    def _close(self) -> None:
        if self.dialog is not None:
            self.progressed.disconnect(self.dialog.setValue)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _done(self, info: A.AttachmentInfo, data: bytes) -> None:
        self._close()
        self.arrived.emit(info, data)

    def _failed(self, error: Exception) -> None:
        self._close()
        self.problem.emit(self.words_for(error))

    def words_for(self, error: Exception) -> str:
        if isinstance(error, Cancelled):
            return self.tr("Download stopped. What came is kept: the next try goes on from there.")
        if isinstance(error, SyncError) and error.kind == "offline":
            return self.tr(
                "This file has not arrived from the server yet, and the server cannot be reached "
                "now (no network?). It opens once you are online: try again then."
            )
        if isinstance(error, SyncError) and error.kind == "login_needed":
            return self.tr("Sign in to the server (Sync now) to download this file.")
        if isinstance(error, ContentError) and error.kind == "403":
            return self.tr("The server does not let you read this file.")
        if isinstance(error, ContentError) and error.kind == "404":
            return self.tr(
                "The server does not have this file yet: the laptop that attached it has not "
                "sent it. It comes with a later sync."
            )
        if isinstance(error, ContentError) and error.kind == "damaged":
            return self.tr("The file that came does not match its hash and was discarded. "
                           "Try again.")  # fmt: skip
        return self.tr("The file could not be downloaded (%1).").replace("%1", str(error))
