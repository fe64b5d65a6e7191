"""Attachments of an account or of one row under it: add (file dialog, drag and drop, a pasted
image), list with thumbnails, open, rename and delete. The 360° view's tab shows every file of
the account; a visit's or a quote's dialog shows that row's own (AttachmentsDialog)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMimeData,
    QObject,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QImage,
    QKeySequence,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.services.attachments import attachments as A
from crm_desktop.services.attachments import store
from crm_desktop.services.attachments.images import thumbnail_png
from crm_desktop.views.common import fmt
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.field_errors import failure_text
from crm_desktop.views.common.file_download import ContentDownload
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.common.pdf_preview import PreviewDialog

CHANGES = ChangeSet(tables=frozenset({"attachments"}))
ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Listed:
    info: A.AttachmentInfo
    thumbnail: bytes | None  # PNG; None: not an image, or its bytes have not arrived yet


def read_listed(
    session: Session, db: Path, account_id: str, parent: tuple[str, str] | None
) -> list[Listed]:
    found = []
    infos = (A.list_for(session, None, "", account_id=account_id) if parent is None
             else A.list_for(session, *parent))  # fmt: skip
    for info in infos:
        thumb = None
        if info.is_image and store.has_content(db, info.sha256):
            thumb = thumbnail_png(store.open_content(db, info.sha256))
        found.append(Listed(info, thumb))
    return found


def fetch_thumbnails(
    ctx: AppContext, ids: list[str], owner: QObject, show: Callable[[dict[str, QPixmap]], None]
) -> None:
    """Read these attachments' thumbnails off the GUI thread; show(id -> pixmap) when read,
    if owner is still there."""
    if ids:
        db = ctx.database.path
        # No nested def here: pyside6-lupdate then loses the classes below, and their texts land
        # in a nameless context no tr() finds (the dialog showed in English).
        ctx.ops.read(
            lambda s: A.thumbnails(s, db, ids),
            while_alive(owner, lambda found: show(_pixmaps(found))),
        )


def _pixmaps(found: dict[str, bytes]) -> dict[str, QPixmap]:
    return {k: QPixmap.fromImage(QImage.fromData(png)) for k, png in found.items()}


class ImageViewer(QDialog):
    """An attached image, fitted to a scrollable window."""

    def __init__(self, data: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 700)
        self.picture = QLabel()
        self.picture.setObjectName("attachment_image")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setPixmap(QPixmap.fromImage(QImage.fromData(data)))
        area = QScrollArea()
        area.setWidget(self.picture)
        area.setWidgetResizable(True)
        QVBoxLayout(self).addWidget(area)


class FilesTab(QWidget):
    listed = Signal()  # the list on screen is the database's
    opened = Signal(QWidget)  # the viewer or preview just shown

    def __init__(
        self,
        ctx: AppContext,
        account_id: str,
        parent: QWidget | None = None,
        row: tuple[str, str] | None = None,
    ) -> None:
        """row: (table, id) of the row whose own files are shown and added to; None: every
        file of the account, new ones on the account itself."""
        super().__init__(parent)
        self.ctx, self.account_id, self.row, self.loaded = ctx, account_id, row, False
        self.rows: dict[str, A.AttachmentInfo] = {}
        self.setAcceptDrops(True)
        self.download = ContentDownload(ctx, self)  # a file opened before it came
        self.download.arrived.connect(self._arrived)
        self.download.problem.connect(self.problem_said)
        self.list = QListWidget()
        self.list.setObjectName("attachments")
        self.list.setIconSize(QSize(64, 64))
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        buttons = QHBoxLayout()
        for text, slot in (
            (self.tr("Add file…"), self.choose_files),
            (self.tr("Paste image"), self.paste_image),
            (self.tr("Open"), self.open_selected),
            (self.tr("Rename…"), self.rename_selected),
            (self.tr("Delete"), self.delete_selected),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        hint = QLabel(self.tr("Drop files here, or paste a screenshot (Ctrl+V)."))
        paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self, self.paste_image)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addWidget(self.list, 1)

    @property
    def db(self) -> Path:
        return self.ctx.database.path

    # -- reading ----------------------------------------------------------------------------
    def reload(self) -> None:
        self.loaded = True
        db, aid, row = self.db, self.account_id, self.row
        self.ctx.ops.read(lambda s: read_listed(s, db, aid, row), while_alive(self, self._show))

    def _show(self, found: list[Listed]) -> None:
        self.list.clear()
        self.rows = {row.info.id: row.info for row in found}
        for row in found:
            info = row.info
            when = fmt.moment(info.created_at)
            text = f"{info.name}\n{info.created_by or '—'} · {when} · {_size(info.size)}"
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, info.id)
            if row.thumbnail is not None:
                item.setIcon(QIcon(QPixmap.fromImage(QImage.fromData(row.thumbnail))))
            self.list.addItem(item)
        self.listed.emit()

    def selected(self) -> A.AttachmentInfo | None:
        item = self.list.currentItem()
        return self.rows.get(str(item.data(ID_ROLE))) if item is not None else None

    # -- adding -----------------------------------------------------------------------------
    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        self.add_paths([Path(p) for p in paths])

    def add_paths(self, paths: list[Path]) -> None:
        if not paths:
            return
        db, parent, user, policy = self._adding()

        def work(s: Session) -> None:
            for path in paths:
                A.add_file(s, db, parent, path, user, policy)

        self.ctx.ops.write(work, CHANGES, self._added, self._refused)

    def add_data(self, data: bytes, name: str) -> None:
        db, parent, user, policy = self._adding()
        self.ctx.ops.write(lambda s: A.add_bytes(s, db, parent, data, name, user, policy),
                           CHANGES, self._added, self._refused)  # fmt: skip

    def _adding(self) -> tuple[Path, tuple[str, str], str | None, A.Policy]:
        self.problem.clear()
        parent = self.row or ("accounts", self.account_id)
        return self.db, parent, self.ctx.user_id, A.policy_of(self.ctx.settings)

    def paste_image(self) -> None:
        image = QApplication.clipboard().image()
        if image.isNull():
            self.problem.setText(self.tr("The clipboard holds no image."))
            return
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; str works
        stamp = self.ctx.clock.now().strftime("%Y-%m-%d %H.%M.%S")
        self.add_data(bytes(data.data()), self.tr("Screenshot %1.png").replace("%1", stamp))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event.mimeData())
        if files:
            self.add_paths(files)
            event.acceptProposedAction()

    def _added(self, _result: object) -> None:
        self.problem.clear()

    def _refused(self, exc: Exception) -> None:
        self.problem.setText(str(exc) if isinstance(exc, A.AttachmentRefused)
                             else failure_text(exc, self.ctx.language))  # fmt: skip

    # -- open, rename, delete ---------------------------------------------------------------
    def open_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        db = self.db
        self.ctx.ops.read(lambda _s: A.read(db, info),
                          while_alive(self, lambda data: self._open(info, data)),
                          while_alive(self, lambda exc: self._missing(info, exc)))  # fmt: skip

    def _missing(self, info: A.AttachmentInfo, exc: Exception) -> None:
        if isinstance(exc, store.ContentMissing):
            self.problem.clear()
            self.download.start(info)  # not here yet: from the server now, if it answers
        else:
            self._refused(exc)

    def problem_said(self, words: str) -> None:
        self.problem.setText(words)

    def _arrived(self, info: A.AttachmentInfo, data: bytes) -> None:
        self.ctx.ops.changed.emit(CHANGES)  # its thumbnail, here and in the timeline
        self._open(info, data)

    def _open(self, info: A.AttachmentInfo, data: bytes) -> None:
        dialog: QWidget | None = None
        if info.is_image:
            dialog = ImageViewer(data, info.name, self)
        elif info.is_pdf:
            dialog = PreviewDialog(data, info.name, self)
        if dialog is not None:
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.show()
            self.opened.emit(dialog)
            return
        # Another kind: the system's program needs a file; a private folder beside the
        # database (erased by a remote wipe) rather than the shared temporary folder.
        folder = Path(tempfile.mkdtemp(prefix="open-", dir=_opened_dir(self.db)))
        path = folder / info.name
        path.write_bytes(data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def rename_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename attachment"), self.tr("Name:"),
                                        text=info.name)  # fmt: skip
        if ok and name != info.name:
            self.ctx.ops.write(lambda s: A.rename(s, info.id, name), CHANGES,
                               self._added, self._refused)  # fmt: skip

    def delete_selected(self, confirm: bool = True) -> None:
        info = self.selected()
        if info is None:
            return
        if confirm:
            question = self.tr("Delete “%1”?").replace("%1", info.name)
            answer = QMessageBox.question(self, self.tr("Delete attachment"), question)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.ctx.ops.write(lambda s: A.delete(s, info.id), CHANGES, self._added, self._refused)


class AttachmentsDialog(QDialog):
    """The files of one account (row None: every file under it) or of one visit, quote or other
    row, in a dialog; `selected`: the attachment to select once listed."""

    def __init__(self, ctx: AppContext, account_id: str, row: tuple[str, str] | None,
                 parent: QWidget | None = None, selected: str | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(self.tr("Attachments"))
        self.resize(680, 460)
        self.selected = selected
        self.files = FilesTab(ctx, account_id, self, row)
        self.files.listed.connect(self._select)
        QVBoxLayout(self).addWidget(self.files)
        ctx.ops.changed.connect(self._changed)
        self.files.reload()

    def _select(self) -> None:
        for number in range(self.files.list.count()):
            if self.files.list.item(number).data(ID_ROLE) == self.selected:
                self.files.list.setCurrentRow(number)
        self.selected = None

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches("attachments", "users") or "*" in changes.tables:
            self.files.reload()


def local_files(mime: QMimeData) -> list[Path]:
    """The files (not folders) a drag brings from this computer."""
    paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    return [p for p in paths if p.is_file()]


def attachments_button(
    buttons: QDialogButtonBox, text: str, tooltip: str, clicked: Callable[[], None]
) -> QPushButton:
    """The "Attachments…" button of a record's dialog (a visit, a contact, an opportunity)."""
    button = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
    button.setToolTip(tooltip)
    button.clicked.connect(clicked)
    return button


def _opened_dir(db: Path) -> Path:
    """The folder for a file handed to the system's program; files handed earlier are removed
    first (one still open elsewhere on Windows stays until the next time), so at most about
    one decrypted file lies on disk, and a remote wipe erases the folder."""
    folder = db.parent / "opened-files"
    folder.mkdir(mode=0o700, exist_ok=True)
    for earlier in folder.glob("open-*"):
        shutil.rmtree(earlier, ignore_errors=True)
    return folder


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{fmt.number(max(1, round(size / 1024)))} KB"
    return f"{fmt.number(Decimal(size) / Decimal(1024 * 1024), 1)} MB"
