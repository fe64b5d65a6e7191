"""The import wizard's last steps: the preview of every line with the choices, the import on the
writer thread with progress and cancel, and the summary with undo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services.importing import batch, records_import
from crm_desktop.services.importing.accounts_import import Options, Preview, preview
from crm_desktop.views.importing.import_worker import ImportJob
from crm_desktop.views.importing.preview_model import PreviewModel
from crm_desktop.views.importing.wizard_base import CHANGES, PREVIEW, RUN, SUMMARY, WizardState

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class RunSteps(WizardState):
    """Steps 4 to 6 of ImportWizard."""

    def _preview_page(self) -> QWidget:
        page = QWidget()
        self.preview_counts = QLabel()
        self.preview_counts.setObjectName("preview_counts")
        self.preview_counts.setWordWrap(True)
        self.only_problems = QCheckBox(self.tr("Only lines with problems"))
        self.preview_view = QTableView()
        self.preview_view.setObjectName("preview")
        self.preview_view.horizontalHeader().setStretchLastSection(True)
        self.only_problems.toggled.connect(self._filter_preview)
        duplicates = QHBoxLayout()
        self.duplicates_label = QLabel()  # its words follow what is imported (the file step)
        duplicates.addWidget(self.duplicates_label)
        self.duplicates = QButtonGroup(self)
        for choice, title in (
            ("update", self.tr("update it")),
            ("skip", self.tr("skip it")),
            ("create", self.tr("create another")),
        ):
            button = QRadioButton(title)
            button.setObjectName(f"duplicates_{choice}")
            button.setChecked(choice == "update")
            self.duplicates.addButton(button)
            button.toggled.connect(self._duplicates_toggled)
            duplicates.addWidget(button)
        duplicates.addStretch()
        self.all_or_nothing = QCheckBox(self.tr("Import nothing until every line is valid"))
        self.all_or_nothing.setObjectName("all_or_nothing")
        self.all_or_nothing.toggled.connect(lambda _on: self._update_buttons())
        layout = QVBoxLayout(page)
        layout.addLayout(duplicates)
        layout.addWidget(self.all_or_nothing)
        layout.addWidget(self.preview_counts)
        layout.addWidget(self.only_problems)
        layout.addWidget(self.preview_view)
        return page

    def _duplicates_toggled(self, on: bool) -> None:
        if on and self.stack.currentIndex() == PREVIEW:
            self._make_preview()  # what each line does depends on the choice

    def _run_page(self) -> QWidget:
        page = QWidget()
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.cancel_button = QPushButton(self.tr("Cancel the import"))
        self.cancel_button.setObjectName("cancel_import")
        self.cancel_button.clicked.connect(self._cancel)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Importing… nothing is saved until the end.")))
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch()
        return page

    def _summary_page(self) -> QWidget:
        page = QWidget()
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("Undo this import"))
        self.undo_button.setObjectName("undo_import")
        self.undo_button.clicked.connect(self._undo)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch()
        return page

    def options(self) -> Options:
        checked = self.duplicates.checkedButton()
        choice = checked.objectName().removeprefix("duplicates_") if checked else "update"
        return Options(duplicates=choice, all_or_nothing=self.all_or_nothing.isChecked())

    def _make_preview(self) -> None:
        """Every line checked on a reader thread (a big file takes seconds); Import waits."""
        if self.table is None:
            return
        rows, mapping = self.table.rows[self.header_row + 1 :], self.mapping()
        first_line, options, kind = self.header_row + 2, self.options(), self.what()
        self.plan = None
        self.next.setEnabled(False)
        self.preview_counts.setText(self.tr("Checking every line…"))

        def check(session: Session) -> Preview:
            if kind == "accounts":
                return preview(session, rows, mapping, options, first_line)
            return records_import.preview(session, kind, rows, mapping, options, first_line)

        self.ctx.ops.read(check, self._show_preview)

    def _show_preview(self, plan: Preview) -> None:
        self.plan = plan
        model = PreviewModel(plan, self.ctx.language, self.only_problems.isChecked())
        self.preview_view.setModel(model)
        self.preview_view.resizeColumnsToContents()
        self.preview_counts.setText(self._counts_text(plan))
        self._update_buttons()

    def _filter_preview(self, only: bool) -> None:
        model = self.preview_view.model()
        if isinstance(model, PreviewModel):
            model.set_only_problems(only)

    def _start_import(self) -> None:
        assert self.plan is not None
        self.job = ImportJob(
            self.ctx.database.sessions, self.plan, self.options(), Path(self.path_edit.text()).name
        )
        self.job.signals.progressed.connect(self._progressed)
        self.job.signals.finished.connect(self._finished)
        self.job.signals.cancelled.connect(self._cancelled)
        self.job.signals.failed.connect(self._failed)
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self._show(RUN)
        self.ctx.ops.writer.start(self.job)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)

    def _cancelled(self) -> None:
        self.summary.setText(self.tr("The import was cancelled; nothing was saved."))
        self.undo_button.hide()
        self._show(SUMMARY)

    def _failed(self, error: Exception) -> None:
        text = error.text(self.ctx.language) if hasattr(error, "text") else str(error)
        self.summary.setText(self.tr("The import failed; nothing was saved.") + "\n" + text)
        self.undo_button.hide()
        self._show(SUMMARY)

    def _finished(self, journal: batch.Journal) -> None:
        self.journal = journal
        self.ctx.ops.changed.emit(CHANGES)
        self.summary.setText(self._summary_text(journal))
        self.undo_button.setVisible(True)
        self.undo_button.setEnabled(True)
        self._fill_recent()
        self._show(SUMMARY)
        self.imported.emit(journal)

    def _undo(self) -> None:
        if self.journal is not None:
            self.undo_button.setEnabled(False)
            self._undo_batch(self.journal.batch_id)

    def _undo_batch(self, batch_id: str) -> None:
        """Undo one import by its journal in the database (read again there: it is the truth)."""

        def work(session: Session) -> batch.Journal:
            return batch.undo(session, batch.Journal.load(session, batch_id))

        def done(result: batch.Journal) -> None:
            self.summary.setText(self.tr("The import was undone."))
            self.undo_button.hide()
            self._fill_recent()
            self.undone.emit(result)

        self.ctx.ops.write(work, CHANGES, done, self._failed)
