"""Import wizard: file → how it is read → columns → preview → options → import → summary."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.i18n import gettext
from crm_desktop.services.core.formats import formats
from crm_desktop.services.importing import batch
from crm_desktop.services.importing.accounts_import import Options, Preview, preview
from crm_desktop.services.importing.mapping import (
    FIELDS,
    PresetStore,
    auto_mapping,
    find_header_row,
)
from crm_desktop.services.importing.sources import ENCODINGS, ImportFileError, Table, read_table
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.importing.import_worker import ImportJob
from crm_desktop.views.importing.preview_model import PreviewModel

CHANGES = ChangeSet(frozenset({"accounts", "contacts"}))
FILE, READ, COLUMNS, PREVIEW, RUN, SUMMARY = range(6)


def imports_folder(ctx: AppContext) -> Path:
    """Presets, and the batches' journals in batches/, live beside the database file."""
    return ctx.database.path.parent / "imports"


def batches_folder(ctx: AppContext) -> Path:
    return imports_folder(ctx) / "batches"


class ImportWizard(QDialog):
    file_opened = Signal()
    file_failed = Signal(str)  # the problem, in words
    imported = Signal(object)  # the Journal
    undone = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("Import accounts and contacts"))
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
            self.tr("Choose the file"),
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
        self._show(FILE)

    # pages ---------------------------------------------------------------------------------
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
        intro = QLabel(
            self.tr(
                "Choose a CSV or Excel (.xlsx) file with one account per line; lines with the "
                "same tax id add more contacts to that account."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
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

    def _fill_recent(self) -> None:
        """Imports not undone yet, newest first, so one can be undone after the wizard closed."""
        self.recent.clear()
        f = formats(self.ctx.language)
        for journal in batch.Journal.all(batches_folder(self.ctx)):
            if journal.undone_at is None:
                made = f.moment(datetime.fromisoformat(journal.made_at))
                counts = self.tr("%n account(s) created", "", len(journal.created["accounts"]))
                self.recent.addItem(f"{made} · {journal.source} · {counts}", journal.batch_id)
        self.undo_recent.setEnabled(self.recent.count() > 0)
        self.recent.setEnabled(self.recent.count() > 0)

    def _undo_recent(self) -> None:
        batch_id = self.recent.currentData()
        if batch_id:
            self.journal = batch.Journal.load(batches_folder(self.ctx), str(batch_id))
            self._undo()

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

    def _columns_page(self) -> QWidget:
        page = QWidget()
        self.preset = QComboBox()
        self.preset.setObjectName("preset")
        self.preset.activated.connect(lambda _i: self._apply_preset())
        save = QPushButton(self.tr("Save as preset…"))
        save.clicked.connect(self._save_preset)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Preset:")))
        top.addWidget(self.preset, 1)
        top.addWidget(save)
        self.columns = QTableWidget(0, 2)
        self.columns.setObjectName("columns")
        self.columns.setHorizontalHeaderLabels([self.tr("Column in the file"), self.tr("Field")])
        self.columns.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.columns)
        return page

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
        duplicates.addWidget(QLabel(self.tr("An account already here (same tax id or e-mail):")))
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
        self.header_row = find_header_row(table.rows)
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
                self.sample.setItem(r, c, _item(cell))

    # mapping -------------------------------------------------------------------------------
    def headers(self) -> list[str]:
        assert self.table is not None
        return self.table.rows[self.header_row]

    def _fill_columns(self, mapping: dict[int, str] | None = None) -> None:
        headers = self.headers()
        mapping = auto_mapping(headers) if mapping is None else mapping
        self.columns.setRowCount(len(headers))
        for row, header in enumerate(headers):
            self.columns.setItem(row, 0, _item(header))
            choice = QComboBox()
            choice.addItem(self.tr("(do not import)"), None)
            for name, (title, _aliases) in FIELDS.items():
                choice.addItem(gettext(title, self.ctx.language), name)
            choice.setCurrentIndex(max(0, choice.findData(mapping.get(row))))
            self.columns.setCellWidget(row, 1, choice)
        self.preset.clear()
        self.preset.addItem(self.tr("(automatic)"), None)
        for name in self.presets.names():
            self.preset.addItem(name, name)

    def mapping(self) -> dict[int, str]:
        found: dict[int, str] = {}
        for row in range(self.columns.rowCount()):
            widget = self.columns.cellWidget(row, 1)
            if isinstance(widget, QComboBox) and widget.currentData():
                found[row] = str(widget.currentData())
        return found

    def _apply_preset(self) -> None:
        name = self.preset.currentData()
        preset = self.presets.get(name) if name else None
        mapping = preset.apply(self.headers()) if preset else auto_mapping(self.headers())
        current = self.preset.currentIndex()
        self._fill_columns(mapping)
        self.preset.setCurrentIndex(current)

    def _save_preset(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save as preset"), self.tr("Name:"))
        if ok and name.strip():
            self.save_preset(name.strip())

    def save_preset(self, name: str) -> None:
        self.presets.save(name, self.headers(), self.mapping())
        self._fill_columns(self.mapping())
        self.preset.setCurrentIndex(self.preset.findData(name))

    # preview, import, undo -----------------------------------------------------------------
    def options(self) -> Options:
        checked = self.duplicates.checkedButton()
        choice = checked.objectName().removeprefix("duplicates_") if checked else "update"
        return Options(duplicates=choice, all_or_nothing=self.all_or_nothing.isChecked())

    def _make_preview(self) -> None:
        """Every line checked on a reader thread (a big file takes seconds); Import waits."""
        if self.table is None:
            return
        rows, mapping = self.table.rows[self.header_row + 1 :], self.mapping()
        first_line, options = self.header_row + 2, self.options()
        self.plan = None
        self.next.setEnabled(False)
        self.preview_counts.setText(self.tr("Checking every line…"))
        self.ctx.ops.read(
            lambda s: preview(s, rows, mapping, options, first_line), self._show_preview
        )

    def _show_preview(self, plan: Preview) -> None:
        self.plan = plan
        model = PreviewModel(plan, self.ctx.language, self.only_problems.isChecked())
        self.preview_view.setModel(model)
        self.preview_view.resizeColumnsToContents()
        self.preview_counts.setText(self._counts_text(plan))
        self._update_buttons()

    def _counts_text(self, plan: Preview) -> str:
        parts = [
            self.tr("%n new account(s)", "", plan.count("create")),
            self.tr("%n to update", "", plan.count("update")),
            self.tr("%n to skip", "", plan.count("skip")),
            self.tr("%n line(s) with problems", "", plan.count("invalid")),
            self.tr("%n possible duplicate(s) by name", "", plan.count_similar()),
        ]
        return " · ".join(parts)

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
        journal.save(batches_folder(self.ctx))
        self.journal = journal
        self.ctx.ops.changed.emit(CHANGES)
        self.summary.setText(self._summary_text(journal))
        self.undo_button.setVisible(True)
        self.undo_button.setEnabled(True)
        self._fill_recent()
        self._show(SUMMARY)
        self.imported.emit(journal)

    def _summary_text(self, journal: batch.Journal) -> str:
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

    def _undo(self) -> None:
        journal = self.journal
        if journal is None:
            return
        self.undo_button.setEnabled(False)

        def done(result: batch.Journal) -> None:
            result.save(batches_folder(self.ctx))
            self.summary.setText(self.tr("The import was undone."))
            self.undo_button.hide()
            self._fill_recent()
            self.undone.emit(result)

        self.ctx.ops.write(lambda s: batch.undo(s, journal), CHANGES, done, self._failed)


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item
