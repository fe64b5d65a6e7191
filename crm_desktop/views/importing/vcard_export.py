"""Export contacts as vCard 4.0 from the File menu: one .vcf, on a reader thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from crm_desktop.documents.vcard import cards, write_one_file
from crm_desktop.views.common.context import AppContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class VCardExport(QObject):
    """Writes the contacts (of one account, when given) and says how many, or why not."""

    exported = Signal(int)  # how many cards

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.window = ctx, parent

    def ask_and_export(self, account_id: str | None) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self.window, self.tr("Export contacts as vCard"), "contactos.vcf", "vCard (*.vcf)"
        )
        if path:
            self.export(Path(path), account_id)

    def export(self, path: Path, account_id: str | None) -> None:
        def work(session: Session) -> int:
            found = cards(session, account_id)
            write_one_file(path, found)
            return len(found)

        self.ctx.ops.read(work, self.exported.emit, self._failed)

    def _failed(self, error: Exception) -> None:
        QMessageBox.warning(
            self.window,
            self.tr("Export contacts as vCard"),
            self.tr("The file could not be written: {0}").format(error),
        )
