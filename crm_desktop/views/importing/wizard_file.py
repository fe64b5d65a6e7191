"""The import wizard's first steps: choosing the file (and undoing an earlier import), and how
the file is read (its encoding, its sheet, where its header is)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.i18n import gettext
from crm_desktop.services.importing import batch
from crm_desktop.services.importing.kinds import CATALOG_KINDS, KIND_FIELDS, KIND_TITLES, KINDS
from crm_desktop.services.importing.mapping import find_header_row
from crm_desktop.services.importing.sources import ENCODINGS, ImportFileError, Table, read_table
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.importing.wizard_base import (
    FILE,
    JOURNALS,
    READ,
    WizardState,
    batches_folder,
    item,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class FileSteps(WizardState):
    """Steps 1 and 2 of ImportWizard."""

    def _file_page(self) -> QWidget:
        page = QWidget()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("path")
        browse = QPushButton(self.tr("Choose a file…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit)
        row.addWidget(browse)
        self.file_error = QLabel()
        self.file_error.setObjectName("file_error")
        self.file_error.setStyleSheet("color: #b3261e")
        self.file_error.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addLayout(self._kind_row())
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.file_error)
        layout.addSpacing(24)
        self.recent = QComboBox()
        self.recent.setObjectName("recent_imports")
        self.undo_recent = QPushButton(self.tr("Undo this import"))
        self.undo_recent.setObjectName("undo_recent")
        self.undo_recent.clicked.connect(self._undo_recent)
        recent = QHBoxLayout()
        recent.addWidget(QLabel(self.tr("Earlier imports:")))
        recent.addWidget(self.recent, 1)
        recent.addWidget(self.undo_recent)
        layout.addLayout(recent)
        layout.addStretch()
        self._fill_recent()
        return page

    def _kind_row(self) -> QHBoxLayout:
        """What the file holds: accounts with contacts, products, price lists, opportunities
        (the catalog only for a manager: the server refuses a rep's catalog changes)."""
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in KINDS:
            self.kind.addItem(gettext(KIND_TITLES[kind], self.ctx.language), kind)
            if kind in CATALOG_KINDS and self.ctx.user_id is not None:
                entry = self.kind.model().index(self.kind.count() - 1, 0)
                self.kind.model().setData(entry, 0, Qt.ItemDataRole.UserRole - 1)  # disabled
                self.kind.setItemData(
                    self.kind.count() - 1,
                    self.tr("Only a manager changes the catalog."),
                    Qt.ItemDataRole.ToolTipRole,
                )
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("What to import:")))
        row.addWidget(self.kind, 1)
        return row

    def what(self) -> str:
        return str(self.kind.currentData() or "accounts")

    def _kind_changed(self) -> None:
        intros = {
            "accounts": self.tr(
                "Choose a CSV or Excel (.xlsx) file with one account per line; lines with the "
                "same tax id add more contacts to that account."
            ),
            "products": self.tr(
                "Choose a CSV or Excel (.xlsx) file with one product per line; a product is "
                "known by its code."
            ),
            "price_lists": self.tr(
                "Choose a CSV or Excel (.xlsx) file with one price per line: the list's name, "
                "the product's code and its price; a list not here yet is created."
            ),
            "opportunities": self.tr(
                "Choose a CSV or Excel (.xlsx) file with one opportunity per line; its account "
                "is found by its NIT or its name."
            ),
        }
        duplicates = {
            "accounts": self.tr("An account already here (same tax id or e-mail):"),
            "products": self.tr("A product already here (same code):"),
            "price_lists": self.tr("A price already here (same list and product):"),
            "opportunities": self.tr("An opportunity already here (same account and name):"),
        }
        self.intro.setText(intros[self.what()])
        self.duplicates_label.setText(duplicates[self.what()])

    def _fill_recent(self, *_args: object) -> None:
        """Imports not undone yet, newest first, so one can be undone after the wizard closed
        (journals an older version left as JSON files are taken into the database first)."""
        folder = batches_folder(self.ctx)

        def work(session: Session) -> list[batch.BatchLine]:
            batch.read_json_journals(session, folder)
            return batch.undoable(session)

        self.ctx.ops.write(work, JOURNALS, while_alive(self, self._recent_read))

    def _undo_recent(self) -> None:
        batch_id = self.recent.currentData()
        if batch_id:
            self.undo_recent.setEnabled(False)
            self._undo_batch(str(batch_id))

    def _read_page(self) -> QWidget:
        page = QWidget()
        self.encoding = QComboBox()
        self.encoding.setObjectName("encoding")
        for encoding in ENCODINGS:
            self.encoding.addItem(encoding, encoding)
        self.sheet = QComboBox()
        self.sheet.setObjectName("sheet")
        self.read_info = QLabel()
        self.read_info.setWordWrap(True)
        self.sample = QTableWidget()
        form = QFormLayout()
        form.addRow(self.tr("Encoding:"), self.encoding)
        form.addRow(self.tr("Sheet:"), self.sheet)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.read_info)
        layout.addWidget(self.sample)
        self.encoding.activated.connect(lambda _i: self._reread())
        self.sheet.activated.connect(lambda _i: self._reread())
        return page

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file"), "", self.tr("Spreadsheets (*.csv *.txt *.xlsx)")
        )
        if path:
            self.path_edit.setText(path)
            self.open_file(Path(path))

    # reading -------------------------------------------------------------------------------
    def open_file(self, path: Path, encoding: str | None = None, sheet: str | None = None) -> None:
        """Read the file on a reader thread (a big workbook takes seconds); file_read follows."""
        self.next.setEnabled(False)
        self.file_error.setText(self.tr("Reading the file…"))
        self.file_error.setStyleSheet("")
        self.ctx.ops.read(
            lambda _session: read_table(path, encoding=encoding, sheet=sheet),
            lambda table: self._file_read(path, table),
            self._file_failed,
        )

    def _file_failed(self, error: Exception) -> None:
        text = error.text(self.ctx.language) if isinstance(error, ImportFileError) else str(error)
        self.file_error.setStyleSheet("color: #b3261e")
        self.file_error.setText(text)
        if self.stack.currentIndex() == READ:  # another encoding or sheet did not read
            self.read_info.setText(text)
            self._update_buttons()
            self.next.setEnabled(False)
        else:
            self._show(FILE)
        self.file_failed.emit(text)

    def _file_read(self, path: Path, table: Table) -> None:
        self.file_error.clear()
        self.path_edit.setText(str(path))
        self.table = table
        self.header_row = find_header_row(table.rows, fields=KIND_FIELDS[self.what()])
        self._fill_read_page()
        self._show(READ)
        self.file_opened.emit()

    def _reread(self) -> None:
        encoding = self.encoding.currentData() if self.table and self.table.encoding else None
        sheet = self.sheet.currentText() if self.table and self.table.sheets else None
        self.open_file(Path(self.path_edit.text()), encoding, sheet)

    def _fill_read_page(self) -> None:
        assert self.table is not None
        table = self.table
        self.encoding.setEnabled(table.encoding is not None)
        self.encoding.setCurrentIndex(max(0, self.encoding.findData(table.encoding)))
        self.sheet.clear()
        self.sheet.addItems(list(table.sheets))
        self.sheet.setCurrentText(table.sheet or "")
        self.sheet.setEnabled(bool(table.sheets))
        if table.encoding is not None:
            info = self.tr("Read as {0}, columns separated by “{1}”; the header is line {2}.")
            info = info.format(table.encoding, table.delimiter or "", self.header_row + 1)
        else:
            info = self.tr("Sheet “{0}”; the header is line {1}.")
            info = info.format(table.sheet or "", self.header_row + 1)
        self.read_info.setText(info)
        sample = table.rows[self.header_row : self.header_row + 8]
        width = max(len(r) for r in sample)
        self.sample.setRowCount(len(sample))
        self.sample.setColumnCount(width)
        for r, row in enumerate(sample):
            for c, cell in enumerate(row):
                self.sample.setItem(r, c, item(cell))
