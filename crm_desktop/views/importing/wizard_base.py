"""What the import wizard's steps share: the page numbers, the change sets, the folders, and the
state every step reads (declared once here so each step's file can be checked on its own)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.ops import ChangeSet

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import (
        QButtonGroup,
        QCheckBox,
        QComboBox,
        QDialog,
        QLabel,
        QLineEdit,
        QProgressBar,
        QPushButton,
        QStackedWidget,
        QTableView,
        QTableWidget,
    )

    from crm_desktop.services.importing import batch
    from crm_desktop.services.importing.accounts_import import Preview
    from crm_desktop.services.importing.mapping import PresetStore
    from crm_desktop.services.importing.sources import Table
    from crm_desktop.views.importing.import_worker import ImportJob

    _Base = QDialog
else:
    _Base = object

CHANGES = ChangeSet(
    frozenset({
        "accounts", "contacts", "import_batches", "products", "price_lists", "price_list_items",
        "opportunities",
    })
)  # fmt: skip
JOURNALS = ChangeSet(frozenset({"import_batches"}))
FILE, READ, COLUMNS, PREVIEW, RUN, SUMMARY = range(6)


def imports_folder(ctx: AppContext) -> Path:
    """Presets, and the batches' journals in batches/, live beside the database file."""
    return ctx.database.path.parent / "imports"


def batches_folder(ctx: AppContext) -> Path:
    return imports_folder(ctx) / "batches"


def item(text: str) -> QTableWidgetItem:
    """A cell shown, not edited."""
    cell = QTableWidgetItem(text)
    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return cell


class WizardState(_Base):
    """The wizard as its steps see it (ImportWizard is the one class that has it all).

    Words with a count ("%n …") are made in ImportWizard itself: PySide's tr() finds a step's
    plain strings under the step's class up the MRO, but for a plural it takes the first
    class's untranslated answer ("2 new account(s)")."""

    if TYPE_CHECKING:
        file_opened: SignalInstance
        file_failed: SignalInstance
        imported: SignalInstance
        undone: SignalInstance
        recent_filled: SignalInstance
        ctx: AppContext
        presets: PresetStore
        table: Table | None
        header_row: int
        plan: Preview | None
        job: ImportJob | None
        journal: batch.Journal | None
        stack: QStackedWidget
        next: QPushButton
        back: QPushButton
        path_edit: QLineEdit
        file_error: QLabel
        recent: QComboBox
        undo_recent: QPushButton
        encoding: QComboBox
        sheet: QComboBox
        read_info: QLabel
        sample: QTableWidget
        preset: QComboBox
        columns: QTableWidget
        preview_counts: QLabel
        only_problems: QCheckBox
        preview_view: QTableView
        duplicates: QButtonGroup
        all_or_nothing: QCheckBox
        progress: QProgressBar
        cancel_button: QPushButton
        summary: QLabel
        undo_button: QPushButton
        kind: QComboBox
        intro: QLabel
        duplicates_label: QLabel

        def _show(self, page: int) -> None: ...
        def _update_buttons(self) -> None: ...
        def _fill_recent(self, *_args: object) -> None: ...
        def _undo_batch(self, batch_id: str) -> None: ...
        def _failed(self, error: Exception) -> None: ...
        def headers(self) -> list[str]: ...
        def what(self) -> str: ...
        def _kind_changed(self) -> None: ...
        def _recent_read(self, lines: list[batch.BatchLine]) -> None: ...
        def _counts_text(self, plan: Preview) -> str: ...
        def _summary_text(self, journal: batch.Journal) -> str: ...
        def mapping(self) -> dict[int, str]: ...
