"""The import wizard's column step: which column of the file is which field, matched from the
headers or from a saved preset."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.i18n import gettext
from crm_desktop.services.importing.kinds import KIND_FIELDS
from crm_desktop.services.importing.mapping import auto_mapping
from crm_desktop.views.importing.wizard_base import WizardState, item


class ColumnSteps(WizardState):
    """Step 3 of ImportWizard."""

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

    def headers(self) -> list[str]:
        assert self.table is not None
        return self.table.rows[self.header_row]

    def _fill_columns(self, mapping: dict[int, str] | None = None) -> None:
        headers = self.headers()
        fields = KIND_FIELDS[self.what()]
        mapping = auto_mapping(headers, fields) if mapping is None else mapping
        self.columns.setRowCount(len(headers))
        for row, header in enumerate(headers):
            self.columns.setItem(row, 0, item(header))
            choice = QComboBox()
            choice.addItem(self.tr("(do not import)"), None)
            for name, (title, _aliases) in fields.items():
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
        fields = KIND_FIELDS[self.what()]
        if preset is None:
            mapping = auto_mapping(self.headers(), fields)
        else:  # a preset of another kind of file leaves out what this kind has not
            mapping = {i: f for i, f in preset.apply(self.headers()).items() if f in fields}
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
