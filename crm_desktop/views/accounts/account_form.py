"""AccountForm: the editable fields of an account, with each validation message under its field.

Used by the "New account" dialog and by the 360° view's details tab. The form knows nothing of
the database: values() gives the fields as the services expect them (enum codes, not labels),
show_errors() takes the services' ValidationError.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services.core.errors import ValidationError
from crm_desktop.views.common.labels import choices

ERROR_STYLE = "color: #c62828;"
FieldWidget = QLineEdit | QComboBox | QPlainTextEdit | QCheckBox | QWidget


class AccountForm(QWidget):
    """One widget per editable Account column; set_values/values/show_errors/clear_errors."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._widgets: dict[str, FieldWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._order: list[str] = []
        self.general_error = _error_label()
        self._build()

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.kind = self._combo(choices("kind"))
        self.roles = {code: QCheckBox(text) for code, text in choices("role")}
        self.legal_name, self.trade_name = QLineEdit(), QLineEdit()
        self.tax_id_kind = self._combo(choices("tax_id_kind"))
        self.tax_id = QLineEdit()
        self.tax_id.setPlaceholderText("900.123.456-8")
        self.economic_activity, self.employee_count = QLineEdit(), QLineEdit()
        self.economic_activity.setPlaceholderText("4651")
        self.economic_activity.setToolTip(
            self.tr(
                "The four-digit code of the activity in DANE's CIIU Rev. 4 A.C. "
                "classification (dane.gov.co); the program keeps the code."
            )
        )
        self.vision = QPlainTextEdit()
        self.vision.setFixedHeight(64)
        self.vision.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.legal_representative, self.address = QLineEdit(), QLineEdit()
        self.city, self.region = QLineEdit(), QLineEdit()
        self.phone, self.email, self.website = QLineEdit(), QLineEdit(), QLineEdit()
        self.lifecycle_phase = self._combo(choices("phase"))
        self.segment = self._combo([("", ""), *choices("segment")])
        self.owner = self._combo([("", self.tr("(nobody)"))])
        self.consent_data_processing = QCheckBox(self.tr("Consents to data processing"))
        self.consent_marketing = QCheckBox(self.tr("Consents to marketing"))
        left, right = QFormLayout(), QFormLayout()
        self._add_identity(left)
        self._add_contact(right)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addWidget(self.general_error)
        outer.addLayout(columns)
        outer.addStretch(1)

    def _add_identity(self, form: QFormLayout) -> None:
        self._row(form, "kind", self.tr("Kind"), self.kind)
        self._row(form, "roles", self.tr("Roles"), self._roles_box())
        self._row(form, "legal_name", self.tr("Legal name"), self.legal_name)
        self._row(form, "trade_name", self.tr("Trade name"), self.trade_name)
        self._row(form, "tax_id_kind", self.tr("Tax id kind"), self.tax_id_kind)
        self._row(form, "tax_id", self.tr("Tax id"), self.tax_id)
        self._row(
            form, "economic_activity", self.tr("Economic activity (CIIU)"), self.economic_activity
        )
        self._row(form, "employee_count", self.tr("Employees"), self.employee_count)
        self._row(
            form, "legal_representative", self.tr("Legal representative"), self.legal_representative
        )
        self._row(form, "vision", self.tr("Vision"), self.vision)

    def _add_contact(self, form: QFormLayout) -> None:
        self._row(form, "address", self.tr("Address"), self.address)
        self._row(form, "city", self.tr("City"), self.city)
        self._row(form, "region", self.tr("Region"), self.region)
        self._row(form, "phone", self.tr("Phone"), self.phone)
        self._row(form, "email", self.tr("E-mail"), self.email)
        self._row(form, "website", self.tr("Website"), self.website)
        self._row(form, "lifecycle_phase", self.tr("Life-cycle phase"), self.lifecycle_phase)
        self._row(form, "segment", self.tr("Segment"), self.segment)
        self._row(form, "owner_id", self.tr("Owner"), self.owner)
        self._row(form, "consent_data_processing", "", self.consent_data_processing)
        self._row(form, "consent_marketing", "", self.consent_marketing)

    def _roles_box(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        for number, check in enumerate(self.roles.values()):
            grid.addWidget(check, number // 2, number % 2)
        return box

    @staticmethod
    def _combo(items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        for code, text in items:
            combo.addItem(text, code)
        return combo

    def _row(self, form: QFormLayout, name: str, title: str, widget: FieldWidget) -> None:
        error = _error_label()
        cell = QWidget()
        stack = QVBoxLayout(cell)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        stack.addWidget(widget)
        stack.addWidget(error)
        form.addRow(title, cell)
        widget.setObjectName(f"field_{name}")
        error.setObjectName(f"error_{name}")
        self._widgets[name] = widget
        self._errors[name] = error
        self._order.append(name)

    # -- the API part B relies on ------------------------------------------------------------
    def set_owner_choices(self, owners: list[tuple[str, str]]) -> None:
        """(user id, full name) pairs for the owner combo; keeps the current choice."""
        current = self.owner.currentData()
        self.owner.clear()
        self.owner.addItem(self.tr("(nobody)"), "")
        for user_id, name in owners:
            self.owner.addItem(name, user_id)
        _select(self.owner, current)

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill the fields from an account's values (codes, plain Python values)."""
        for name, value in values.items():
            if name == "roles":
                codes = _codes(value)
                for code, check in self.roles.items():
                    check.setChecked(code in codes)
            elif name in self._widgets:
                _put(self._widgets[name], value)

    def values(self) -> dict[str, Any]:
        """The form's fields as the account services take them; blanks are None."""
        result: dict[str, Any] = {}
        for name in self._order:
            if name == "roles":
                result["roles"] = ",".join(
                    c for c, check in self.roles.items() if check.isChecked()
                )
            else:
                result[name] = _get(self._widgets[name])
        return result

    def show_errors(self, error: ValidationError) -> None:
        """Each problem in red under its field; the first bad field gets the focus."""
        self.clear_errors()
        by_field: dict[str, list[str]] = {}
        for problem in error.problems:
            by_field.setdefault(problem.field, []).append(problem.text())
        elsewhere: list[str] = []
        for name, messages in by_field.items():
            target = self._errors.get(_field_of(name))
            if target is None:
                elsewhere.extend(messages)
                continue
            target.setText("\n".join(messages))
            target.show()
        if elsewhere:
            self.general_error.setText("\n".join(elsewhere))
            self.general_error.show()
        bad = [n for n in self._order if n in {_field_of(f) for f in by_field}]
        if bad:
            self._focus(bad[0])

    def clear_errors(self) -> None:
        for label in [*self._errors.values(), self.general_error]:
            label.clear()
            label.hide()

    def error_text(self, name: str) -> str:
        """The message shown under a field ("" if none): what tests and screen readers read."""
        label = self._errors.get(name)
        return label.text() if label is not None and not label.isHidden() else ""

    def field(self, name: str) -> FieldWidget:
        return self._widgets[name]

    def _focus(self, name: str) -> None:
        widget = self._widgets[name]
        if name == "roles":
            widget = next(iter(self.roles.values()))
        widget.setFocus()


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _field_of(problem_field: str) -> str:
    """Problems on a consent's date belong to the consent's checkbox."""
    return (
        problem_field.removesuffix("_at") if problem_field.startswith("consent_") else problem_field
    )


def _codes(value: Any) -> set[str]:
    if isinstance(value, str):
        return {v.strip() for v in value.split(",") if v.strip()}
    return {str(v) for v in value or ()}


def _select(combo: QComboBox, code: Any) -> None:
    found = combo.findData(code if code is not None else "")
    if found < 0 and code:
        combo.addItem(str(code), code)  # a value this form does not know still round-trips
        found = combo.count() - 1
    combo.setCurrentIndex(max(found, 0))


def _put(widget: FieldWidget, value: Any) -> None:
    if isinstance(widget, QComboBox):
        _select(widget, value)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText("" if value is None else str(value))
    elif isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))


def _get(widget: FieldWidget) -> Any:
    if isinstance(widget, QComboBox):
        return widget.currentData() or None
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().strip() or None
    if isinstance(widget, QLineEdit):
        return widget.text().strip() or None
    return None
