"""Import contacts from a .vcf: each card a line of a preview (the contact rules, people already
there skipped), then one batch with its journal and "Undo this import", as the wizard does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from crm_desktop.models import Account
from crm_desktop.services.importing import batch
from crm_desktop.services.importing.accounts_import import Options, Preview
from crm_desktop.services.importing.sources import ImportFileError
from crm_desktop.services.importing.vcards import preview_vcards, read_vcards
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.ops import ChangeSet

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CHANGES = ChangeSet(frozenset({"contacts", "import_batches"}))


@dataclass(frozen=True)
class Read:
    plan: Preview
    names: dict[str, str]  # account id -> legal name


class VCardImportDialog(QDialog):
    """The file's cards for the chosen account (or each card's ORG); Import; Undo."""

    imported = Signal(object)  # the Journal
    undone = Signal(object)
    previewed = Signal()

    def __init__(
        self, ctx: AppContext, path: Path, account: tuple[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.path = ctx, path
        self.read: Read | None = None
        self.journal: batch.Journal | None = None
        self.setWindowTitle(self.tr("Import contacts from vCard"))
        self.resize(980, 560)
        self.target = QComboBox()
        self.target.addItem(self.tr("The account named by each card's company (ORG)"), None)
        if account is not None:
            self.target.addItem(account[1], account[0])
            self.target.setCurrentIndex(1)
        self.target.currentIndexChanged.connect(self.load)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Contact"), self.tr("Account"), self.tr("What happens")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import the valid cards"))
        self.import_button.clicked.connect(self.run_import)
        self.undo_button = QPushButton(self.tr("Undo this import"))
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.hide()
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("File: {0}").format(path.name)))
        top.addStretch()
        top.addWidget(QLabel(self.tr("Contacts of:")))
        top.addWidget(self.target)
        buttons = QHBoxLayout()
        buttons.addWidget(self.counts, 1)
        for button in (self.undo_button, self.import_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.load()

    def load(self, *_args: object) -> None:
        account_id = self.target.currentData()
        path = self.path
        self.import_button.setEnabled(False)

        def work(session: Session) -> Read:
            plan = preview_vcards(session, read_vcards(path), account_id)
            ids = {r.existing_id for r in plan.rows if r.existing_id}
            rows = session.execute(
                select(Account.id, Account.legal_name).where(Account.id.in_(ids))
            )
            return Read(plan, dict(rows.tuples().all()))

        self.ctx.ops.read(work, while_alive(self, self._shown), while_alive(self, self._failed))

    def _shown(self, read: Read) -> None:
        self.read = read
        lang = self.ctx.language
        self.table.setRowCount(len(read.plan.rows))
        what = {"update": self.tr("Added"), "skip": self.tr("Already there: skipped")}
        for i, row in enumerate(read.plan.rows):
            contact = row.contact or {}
            name = f"{contact.get('first_name') or ''} {contact.get('last_name') or ''}".strip()
            text = (
                " ".join(row.problem_texts(lang)) if row.action == "invalid" else what[row.action]
            )
            cells = [str(row.line), name, read.names.get(row.existing_id or "", ""), text]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if row.action == "invalid":
                    item.setForeground(QBrush(QColor("#b3261e")))
                self.table.setItem(i, column, item)
        self.table.resizeColumnsToContents()
        adding = read.plan.count("update")
        self.counts.setText(
            " · ".join([
                self.tr("%n contact(s) to add", "", adding),
                self.tr("%n already there", "", read.plan.count("skip")),
                self.tr("%n card(s) with problems", "", len(read.plan.invalid)),
            ])
        )  # fmt: skip
        self.import_button.setEnabled(adding > 0 and self.journal is None)
        self.previewed.emit()

    def _failed(self, error: Exception) -> None:
        text = error.text(self.ctx.language) if isinstance(error, ImportFileError) else str(error)
        self.counts.setText(self.tr("Nothing was imported: {0}").format(text))
        self.import_button.setEnabled(False)

    def run_import(self) -> None:
        if self.read is None:
            return
        plan, source = self.read.plan, self.path.name
        self.import_button.setEnabled(False)

        def work(session: Session) -> batch.Journal:
            return batch.run(session, plan, Options(), source)

        self.ctx.ops.write(work, CHANGES, while_alive(self, self._imported),
                           while_alive(self, self._failed))  # fmt: skip

    def _imported(self, journal: batch.Journal) -> None:
        self.journal = journal
        added = len(journal.created["contacts"])
        self.counts.setText(self.tr("%n contact(s) added.", "", added))
        self.undo_button.setVisible(added > 0)
        self.imported.emit(journal)

    def undo(self) -> None:
        if self.journal is None:
            return
        batch_id = self.journal.batch_id
        self.undo_button.setEnabled(False)

        def work(session: Session) -> batch.Journal:
            return batch.undo(session, batch.Journal.load(session, batch_id))

        self.ctx.ops.write(work, CHANGES, while_alive(self, self._undone),
                           while_alive(self, self._failed))  # fmt: skip

    def _undone(self, journal: batch.Journal) -> None:
        self.counts.setText(self.tr("The import was undone."))
        self.undo_button.hide()
        self.undone.emit(journal)
