"""Import wizard: file → how it is read → columns → preview → options → import → summary.

Each step lives in its own module (wizard_file, wizard_columns, wizard_run); this class puts
them together with the navigation between them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services.core.formats import formats
from crm_desktop.services.importing import batch
from crm_desktop.services.importing.accounts_import import Preview
from crm_desktop.services.importing.mapping import PresetStore
from crm_desktop.services.importing.sources import Table
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.importing.import_worker import ImportJob
from crm_desktop.views.importing.wizard_base import (
    CHANGES,
    COLUMNS,
    FILE,
    JOURNALS,
    PREVIEW,
    READ,
    RUN,
    SUMMARY,
    batches_folder,
    imports_folder,
)
from crm_desktop.views.importing.wizard_columns import ColumnSteps
from crm_desktop.views.importing.wizard_file import FileSteps
from crm_desktop.views.importing.wizard_run import RunSteps

__all__ = [
    "CHANGES", "COLUMNS", "FILE", "JOURNALS", "PREVIEW", "READ", "RUN", "SUMMARY",
    "ImportWizard", "batches_folder", "imports_folder",
]  # fmt: skip


class ImportWizard(FileSteps, ColumnSteps, RunSteps, QDialog):
    file_opened = Signal()
    file_failed = Signal(str)  # the problem, in words
    imported = Signal(object)  # the Journal
    undone = Signal(object)
    recent_filled = Signal()  # the list of imports that can be undone is read

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("Import from a spreadsheet"))
        self.resize(1100, 640)
        self.presets = PresetStore(imports_folder(ctx) / "presets.json")
        self.table: Table | None = None
        self.header_row = 0
        self.plan: Preview | None = None
        self.job: ImportJob | None = None
        self.journal: batch.Journal | None = None
        self.stack = QStackedWidget()
        for build in (self._file_page, self._read_page, self._columns_page):
            self.stack.addWidget(build())
        for build in (self._preview_page, self._run_page, self._summary_page):
            self.stack.addWidget(build())
        self.back = QPushButton(self.tr("Back"))
        self.next = QPushButton(self.tr("Next"))
        self.next.setObjectName("next")
        self.close_button = QPushButton(self.tr("Close"))
        self.back.clicked.connect(self._go_back)
        self.next.clicked.connect(self._go_next)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        for button in (self.back, self.next, self.close_button):
            buttons.addWidget(button)
        self.step = QLabel()
        self.step.setObjectName("step")
        self.step.setStyleSheet("font-size: 15px; font-weight: bold; color: #1f4e79")
        self.step_titles = [
            self.tr("What to import, and the file"),
            self.tr("How the file is read"),
            self.tr("Which column is which field"),
            self.tr("Check every line, then choose"),
            self.tr("Importing"),
            self.tr("Finished"),
        ]
        layout = QVBoxLayout(self)
        layout.addWidget(self.step)
        layout.addWidget(self.stack)
        layout.addLayout(buttons)
        self._kind_changed()
        self._show(FILE)

    # navigation ----------------------------------------------------------------------------
    def _show(self, page: int) -> None:
        self.stack.setCurrentIndex(page)
        title = self.tr("Step {0} of {1}: {2}")
        self.step.setText(title.format(page + 1, len(self.step_titles), self.step_titles[page]))
        self._update_buttons()

    def _update_buttons(self) -> None:
        page = self.stack.currentIndex()
        self.back.setEnabled(page in (READ, COLUMNS, PREVIEW))
        self.next.setVisible(page <= PREVIEW)
        self.next.setText(self.tr("Import") if page == PREVIEW else self.tr("Next"))
        blocked = self.plan is None or (
            not [r for r in self.plan.rows if r.action != "invalid"]
            or (self.all_or_nothing.isChecked() and bool(self.plan.invalid))
        )
        self.next.setEnabled(not (page == PREVIEW and blocked))
        self.close_button.setEnabled(page != RUN)

    def _go_back(self) -> None:
        self._show(max(FILE, self.stack.currentIndex() - 1))

    def _go_next(self) -> None:
        page = self.stack.currentIndex()
        if page == FILE:
            self.open_file(Path(self.path_edit.text().strip()))
        elif page == READ:
            self._fill_columns()
            self._show(COLUMNS)
        elif page == COLUMNS:
            self._make_preview()
            self._show(PREVIEW)
        elif page == PREVIEW:
            self._start_import()

    # words with a count: here, in ImportWizard's own context (see WizardState)
    def _counts_text(self, plan: Preview) -> str:
        if plan.kind == "accounts":
            new = self.tr("%n new account(s)", "", plan.count("create"))
        else:
            new = self.tr("%n new record(s)", "", plan.count("create"))
        parts = [
            new,
            self.tr("%n to update", "", plan.count("update")),
            self.tr("%n to skip", "", plan.count("skip")),
            self.tr("%n line(s) with problems", "", plan.count("invalid")),
        ]
        if plan.kind == "accounts":
            parts.append(self.tr("%n possible duplicate(s) by name", "", plan.count_similar()))
        return " · ".join(parts)

    def _summary_text(self, journal: batch.Journal) -> str:
        if journal.kind != "accounts":
            created = sum(len(ids) for ids in journal.created.values())
            updated = sum(len(rows) for rows in journal.updated_rows.values())
            return "\n".join(
                [
                    self.tr("%n record(s) created", "", created),
                    self.tr("%n record(s) updated", "", updated),
                    self.tr("%n line(s) skipped", "", journal.skipped),
                    self.tr("%n line(s) with problems not imported", "", journal.invalid),
                ]
            )
        return "\n".join(
            [
                self.tr("%n account(s) created", "", len(journal.created["accounts"])),
                self.tr("%n account(s) updated", "", len(journal.updated)),
                self.tr("%n contact(s) created", "", len(journal.created["contacts"])),
                self.tr("%n contact(s) already there", "", journal.contacts_already_there),
                self.tr("%n line(s) skipped", "", journal.skipped),
                self.tr("%n line(s) with problems not imported", "", journal.invalid),
            ]
        )

    def _recent_read(self, lines: list[batch.BatchLine]) -> None:
        self.recent.clear()
        f = formats(self.ctx.language)
        for line in lines:
            made = f.moment(datetime.fromisoformat(line.made_at))
            if line.kind == "accounts":
                counts = self.tr("%n account(s) created", "", line.accounts_created)
            else:
                counts = self.tr("%n record(s) created", "", line.accounts_created)
            self.recent.addItem(f"{made} · {line.source} · {counts}", line.batch_id)
        self.undo_recent.setEnabled(self.recent.count() > 0)
        self.recent.setEnabled(self.recent.count() > 0)
        self.recent_filled.emit()
